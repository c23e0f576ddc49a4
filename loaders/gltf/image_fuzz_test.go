package gltf

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"strings"
	"testing"
)

// FuzzImageHeader decodes texture bytes as the loader does: the header
// first, then (only within maxTextureSide) the pixels. It must never panic
// nor allocate for an image it refuses; a refused header is fast.
func FuzzImageHeader(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := decodeImageData(data, maxTextureSide)
		if err != nil {
			if img != nil {
				t.Fatal("an image with an error")
			}
			return
		}
		b := img.Bounds()
		if b.Dx() <= 0 || b.Dy() <= 0 || b.Dx() > maxTextureSide || b.Dy() > maxTextureSide {
			t.Fatalf("decoded %v", b)
		}
	})
}

// TestImageHeaderRefusedEarly: a PNG whose header declares 100000×100000
// pixels (40 GB of pixels) is refused from its 33-byte header.
func TestImageHeaderRefusedEarly(t *testing.T) {
	ihdr := []byte("IHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x06\x00\x00\x00")
	data := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d"), ihdr...)
	data = binary.BigEndian.AppendUint32(data, crc32.ChecksumIEEE(ihdr))
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != 100000 {
		t.Fatalf("%+v, %v", cfg, err)
	}
	_, err = decodeImageData(data, maxTextureSide)
	if err == nil || !strings.Contains(err.Error(), "100000×100000 pixels is larger than 8192×8192") {
		t.Fatalf("err %v", err)
	}
}

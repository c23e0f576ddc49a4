package gltf

import (
	"encoding/binary"
	"fmt"
)

// GLB container constants (glTF 2.0 spec, "Binary glTF Layout").
const (
	glbMagic     = 0x46546C67 // "glTF"
	glbChunkJSON = 0x4E4F534A // "JSON"
	glbChunkBIN  = 0x004E4942 // "BIN\0"
	glbHeaderLen = 12
)

// IsGLB reports whether data starts with the GLB magic.
func IsGLB(data []byte) bool {
	return len(data) >= 4 && binary.LittleEndian.Uint32(data) == glbMagic
}

// checkGLBHeader checks a GLB's 12-byte header against the size of the
// whole file, before the rest is read.
func checkGLBHeader(head []byte, size int64) error {
	if binary.LittleEndian.Uint32(head) != glbMagic {
		return fmt.Errorf("not a GLB file (bad magic %q)", head[:4])
	}
	if v := binary.LittleEndian.Uint32(head[4:]); v != 2 {
		return fmt.Errorf("GLB version %d, only version 2 is supported", v)
	}
	if total := binary.LittleEndian.Uint32(head[8:]); int64(total) != size {
		return fmt.Errorf("GLB header length %d does not match the file size %d", total, size)
	}
	return nil
}

// splitGLB validates a GLB container and returns its JSON chunk and its BIN
// chunk (nil when absent). The returned slices alias data.
func splitGLB(data []byte) (jsonChunk, bin []byte, err error) {
	if len(data) < glbHeaderLen {
		return nil, nil, fmt.Errorf("GLB header truncated: %d bytes, need 12", len(data))
	}
	if err := checkGLBHeader(data[:glbHeaderLen], int64(len(data))); err != nil {
		return nil, nil, err
	}
	off := glbHeaderLen
	for n := 0; off < len(data); n++ {
		if len(data)-off < 8 {
			return nil, nil, fmt.Errorf("GLB chunk %d: header truncated at byte %d", n, off)
		}
		clen := binary.LittleEndian.Uint32(data[off:])
		ctype := binary.LittleEndian.Uint32(data[off+4:])
		off += 8
		if clen%4 != 0 {
			return nil, nil, fmt.Errorf("GLB chunk %d: length %d is not a multiple of 4 (chunks must be padded to 4 bytes)", n, clen)
		}
		if uint64(clen) > uint64(len(data)-off) {
			return nil, nil, fmt.Errorf("GLB chunk %d: length %d runs past the end of the file (%d bytes left)", n, clen, len(data)-off)
		}
		body := data[off : off+int(clen)]
		off += int(clen)
		switch {
		case n == 0 && ctype != glbChunkJSON:
			return nil, nil, fmt.Errorf("GLB first chunk has type 0x%08x, want JSON", ctype)
		case n == 0:
			jsonChunk = body
		case ctype == glbChunkBIN && n == 1:
			bin = body
		case ctype == glbChunkBIN:
			return nil, nil, fmt.Errorf("GLB chunk %d: BIN chunk must directly follow the JSON chunk", n)
		case ctype == glbChunkJSON:
			return nil, nil, fmt.Errorf("GLB chunk %d: second JSON chunk", n)
		default:
			// Unknown chunks after JSON are skipped, as the spec says.
		}
	}
	if jsonChunk == nil {
		return nil, nil, fmt.Errorf("GLB has no JSON chunk")
	}
	return jsonChunk, bin, nil
}

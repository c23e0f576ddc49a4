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

// splitGLB validates a GLB container and returns its JSON chunk and its BIN
// chunk (nil when absent). The returned slices alias data.
func splitGLB(data []byte) (jsonChunk, bin []byte, err error) {
	if len(data) < glbHeaderLen {
		return nil, nil, fmt.Errorf("GLB header truncated: %d bytes, need 12", len(data))
	}
	if binary.LittleEndian.Uint32(data) != glbMagic {
		return nil, nil, fmt.Errorf("not a GLB file (bad magic %q)", data[:4])
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != 2 {
		return nil, nil, fmt.Errorf("GLB version %d, only version 2 is supported", v)
	}
	total := binary.LittleEndian.Uint32(data[8:])
	if uint64(total) != uint64(len(data)) {
		return nil, nil, fmt.Errorf("GLB header length %d does not match the file size %d", total, len(data))
	}
	off := glbHeaderLen
	for n := 0; off < len(data); n++ {
		if len(data)-off < 8 {
			return nil, nil, fmt.Errorf("GLB chunk %d: header truncated at byte %d", n, off)
		}
		clen := binary.LittleEndian.Uint32(data[off:])
		ctype := binary.LittleEndian.Uint32(data[off+4:])
		off += 8
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

package tiles3d

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
)

// b3dm is a parsed Batched 3D Model tile.
type b3dm struct {
	glb       []byte
	rtc       *[3]float64
	batchLen  int
	batchRows []map[string]any // one per BATCH_ID, nil when no batch table
}

// parseB3DM reads a b3dm: the 28-byte header (or the two legacy layouts),
// the feature table (BATCH_LENGTH, RTC_CENTER) and the batch table (JSON
// arrays and binary SCALAR/VECn columns), and returns the embedded GLB.
func parseB3DM(data []byte) (*b3dm, error) {
	if len(data) < 20 || string(data[:4]) != "b3dm" {
		return nil, fmt.Errorf("not a b3dm (bad magic)")
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != 1 {
		return nil, fmt.Errorf("b3dm version %d, want 1", v)
	}
	total := int64(binary.LittleEndian.Uint32(data[8:]))
	if total > int64(len(data)) {
		return nil, fmt.Errorf("b3dm header says %d bytes, file has %d", total, len(data))
	}
	data = data[:total]
	var hdr, ftj, ftb, btj, btb int64
	var legacyBatchLen int64 = -1
	switch {
	case len(data) >= 24 && string(data[20:24]) == "glTF": // legacy: batchLength, batchTableByteLength
		hdr, legacyBatchLen, btj = 20, int64(binary.LittleEndian.Uint32(data[12:])), int64(binary.LittleEndian.Uint32(data[16:]))
	case len(data) >= 28 && string(data[24:28]) == "glTF" && len(data) >= 24 && binary.LittleEndian.Uint32(data[12:]) >= 570425344:
		hdr, legacyBatchLen = 24, int64(binary.LittleEndian.Uint32(data[20:]))
		btj, btb = int64(binary.LittleEndian.Uint32(data[12:])), int64(binary.LittleEndian.Uint32(data[16:]))
	default:
		if len(data) < 28 {
			return nil, fmt.Errorf("b3dm header truncated")
		}
		hdr = 28
		ftj = int64(binary.LittleEndian.Uint32(data[12:]))
		ftb = int64(binary.LittleEndian.Uint32(data[16:]))
		btj = int64(binary.LittleEndian.Uint32(data[20:]))
		btb = int64(binary.LittleEndian.Uint32(data[24:]))
	}
	if hdr+ftj+ftb+btj+btb > int64(len(data)) {
		return nil, fmt.Errorf("b3dm table lengths (%d+%d+%d+%d) overrun the file (%d bytes)", ftj, ftb, btj, btb, len(data))
	}
	off := hdr
	ftJSON, ftBin := data[off:off+ftj], data[off+ftj:off+ftj+ftb]
	off += ftj + ftb
	btJSON, btBin := data[off:off+btj], data[off+btj:off+btj+btb]
	off += btj + btb
	out := &b3dm{glb: data[off:]}
	if legacyBatchLen >= 0 {
		out.batchLen = int(min(legacyBatchLen, 1e8+1))
	}
	if len(trimJSON(ftJSON)) > 0 {
		var ft map[string]json.RawMessage
		if err := json.Unmarshal(trimJSON(ftJSON), &ft); err != nil {
			return nil, fmt.Errorf("b3dm feature table JSON: %w", err)
		}
		if raw, ok := ft["BATCH_LENGTH"]; ok {
			var n float64
			if err := json.Unmarshal(raw, &n); err != nil || n < 0 || n > 1e8 {
				return nil, fmt.Errorf("b3dm BATCH_LENGTH %s invalid", raw)
			}
			out.batchLen = int(n)
		}
		if raw, ok := ft["RTC_CENTER"]; ok {
			c, err := readVec3(raw, ftBin)
			if err != nil {
				return nil, fmt.Errorf("b3dm RTC_CENTER: %w", err)
			}
			out.rtc = &c
		}
	}
	// Every batch id is held by at least one vertex (a byte of _BATCHID at
	// the least), so a batch length beyond the glTF's bytes is a lie that
	// would cost a feature each.
	if out.batchLen > len(out.glb) || out.batchLen > 1e8 {
		return nil, fmt.Errorf("b3dm BATCH_LENGTH %d is more than its %d bytes of glTF can hold", out.batchLen, len(out.glb))
	}
	if len(trimJSON(btJSON)) > 0 && out.batchLen > 0 {
		rows, err := batchTable(trimJSON(btJSON), btBin, out.batchLen)
		if err != nil {
			return nil, fmt.Errorf("b3dm batch table: %w", err)
		}
		out.batchRows = rows
	}
	return out, nil
}

// trimJSON drops the space padding of a JSON chunk.
func trimJSON(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == 0) {
		b = b[:len(b)-1]
	}
	return b
}

// readVec3 reads a feature-table value: a JSON array of three numbers, or a
// {byteOffset} reference to three floats in the binary body.
func readVec3(raw json.RawMessage, bin []byte) ([3]float64, error) {
	var arr []float64
	if json.Unmarshal(raw, &arr) == nil {
		if len(arr) != 3 {
			return [3]float64{}, fmt.Errorf("%d values, want 3", len(arr))
		}
		return [3]float64{arr[0], arr[1], arr[2]}, nil
	}
	var ref struct {
		ByteOffset int `json:"byteOffset"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		return [3]float64{}, err
	}
	if ref.ByteOffset < 0 || ref.ByteOffset+12 > len(bin) {
		return [3]float64{}, fmt.Errorf("byteOffset %d outside the binary body", ref.ByteOffset)
	}
	var c [3]float64
	for i := range c {
		c[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(bin[ref.ByteOffset+4*i:])))
	}
	return c, nil
}

// batchTable turns a batch table into one property map per batch id, for
// at most n batch ids. The rows returned are only those the table's columns
// fill (fewer than n when its arrays are shorter), so a huge n from the
// file costs nothing unless the table holds that much data.
func batchTable(js, bin []byte, n int) ([]map[string]any, error) {
	var cols map[string]json.RawMessage
	if err := json.Unmarshal(js, &cols); err != nil {
		return nil, err
	}
	var rows []map[string]any
	grow := func(k int) {
		for len(rows) < k {
			rows = append(rows, map[string]any{})
		}
	}
	for name, raw := range cols {
		if name == "extensions" || name == "extras" {
			continue
		}
		var arr []any
		if json.Unmarshal(raw, &arr) == nil {
			grow(min(n, len(arr)))
			for i := 0; i < n && i < len(arr); i++ {
				rows[i][name] = arr[i]
			}
			continue
		}
		var ref struct {
			ByteOffset    int    `json:"byteOffset"`
			ComponentType string `json:"componentType"`
			Type          string `json:"type"`
		}
		if json.Unmarshal(raw, &ref) != nil {
			continue
		}
		size := map[string]int{"BYTE": 1, "UNSIGNED_BYTE": 1, "SHORT": 2, "UNSIGNED_SHORT": 2, "INT": 4, "UNSIGNED_INT": 4, "FLOAT": 4, "DOUBLE": 8}[ref.ComponentType]
		comps := map[string]int{"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}[ref.Type]
		if size == 0 || comps == 0 || ref.ByteOffset < 0 || int64(ref.ByteOffset)+int64(size*comps)*int64(n) > int64(len(bin)) {
			return nil, fmt.Errorf("column %q: binary reference out of range or of unknown type", name)
		}
		grow(n)
		for i := 0; i < n; i++ {
			vals := make([]any, comps)
			for c := 0; c < comps; c++ {
				vals[c] = readComponent(bin[ref.ByteOffset+(i*comps+c)*size:], ref.ComponentType)
			}
			if comps == 1 {
				rows[i][name] = vals[0]
			} else {
				rows[i][name] = vals
			}
		}
	}
	return rows, nil
}

func readComponent(b []byte, ct string) float64 {
	switch ct {
	case "BYTE":
		return float64(int8(b[0]))
	case "UNSIGNED_BYTE":
		return float64(b[0])
	case "SHORT":
		return float64(int16(binary.LittleEndian.Uint16(b)))
	case "UNSIGNED_SHORT":
		return float64(binary.LittleEndian.Uint16(b))
	case "INT":
		return float64(int32(binary.LittleEndian.Uint32(b)))
	case "UNSIGNED_INT":
		return float64(binary.LittleEndian.Uint32(b))
	case "FLOAT":
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	case "DOUBLE":
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	}
	return 0
}

// splitCMPT returns the inner tiles of a composite tile.
func splitCMPT(data []byte) ([][]byte, error) {
	if len(data) < 16 || string(data[:4]) != "cmpt" {
		return nil, fmt.Errorf("not a cmpt (bad magic)")
	}
	total := int64(binary.LittleEndian.Uint32(data[8:]))
	if total > int64(len(data)) {
		return nil, fmt.Errorf("cmpt header says %d bytes, file has %d", total, len(data))
	}
	n := binary.LittleEndian.Uint32(data[12:])
	var out [][]byte
	off := int64(16)
	for i := uint32(0); i < n; i++ {
		if off+12 > total {
			return nil, fmt.Errorf("cmpt inner tile %d: header truncated", i)
		}
		l := int64(binary.LittleEndian.Uint32(data[off+8:]))
		if l < 12 || off+l > total {
			return nil, fmt.Errorf("cmpt inner tile %d: length %d overruns the file", i, l)
		}
		out = append(out, data[off:off+l])
		off += l
	}
	return out, nil
}

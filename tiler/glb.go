package tiler

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
)

// tileMesh is the geometry of one tile in glTF axes (x east, y up,
// z south), metres from the tile's centre.
type tileMesh struct {
	pos     []float32 // 3 per vertex
	color   []uint8   // RGBA per vertex
	feature []float32 // the vertex's row in the property table
	indices []uint32
	centre  [3]float64 // glTF axes: the node's translation
}

// glbWriter assembles the binary chunk and the JSON of one glb.
type glbWriter struct {
	bin         bytes.Buffer
	bufferViews []map[string]any
	accessors   []map[string]any
}

// view appends data as a buffer view (4-byte aligned) and returns its
// index.
func (w *glbWriter) view(data []byte, target int) int {
	if len(data) == 0 {
		data = []byte{0} // glTF wants byteLength ≥ 1
	}
	for w.bin.Len()%8 != 0 {
		w.bin.WriteByte(0)
	}
	bv := map[string]any{"buffer": 0, "byteOffset": w.bin.Len(), "byteLength": len(data)}
	if target != 0 {
		bv["target"] = target
	}
	w.bin.Write(data)
	w.bufferViews = append(w.bufferViews, bv)
	return len(w.bufferViews) - 1
}

// accessor appends an accessor over a new buffer view of data.
func (w *glbWriter) accessor(data []byte, target, componentType, count int, typ string, extra map[string]any) int {
	a := map[string]any{"bufferView": w.view(data, target), "componentType": componentType, "count": count, "type": typ}
	for k, v := range extra {
		a[k] = v
	}
	w.accessors = append(w.accessors, a)
	return len(w.accessors) - 1
}

// glTF component types and buffer view targets.
const (
	compUByte  = 5121
	compUInt   = 5125
	compFloat  = 5126
	targetAttr = 34962
	targetIdx  = 34963
)

// encodeGLB writes m and its property table t as a glb.
func encodeGLB(m *tileMesh, t *propertyTable) ([]byte, error) {
	var w glbWriter
	n := len(m.pos) / 3
	lo := [3]float32{math.MaxFloat32, math.MaxFloat32, math.MaxFloat32}
	hi := [3]float32{-math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
	for i := 0; i < n; i++ {
		for k := 0; k < 3; k++ {
			lo[k] = min(lo[k], m.pos[3*i+k])
			hi[k] = max(hi[k], m.pos[3*i+k])
		}
	}
	pos := w.accessor(f32Bytes(m.pos), targetAttr, compFloat, n, "VEC3", map[string]any{"min": lo[:], "max": hi[:]})
	col := w.accessor(m.color, targetAttr, compUByte, n, "VEC4", map[string]any{"normalized": true})
	fid := w.accessor(f32Bytes(m.feature), targetAttr, compFloat, n, "SCALAR", nil)
	idx := w.accessor(u32Bytes(m.indices), targetIdx, compUInt, len(m.indices), "SCALAR", nil)
	meta := t.encode(&w)
	doc := map[string]any{
		"asset":          map[string]any{"version": "2.0", "generator": "citytwin tile"},
		"extensionsUsed": []string{"EXT_mesh_features", "EXT_structural_metadata"},
		"scene":          0,
		"scenes":         []any{map[string]any{"nodes": []int{0}}},
		"nodes":          []any{map[string]any{"mesh": 0, "translation": m.centre[:]}},
		"materials": []any{map[string]any{
			"pbrMetallicRoughness": map[string]any{"baseColorFactor": []float64{1, 1, 1, 1}, "metallicFactor": 0, "roughnessFactor": 1},
		}},
		"meshes": []any{map[string]any{"primitives": []any{map[string]any{
			"attributes": map[string]int{"POSITION": pos, "COLOR_0": col, "_FEATURE_ID_0": fid},
			"indices":    idx,
			"material":   0,
			"mode":       4,
			"extensions": map[string]any{"EXT_mesh_features": map[string]any{
				"featureIds": []any{map[string]any{"featureCount": t.count, "attribute": 0, "propertyTable": 0}},
			}},
		}}}},
		"extensions":  map[string]any{"EXT_structural_metadata": meta},
		"accessors":   w.accessors,
		"bufferViews": w.bufferViews,
	}
	for w.bin.Len()%4 != 0 {
		w.bin.WriteByte(0)
	}
	doc["buffers"] = []any{map[string]any{"byteLength": w.bin.Len()}}
	js, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	for len(js)%4 != 0 {
		js = append(js, ' ')
	}
	out := make([]byte, 0, 12+8+len(js)+8+w.bin.Len())
	out = binary.LittleEndian.AppendUint32(out, 0x46546C67) // "glTF"
	out = binary.LittleEndian.AppendUint32(out, 2)
	out = binary.LittleEndian.AppendUint32(out, uint32(12+8+len(js)+8+w.bin.Len()))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(js)))
	out = binary.LittleEndian.AppendUint32(out, 0x4E4F534A) // "JSON"
	out = append(out, js...)
	out = binary.LittleEndian.AppendUint32(out, uint32(w.bin.Len()))
	out = binary.LittleEndian.AppendUint32(out, 0x004E4942) // "BIN\0"
	out = append(out, w.bin.Bytes()...)
	return out, nil
}

func f32Bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

func u32Bytes(v []uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, u := range v {
		binary.LittleEndian.PutUint32(b[4*i:], u)
	}
	return b
}

package gltf

import (
	"encoding/binary"
	"fmt"
	"math"

	qgltf "github.com/qmuntal/gltf"
)

// view is a validated, strided window on buffer data for one accessor.
type view struct {
	data     []byte
	stride   int // bytes between elements
	comp     qgltf.ComponentType
	compSize int
	comps    int
	count    int
	norm     bool
}

func componentSize(c qgltf.ComponentType) int {
	switch c {
	case qgltf.ComponentByte, qgltf.ComponentUbyte:
		return 1
	case qgltf.ComponentShort, qgltf.ComponentUshort:
		return 2
	case qgltf.ComponentUint, qgltf.ComponentFloat:
		return 4
	}
	return 0
}

func typeComponents(t qgltf.AccessorType) int {
	switch t {
	case qgltf.AccessorScalar:
		return 1
	case qgltf.AccessorVec2:
		return 2
	case qgltf.AccessorVec3:
		return 3
	case qgltf.AccessorVec4, qgltf.AccessorMat2:
		return 4
	case qgltf.AccessorMat3:
		return 9
	case qgltf.AccessorMat4:
		return 16
	}
	return 0
}

// bufferViewData returns the validated bytes of buffer view i.
func (m *Model) bufferViewData(i int) ([]byte, *qgltf.BufferView, error) {
	if i < 0 || i >= len(m.Doc.BufferViews) {
		return nil, nil, fmt.Errorf("bufferView %d does not exist", i)
	}
	bv := m.Doc.BufferViews[i]
	b := m.Doc.Buffers[bv.Buffer]
	end := bv.ByteOffset + bv.ByteLength
	if b.Data == nil || end > len(b.Data) {
		return nil, nil, fmt.Errorf("bufferView %d: buffer %d has no data for bytes %d..%d", i, bv.Buffer, bv.ByteOffset, end)
	}
	return b.Data[bv.ByteOffset:end], bv, nil
}

// makeView validates that count elements of the given layout fit into
// buffer view bvi at byte offset off.
func (m *Model) makeView(bvi, off int, comp qgltf.ComponentType, comps, count int, norm bool) (view, error) {
	cs := componentSize(comp)
	if cs == 0 || comps == 0 {
		return view{}, fmt.Errorf("unknown component or accessor type")
	}
	data, bv, err := m.bufferViewData(bvi)
	if err != nil {
		return view{}, err
	}
	elem := cs * comps
	stride := elem
	if bv.ByteStride != 0 {
		if bv.ByteStride < elem {
			return view{}, fmt.Errorf("bufferView %d: byteStride %d smaller than the element (%d bytes)", bvi, bv.ByteStride, elem)
		}
		stride = bv.ByteStride
	}
	if off < 0 || count < 0 {
		return view{}, fmt.Errorf("negative byteOffset or count")
	}
	if count > 0 {
		need := int64(off) + int64(stride)*int64(count-1) + int64(elem)
		if need > int64(len(data)) {
			return view{}, fmt.Errorf("%d elements from byte %d need %d bytes, bufferView %d has %d", count, off, need, bvi, len(data))
		}
	}
	return view{data: data[min(off, len(data)):], stride: stride, comp: comp, compSize: cs, comps: comps, count: count, norm: norm}, nil
}

// get returns component j of element i as float64, normalized if the view
// says so.
func (v *view) get(i, j int) float64 {
	p := v.data[i*v.stride+j*v.compSize:]
	switch v.comp {
	case qgltf.ComponentFloat:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(p)))
	case qgltf.ComponentByte:
		x := float64(int8(p[0]))
		if v.norm {
			return math.Max(x/127, -1)
		}
		return x
	case qgltf.ComponentUbyte:
		x := float64(p[0])
		if v.norm {
			return x / 255
		}
		return x
	case qgltf.ComponentShort:
		x := float64(int16(binary.LittleEndian.Uint16(p)))
		if v.norm {
			return math.Max(x/32767, -1)
		}
		return x
	case qgltf.ComponentUshort:
		x := float64(binary.LittleEndian.Uint16(p))
		if v.norm {
			return x / 65535
		}
		return x
	case qgltf.ComponentUint:
		x := float64(binary.LittleEndian.Uint32(p))
		if v.norm {
			return x / 4294967295
		}
		return x
	}
	return 0
}

// getUint returns component 0 of element i as an unsigned integer.
func (v *view) getUint(i int) uint32 {
	p := v.data[i*v.stride:]
	switch v.comp {
	case qgltf.ComponentUbyte:
		return uint32(p[0])
	case qgltf.ComponentUshort:
		return uint32(binary.LittleEndian.Uint16(p))
	case qgltf.ComponentUint:
		return binary.LittleEndian.Uint32(p)
	}
	return math.MaxUint32
}

// floats is an accessor's elements as float components: either decoded
// into f64 (comps per element) or, for plain float32 accessors, read
// straight from the buffer bytes (element i at data[i*stride:]). comps is
// 0 for an absent attribute.
type floats struct {
	f64    []float64
	data   []byte
	stride int
	comps  int
	n      int // elements
}

// at returns component j of element i.
func (f *floats) at(i, j int) float64 {
	if f.data != nil {
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(f.data[i*f.stride+4*j:])))
	}
	return f.f64[i*f.comps+j]
}

// slice returns elements lo..hi-1 of f (an absent f stays absent).
func (f *floats) slice(lo, hi int) floats {
	g := *f
	if f.comps == 0 {
		return g
	}
	if f.data != nil {
		g.data = f.data[lo*f.stride:]
	} else {
		g.f64 = f.f64[lo*f.comps : hi*f.comps]
	}
	g.n = hi - lo
	return g
}

// readFloats reads accessor ai into dst (reused when large enough) as
// float64 components, comps per element, applying normalization and sparse
// substitution. It never panics on malformed input.
func (m *Model) readFloats(ai int, dst []float64) ([]float64, int, error) {
	f, err := m.accessorFloats(ai, dst, false)
	return f.f64, f.comps, err
}

// accessorFloats reads accessor ai as readFloats does; with direct, a
// float32 accessor without sparse substitution is not copied but read from
// its (validated) buffer bytes.
func (m *Model) accessorFloats(ai int, dst []float64, direct bool) (floats, error) {
	fail := floats{}
	if ai < 0 || ai >= len(m.Doc.Accessors) {
		return fail, fmt.Errorf("accessor %d does not exist", ai)
	}
	a := m.Doc.Accessors[ai]
	comps := typeComponents(a.Type)
	if comps == 0 || componentSize(a.ComponentType) == 0 {
		return fail, fmt.Errorf("accessor %d: unknown type", ai)
	}
	if a.Count < 0 {
		return fail, fmt.Errorf("accessor %d: negative count", ai)
	}
	if a.BufferView == nil && a.Count > maxElements/comps {
		return fail, fmt.Errorf("accessor %d: count %d without a bufferView", ai, a.Count)
	}
	var v view
	if a.BufferView != nil {
		var err error
		if v, err = m.makeView(*a.BufferView, a.ByteOffset, a.ComponentType, comps, a.Count, a.Normalized); err != nil {
			return fail, fmt.Errorf("accessor %d: %w", ai, err)
		}
		if direct && a.Sparse == nil && v.comp == qgltf.ComponentFloat {
			return floats{data: v.data, stride: v.stride, comps: comps, n: v.count}, nil
		}
	}
	n := a.Count * comps
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	if a.BufferView != nil && v.comp == qgltf.ComponentFloat {
		// Fast path: float components, the common case.
		k := 0
		for i := 0; i < a.Count; i++ {
			p := v.data[i*v.stride : i*v.stride+4*comps]
			for j := 0; j < comps; j++ {
				dst[k] = float64(math.Float32frombits(binary.LittleEndian.Uint32(p[4*j:])))
				k++
			}
		}
	} else if a.BufferView != nil {
		k := 0
		for i := 0; i < a.Count; i++ {
			for j := 0; j < comps; j++ {
				dst[k] = v.get(i, j)
				k++
			}
		}
	} else {
		clear(dst)
	}
	if s := a.Sparse; s != nil {
		if s.Count < 0 || s.Count > a.Count {
			return fail, fmt.Errorf("accessor %d: sparse count %d outside 0..%d", ai, s.Count, a.Count)
		}
		iv, err := m.makeView(s.Indices.BufferView, s.Indices.ByteOffset, s.Indices.ComponentType, 1, s.Count, false)
		if err != nil {
			return fail, fmt.Errorf("accessor %d: sparse indices: %w", ai, err)
		}
		if s.Indices.ComponentType != qgltf.ComponentUbyte && s.Indices.ComponentType != qgltf.ComponentUshort && s.Indices.ComponentType != qgltf.ComponentUint {
			return fail, fmt.Errorf("accessor %d: sparse indices must be unsigned integers", ai)
		}
		vv, err := m.makeView(s.Values.BufferView, s.Values.ByteOffset, a.ComponentType, comps, s.Count, a.Normalized)
		if err != nil {
			return fail, fmt.Errorf("accessor %d: sparse values: %w", ai, err)
		}
		for i := 0; i < s.Count; i++ {
			idx := iv.getUint(i)
			if uint64(idx) >= uint64(a.Count) {
				return fail, fmt.Errorf("accessor %d: sparse index %d out of range (count %d)", ai, idx, a.Count)
			}
			for j := 0; j < comps; j++ {
				dst[int(idx)*comps+j] = vv.get(i, j)
			}
		}
	}
	return floats{f64: dst, comps: comps, n: a.Count}, nil
}

// readIndices reads an index accessor into dst and checks every index is
// below vertexCount.
func (m *Model) readIndices(ai int, vertexCount int, dst []uint32) ([]uint32, error) {
	if ai < 0 || ai >= len(m.Doc.Accessors) {
		return nil, fmt.Errorf("accessor %d does not exist", ai)
	}
	a := m.Doc.Accessors[ai]
	switch a.ComponentType {
	case qgltf.ComponentUbyte, qgltf.ComponentUshort, qgltf.ComponentUint:
	default:
		return nil, fmt.Errorf("indices accessor %d: component type must be an unsigned integer", ai)
	}
	if a.Type != qgltf.AccessorScalar {
		return nil, fmt.Errorf("indices accessor %d: type must be SCALAR", ai)
	}
	if a.Sparse != nil || a.BufferView == nil {
		// Rare: go through the general reader.
		var buf []float64
		if m.scratch != nil { // nil outside AppendTo
			buf = m.scratch.f64b[:0]
		}
		f, _, err := m.readFloats(ai, buf)
		if err != nil {
			return nil, err
		}
		if m.scratch != nil {
			m.scratch.f64b = f
		}
		dst = dst[:0]
		for i, x := range f {
			if x < 0 || x >= float64(vertexCount) {
				return nil, fmt.Errorf("indices accessor %d: index %d = %g out of range (%d vertices)", ai, i, x, vertexCount)
			}
			dst = append(dst, uint32(x))
		}
		return dst, nil
	}
	v, err := m.makeView(*a.BufferView, a.ByteOffset, a.ComponentType, 1, a.Count, false)
	if err != nil {
		return nil, fmt.Errorf("indices accessor %d: %w", ai, err)
	}
	if cap(dst) < a.Count {
		dst = make([]uint32, a.Count)
	}
	dst = dst[:a.Count]
	d, s := v.data, v.stride
	switch v.comp {
	case qgltf.ComponentUshort:
		for i := range dst {
			dst[i] = uint32(binary.LittleEndian.Uint16(d[i*s:]))
		}
	case qgltf.ComponentUint:
		for i := range dst {
			dst[i] = binary.LittleEndian.Uint32(d[i*s:])
		}
	default:
		for i := range dst {
			dst[i] = v.getUint(i)
		}
	}
	for i, x := range dst {
		if uint64(x) >= uint64(vertexCount) {
			return nil, fmt.Errorf("indices accessor %d: index %d = %d out of range (%d vertices)", ai, i, x, vertexCount)
		}
	}
	return dst, nil
}

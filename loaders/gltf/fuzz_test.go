package gltf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	qgltf "github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// seedGLBs adds the small shared GLB samples and a generated one as seeds.
func seedGLBs(f *testing.F) {
	f.Add(encodeGLB(f, triangleDoc()))
	f.Add(encodeGLB(f, instancedTriangleDoc()))
	_ = filepath.WalkDir(dataDir+"/gltf", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".glb") {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
		return nil
	})
}

// FuzzLoadGLB feeds arbitrary bytes to the GLB container parser, the JSON
// decoding, the accessor reader and the mesh builder: any result but a
// panic is fine, and errors must be InputErrors.
func FuzzLoadGLB(f *testing.F) {
	seedGLBs(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Load(fstest.MapFS{"f.glb": {Data: data}}, "f.glb", Options{})
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, m := range l.Meshes {
			if len(m.Instances) > 0 && len(m.Vertices) > MaxVertices {
				t.Fatalf("instanced mesh of %d vertices", len(m.Vertices))
			}
			for _, ix := range m.Indices {
				if int(ix) >= len(m.Vertices) {
					t.Fatalf("index %d out of %d vertices", ix, len(m.Vertices))
				}
			}
		}
	})
}

// FuzzAccessor fuzzes the accessor layout fields and buffer contents of a
// generated triangle: offsets, strides, counts, component types, sparse
// and normalized flags, and the raw bytes.
func FuzzAccessor(f *testing.F) {
	f.Add(uint16(0), uint8(0), int16(3), uint8(0), uint8(0), false, []byte{})
	f.Add(uint16(4), uint8(12), int16(2), uint8(3), uint8(1), true, []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, off uint16, stride uint8, count int16, ctype uint8, atype uint8, sparse bool, raw []byte) {
		doc := triangleDoc()
		a := doc.Accessors[0]
		a.ByteOffset = int(off)
		a.Count = int(count)
		a.ComponentType = qgltf.ComponentType(ctype % 8)
		a.Type = qgltf.AccessorType(atype % 8)
		a.Normalized = ctype&8 != 0
		doc.BufferViews[0].ByteStride = int(stride)
		copy(doc.Buffers[0].Data, raw)
		if sparse {
			iv := modeler.WriteBufferView(doc, qgltf.TargetNone, []uint16{uint16(off), 1})
			a.Sparse = &qgltf.Sparse{Count: int(count) % 4, Indices: qgltf.SparseIndices{BufferView: iv, ComponentType: qgltf.ComponentUshort}, Values: qgltf.SparseValues{BufferView: 0}}
		}
		m := &Model{Doc: doc, Name: "fuzz", images: map[int]imageResult{}}
		if m.checkReferences() != nil {
			return
		}
		_, _, _ = m.readFloats(0, nil)
		_, _ = m.readIndices(2, 3, nil)
		_, _ = m.readIndices(0, 3, nil)
		if v, err := m.accessorFloats(0, nil, true); err == nil {
			for i := 0; i < v.n; i++ {
				for j := 0; j < v.comps; j++ {
					_ = v.at(i, j)
				}
			}
		}
		l := &scene.Layer{}
		_ = m.AppendTo(l, Instance{ToLocal: affine.Identity})
	})
}

package gltf

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"testing"
	"unsafe"

	qgltf "github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"citytwin/scene"
)

// benchFiles are models of different kinds: geometry-heavy city tiles and
// a textured vehicle.
var benchFiles = []string{
	"city3d/3dbag-sibbe-nl/content/2_2_3.glb",
	"city3d/plateau-shizuoka-jp/test.glb",
	"gltf/khronos/CesiumMilkTruck/glTF-Binary/CesiumMilkTruck.glb",
}

// meshBytes is the memory the layer's meshes hold (vertices and indices).
func meshBytes(l *scene.Layer) int {
	n := 0
	for _, m := range l.Meshes {
		n += len(m.Vertices)*int(unsafe.Sizeof(scene.Vertex{})) + len(m.Indices)*4
	}
	return n
}

// BenchmarkLoad compares Load with qmuntal/gltf's own decoding of the same
// bytes (JSON and buffers only: no accessors read, no meshes built). MB/s
// is file bytes per second; B/tri is the memory the loaded meshes hold per
// triangle.
func BenchmarkLoad(b *testing.B) {
	root := sampleFS(b)
	fsys := os.DirFS(root)
	for _, name := range benchFiles {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(path.Base(name)+"/qmuntal-decode", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var doc qgltf.Document
				if err := qgltf.NewDecoderFS(bytes.NewReader(data), fsys).Decode(&doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(path.Base(name)+"/qmuntal-decode+read", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var buf []byte
			for b.Loop() {
				var doc qgltf.Document
				if err := qgltf.NewDecoderFS(bytes.NewReader(data), fsys).Decode(&doc); err != nil {
					b.Fatal(err)
				}
				// What a qmuntal user does next to get the geometry: read
				// every attribute and index accessor of every primitive.
				for _, m := range doc.Meshes {
					for _, p := range m.Primitives {
						for _, ai := range p.Attributes {
							if _, err := modeler.ReadAccessor(&doc, doc.Accessors[ai], buf); err != nil {
								b.Fatal(err)
							}
						}
						if p.Indices != nil {
							if _, err := modeler.ReadIndices(&doc, doc.Accessors[*p.Indices], nil); err != nil {
								b.Fatal(err)
							}
						}
					}
				}
			}
		})
		b.Run(path.Base(name)+"/citytwin-load", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var l *scene.Layer
			for b.Loop() {
				if l, err = Load(fsys, name, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			if tri := triangles(l); tri > 0 {
				b.ReportMetric(float64(meshBytes(l))/float64(tri), "B/tri")
			}
		})
	}
}

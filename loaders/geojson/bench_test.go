package geojson

import (
	"fmt"
	"testing"
	"testing/fstest"

	"citytwin/scene/mesh"
)

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"height":"12,5"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0.001,0],[0.001,0.001],[0,0]],[[0.0002,0.0001],[0.0003,0.0001],[0.0003,0.0002],[0.0002,0.0001]]]}}]}`))
	f.Add([]byte(`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[1,2],[1.001,2],[1.001,2]]}]}`))
	f.Add([]byte(`{"type":"Feature","properties":{"building":"yes"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[0,0],[0,0],[0,0]]]]}}`))
	f.Add(genCollection(3))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Load(fstest.MapFS{"f.geojson": {Data: data}}, "f.geojson", Options{})
		if err != nil {
			return
		}
		lm := mesh.BuildLayer(l, nil, 3)
		for _, m := range append(lm.Ground, lm.Solids...) {
			if len(m.Vertices) > mesh.MaxVertices {
				t.Fatalf("mesh of %d vertices", len(m.Vertices))
			}
			for _, ix := range m.Indices {
				if int(ix) >= len(m.Vertices) {
					t.Fatalf("index %d out of %d", ix, len(m.Vertices))
				}
			}
		}
	})
}

// BenchmarkLoadExtrude decodes and extrudes N generated footprints
// (rectangles and L shapes with heights).
func BenchmarkLoadExtrude(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		data := genCollection(n)
		fsys := fstest.MapFS{"f.geojson": {Data: data}}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			tris := 0
			for i := 0; i < b.N; i++ {
				l, err := Load(fsys, "f.geojson", Options{})
				if err != nil {
					b.Fatal(err)
				}
				tris = mesh.BuildLayer(l, nil, 3).Triangles()
			}
			b.ReportMetric(float64(tris), "triangles")
		})
	}
}

// BenchmarkLoad is the decode alone.
func BenchmarkLoad(b *testing.B) {
	data := genCollection(100_000)
	fsys := fstest.MapFS{"f.geojson": {Data: data}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Load(fsys, "f.geojson", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

package render

import (
	"strconv"
	"testing"

	"citytwin/scene/navigate"
)

// BenchmarkPrepare measures the CPU work of a frame with a moving camera
// (the sorted mode): culling, projection, index lists and sorting.
func BenchmarkPrepare(b *testing.B) {
	for _, n := range []int{100, 316} {
		meshes := gridCity(n)
		r, err := NewRenderer()
		if err != nil {
			b.Fatal(err)
		}
		r.SetLayer(0, nil, meshes)
		cam := navigate.HomeCamera(r.Bounds(), 16.0/9, 45)
		b.Run(strconv.Itoa(n*n)+"buildings", func(b *testing.B) {
			b.ReportAllocs()
			tris := 0
			for b.Loop() {
				cam.Heading += 1
				_, st := r.prepare(cam, 1280, 720, Sorted)
				tris = st.Triangles
			}
			b.ReportMetric(float64(tris), "triangles")
		})
	}
}

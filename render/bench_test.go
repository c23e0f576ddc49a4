package render

import (
	"image"
	"image/color"
	"os"
	"strconv"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
	"citytwin/scene/navigate"
)

// gridCity returns n×n L-shaped buildings 25 m apart (like RENDERING.md's
// synthetic cities), as meshes of at most maxChunkVertices vertices.
func gridCity(n int) []scene.Mesh {
	var out []scene.Mesh
	m := &scene.Mesh{}
	k := 0
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if len(m.Vertices) > maxChunkVertices-100 {
				out = append(out, *m)
				m = &scene.Mesh{}
			}
			x0, y0 := float64(x-n/2)*25, float64(y-n/2)*25
			h := 6 + float64((x*7+y*13)%11)*4
			c := color.NRGBA{R: uint8(180 + x%60), G: 170, B: uint8(150 + y%80), A: 255}
			first := len(m.Indices)
			addBox(m, k, scene.Vec3{x0, y0, 0}, scene.Vec3{x0 + 16, y0 + 8, h}, c)
			addBox(m, k, scene.Vec3{x0, y0 + 8, 0}, scene.Vec3{x0 + 8, y0 + 16, h}, c)
			// One part per building.
			m.Parts = m.Parts[:len(m.Parts)-2]
			m.Parts = append(m.Parts, scene.Part{Feature: k, First: first, Count: len(m.Indices) - first})
			k++
		}
	}
	return append(out, *m)
}

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

// BenchmarkStillFrame measures the viewer's CPU work for a frame when
// nothing changed: composite the cached picture and draw the UI.
func BenchmarkStillFrame(b *testing.B) {
	sc := &scene.Scene{Layers: []*scene.Layer{{ID: "city", Visible: true, Meshes: gridCity(100), Attribution: "synthetic"}}}
	v, err := newViewer(sc, ViewerOptions{Width: 1280, Height: 720})
	if err != nil {
		b.Fatal(err)
	}
	if err := v.init(); err != nil {
		b.Fatal(err)
	}
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen) // sorted
	v.Draw(screen) // exact, cached from now on
	b.ReportAllocs()
	for b.Loop() {
		v.Draw(screen)
	}
	if v.stats.DrawCalls != 0 {
		b.Errorf("a still frame redrew the city: %+v", v.stats)
	}
}

// Bench reports the resident set and its peak from /proc (Linux).
func TestProcStatusMB(t *testing.T) {
	rss, peak := procStatusMB("VmRSS"), procStatusMB("VmHWM")
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	if rss <= 0 || peak < rss {
		t.Errorf("VmRSS %.2f MiB, VmHWM %.2f MiB: want 0 < VmRSS <= VmHWM", rss, peak)
	}
	if v := procStatusMB("NoSuchField"); v != 0 {
		t.Errorf("a missing field read %.2f", v)
	}
}

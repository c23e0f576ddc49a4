package render

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
	"citytwin/scene/navigate"
)

// treeMesh returns a ~200-triangle tree (a box trunk and a 14×8 sphere
// crown, 208 triangles, one part) placed n×n times 10 m apart, turned and
// scaled at random, instance k drawing feature k.
func treeMesh(n int) scene.Mesh {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-0.3, -0.3, 0}, scene.Vec3{0.3, 0.3, 2}, color.NRGBA{R: 110, G: 80, B: 50, A: 255})
	const seg, rings = 14, 8
	green := color.NRGBA{R: 60, G: 140, B: 60, A: 255}
	base := uint32(len(m.Vertices))
	vert := func(ring, s int) uint32 {
		if ring == 0 {
			return base
		}
		if ring == rings {
			return base + 1 + (rings-1)*seg
		}
		return base + 1 + uint32((ring-1)*seg+s%seg)
	}
	for ring := 0; ring <= rings; ring++ {
		th := math.Pi * float64(ring) / rings
		for s := 0; s < seg; s++ {
			ph := 2 * math.Pi * float64(s) / seg
			p := [3]float32{float32(2 * math.Sin(th) * math.Cos(ph)), float32(2 * math.Sin(th) * math.Sin(ph)), float32(4 + 2*math.Cos(th))}
			m.Vertices = append(m.Vertices, scene.Vertex{Pos: p, Color: green})
			if ring == 0 || ring == rings {
				break
			}
		}
	}
	for ring := 0; ring < rings; ring++ {
		for s := 0; s < seg; s++ {
			a, b, c, d := vert(ring, s), vert(ring, s+1), vert(ring+1, s), vert(ring+1, s+1)
			if ring > 0 {
				m.Indices = append(m.Indices, a, c, b)
			}
			if ring < rings-1 {
				m.Indices = append(m.Indices, b, c, d)
			}
		}
	}
	m.Parts = []scene.Part{{Feature: -1, First: 0, Count: len(m.Indices)}}
	rng := rand.New(rand.NewPCG(1, 1))
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			s := 0.8 + 0.4*rng.Float64()
			sn, cs := math.Sincos(rng.Float64() * 2 * math.Pi)
			m.Instances = append(m.Instances, scene.MeshInstance{Feature: y*n + x,
				Transform: [12]float64{s * cs, -s * sn, 0, float64(x) * 10, s * sn, s * cs, 0, float64(y) * 10, 0, 0, s, 0}})
		}
	}
	return m
}

// heldBytes is the memory the renderer's solids hold between frames:
// chunks and instance sets, and the per-frame chunks of instances.
func heldBytes(r *Renderer) (held, pool int64) {
	for _, cs := range r.solids {
		for _, c := range cs {
			held += chunkBytes(c)
		}
	}
	for _, ss := range r.insts {
		for _, s := range ss {
			held += instSetBytes(s)
		}
	}
	for _, fs := range r.frames {
		for _, fp := range fs {
			for _, c := range fp.chunks {
				pool += chunkBytes(c)
			}
		}
	}
	return held, pool
}

// BenchmarkInstances compares 10k instances of a 208-triangle tree with
// the same trees baked into plain meshes: memory held (estimated from the
// slices, and measured as the live heap the renderer adds) and the CPU
// work of a frame with a moving camera (sorted mode), the whole wood in
// view. held-B (slices) and heap-B (live heap added by SetLayer) are held
// for good; frame-B is the per-frame chunks of the moving frames;
// exact-peak-B what the exact frame at rest (no blocks) adds while it is
// prepared and drawn, frame-after-exact-B what all per-frame chunks hold
// after it.
//
//	xvfb-run -a go test ./render -run XXX -bench Instanc -benchmem
func BenchmarkInstances(b *testing.B) {
	trees := treeMesh(100)
	for _, v := range []struct {
		name   string
		meshes []scene.Mesh
	}{{"instanced", []scene.Mesh{trees}}, {"baked", bakeInstances([]scene.Mesh{trees})}} {
		b.Run(v.name, func(b *testing.B) {
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			before := ms.HeapAlloc
			r, err := NewRenderer()
			if err != nil {
				b.Fatal(err)
			}
			r.SetLayer(0, nil, v.meshes)
			runtime.GC()
			runtime.ReadMemStats(&ms)
			heap := int64(ms.HeapAlloc) - int64(before)
			cam := navigate.HomeCamera(r.Bounds(), 16.0/9, 45)
			_, st := r.prepare(cam, 1280, 720, Sorted)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				cam.Heading += 1
				_, st = r.prepare(cam, 1280, 720, Sorted)
			}
			held, pool := heldBytes(r)
			b.StopTimer()
			r.prepare(cam, 1280, 720, Exact) // at rest: no blocks, every copy in view
			_, exactPool := heldBytes(r)
			img := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
			defer img.Deallocate()
			r.Draw(img, cam, Exact)
			_, afterExact := heldBytes(r)
			b.ReportMetric(float64(held), "held-B")
			b.ReportMetric(float64(heap), "heap-B")
			b.ReportMetric(float64(pool), "frame-B")
			b.ReportMetric(float64(exactPool-pool), "exact-peak-B")
			b.ReportMetric(float64(afterExact), "frame-after-exact-B")
			b.ReportMetric(float64(st.Triangles), "triangles")
			runtime.KeepAlive(r)
		})
	}
}

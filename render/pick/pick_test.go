package pick

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"citytwin/scene"
)

// box appends a closed box as one part with the given feature.
func box(m *scene.Mesh, feature int, min, max scene.Vec3) {
	first := len(m.Indices)
	base := uint32(len(m.Vertices))
	for i := 0; i < 8; i++ {
		p := min
		if i&1 != 0 {
			p[0] = max[0]
		}
		if i&2 != 0 {
			p[1] = max[1]
		}
		if i&4 != 0 {
			p[2] = max[2]
		}
		m.Vertices = append(m.Vertices, scene.Vertex{Pos: [3]float32{float32(p[0]), float32(p[1]), float32(p[2])}})
	}
	for _, f := range [][4]uint32{{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}} {
		m.Indices = append(m.Indices, base+f[0], base+f[1], base+f[2], base+f[0], base+f[2], base+f[3])
	}
	m.Parts = append(m.Parts, scene.Part{Feature: feature, First: first, Count: len(m.Indices) - first})
}

func grid(n int, spacing float64) []scene.Mesh {
	var m scene.Mesh
	k := 0
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			h := 5 + float64((x*7+y*13)%40)
			box(&m, k, scene.Vec3{float64(x) * spacing, float64(y) * spacing, 0}, scene.Vec3{float64(x)*spacing + spacing*0.6, float64(y)*spacing + spacing*0.6, h})
			k++
		}
	}
	return []scene.Mesh{m}
}

// brute tests every item.
func brute(ix *Index, o, d scene.Vec3) (Hit, bool) {
	l := math.Sqrt(dot(d, d))
	d = scene.Vec3{d[0] / l, d[1] / l, d[2] / l}
	best, found := Hit{Dist: math.Inf(1)}, false
	for i := range ix.items {
		it := &ix.items[i]
		if t, ok := it.hit(&ix.srcs[it.src], o, d, best.Dist); ok {
			best, found = Hit{Layer: int(it.layer), Feature: int(it.feature), Dist: t}, true
		}
	}
	return best, found
}

func TestPickStraightDown(t *testing.T) {
	var ix Index
	ix.Add(3, grid(4, 30))
	ix.Build()
	tests := []struct {
		name    string
		o       scene.Vec3
		feature int
		z       float64
		ok      bool
	}{
		{"onto box 0", scene.Vec3{5, 5, 500}, 0, 5, true},
		{"onto box 5", scene.Vec3{35, 35, 500}, 5, 5 + float64((1*7+1*13)%40), true},
		{"between boxes", scene.Vec3{25, 5, 500}, 0, 0, false},
		{"outside", scene.Vec3{-50, 5, 500}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := ix.Pick(tt.o, scene.Vec3{0, 0, -1})
			if ok != tt.ok {
				t.Fatalf("ok %v, want %v (%+v)", ok, tt.ok, h)
			}
			if ok && (h.Feature != tt.feature || h.Layer != 3 || math.Abs(h.Point[2]-tt.z) > 1e-4) {
				t.Errorf("got %+v, want feature %d at z %g", h, tt.feature, tt.z)
			}
		})
	}
}

func TestPickAgreesWithBruteForce(t *testing.T) {
	var ix Index
	ix.Add(0, grid(12, 25))
	ix.Build()
	rng := rand.New(rand.NewPCG(1, 2))
	hits := 0
	for i := 0; i < 2000; i++ {
		o := scene.Vec3{rng.Float64()*500 - 100, rng.Float64()*500 - 100, 5 + rng.Float64()*200}
		target := scene.Vec3{rng.Float64() * 300, rng.Float64() * 300, rng.Float64() * 20}
		d := scene.Vec3{target[0] - o[0], target[1] - o[1], target[2] - o[2]}
		got, gok := ix.Pick(o, d)
		want, wok := brute(&ix, o, d)
		if gok != wok || (gok && (got.Feature != want.Feature || math.Abs(got.Dist-want.Dist) > 1e-6)) {
			t.Fatalf("ray %v %v: got %+v %v, want %+v %v", o, d, got, gok, want, wok)
		}
		if gok {
			hits++
		}
	}
	if hits < 500 {
		t.Errorf("only %d of 2000 rays hit: the test scene is wrong", hits)
	}
}

// triangles turns a mesh into positions, 16-bit indices and parts for
// AddTriangles.
func triangles(m *scene.Mesh) ([]float32, []uint16, []TrianglePart) {
	var pos []float32
	for _, v := range m.Vertices {
		pos = append(pos, v.Pos[0], v.Pos[1], v.Pos[2])
	}
	idx := make([]uint16, len(m.Indices))
	for i, vi := range m.Indices {
		idx[i] = uint16(vi)
	}
	var parts []TrianglePart
	for _, p := range m.Parts {
		b := scene.EmptyBox()
		for _, vi := range m.Indices[p.First : p.First+p.Count] {
			v := m.Vertices[vi].Pos
			b = b.Extend(scene.Vec3{float64(v[0]), float64(v[1]), float64(v[2])})
		}
		parts = append(parts, TrianglePart{Feature: p.Feature, First: p.First, Count: p.Count, Bounds: b})
	}
	return pos, idx, parts
}

// The same triangles picked from a mesh or from positions and 16-bit
// indices give the same hits.
func TestAddTrianglesAgreesWithAdd(t *testing.T) {
	meshes := grid(12, 25)
	var byMesh, byTri Index
	byMesh.Add(2, meshes)
	byMesh.Build()
	pos, idx, parts := triangles(&meshes[0])
	byTri.AddTriangles(2, pos, idx, parts)
	byTri.AddTriangles(2, pos, idx, []TrianglePart{{Feature: 99, First: len(idx) - 3, Count: 6, Bounds: parts[0].Bounds}}) // out of range: skipped
	byTri.Build()
	if len(byTri.items) != len(parts) {
		t.Fatalf("%d items, want %d", len(byTri.items), len(parts))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	hits := 0
	for i := 0; i < 2000; i++ {
		o := scene.Vec3{rng.Float64()*500 - 100, rng.Float64()*500 - 100, 5 + rng.Float64()*200}
		target := scene.Vec3{rng.Float64() * 300, rng.Float64() * 300, rng.Float64() * 20}
		d := scene.Vec3{target[0] - o[0], target[1] - o[1], target[2] - o[2]}
		got, gok := byTri.Pick(o, d)
		want, wok := byMesh.Pick(o, d)
		if gok != wok || got != want {
			t.Fatalf("ray %v %v: got %+v %v, want %+v %v", o, d, got, gok, want, wok)
		}
		if gok {
			hits++
			if got.Layer != 2 {
				t.Fatalf("hit layer %d, want 2", got.Layer)
			}
		}
	}
	if hits < 500 {
		t.Errorf("only %d of 2000 rays hit: the test scene is wrong", hits)
	}
}

func TestPickEmpty(t *testing.T) {
	var ix Index
	ix.Build()
	if _, ok := ix.Pick(scene.Vec3{}, scene.Vec3{0, 0, -1}); ok {
		t.Error("hit in an empty index")
	}
	ix.Add(0, []scene.Mesh{{Vertices: []scene.Vertex{{}}, Indices: []uint32{0, 5, 9}}})
	ix.Build()
	if _, ok := ix.Pick(scene.Vec3{0, 0, 10}, scene.Vec3{0, 0, -1}); ok {
		t.Error("hit a malformed mesh")
	}
}

func BenchmarkPick(b *testing.B) {
	for _, n := range []int{32, 100, 224} {
		var ix Index
		ix.Add(0, grid(n, 25))
		ix.Build()
		b.Run(strconv.Itoa(n*n), func(b *testing.B) {
			b.ReportAllocs()
			rng := rand.New(rand.NewPCG(1, 2))
			size := float64(n) * 25
			for b.Loop() {
				o := scene.Vec3{-100, -100, 300}
				d := scene.Vec3{rng.Float64()*size + 100, rng.Float64()*size + 100, -300}
				ix.Pick(o, d)
			}
		})
	}
}

package pick

import (
	"math"
	"math/rand/v2"
	"testing"

	"citytwin/scene"
)

// instanced returns a unit-ish box prototype (feature 7, 4×2×3 m, corner at
// the origin) placed five times: moved (feature 10), rotated 90° about z
// (feature 11), scaled ×2 (keeping the part's feature 7), mirrored in x
// (feature 13) and moved far (feature 14).
func instanced() scene.Mesh {
	var m scene.Mesh
	box(&m, 7, scene.Vec3{0, 0, 0}, scene.Vec3{4, 2, 3})
	move := func(x, y, z float64) [12]float64 { return [12]float64{1, 0, 0, x, 0, 1, 0, y, 0, 0, 1, z} }
	m.Instances = []scene.MeshInstance{
		{Transform: move(10, 0, 0), Feature: 10},
		{Transform: [12]float64{0, -1, 0, 30, 1, 0, 0, 0, 0, 0, 1, 0}, Feature: 11}, // x' = 30 - y, y' = x
		{Transform: [12]float64{2, 0, 0, 50, 0, 2, 0, 0, 0, 0, 2, 0}, Feature: -1},
		{Transform: [12]float64{-1, 0, 0, 80, 0, 1, 0, 0, 0, 0, 1, 0}, Feature: 13}, // x' = 80 - x
		{Transform: move(1000, 1000, 5), Feature: 14},
	}
	return m
}

// bake returns m's copies as a plain mesh (what a loader without
// instancing would produce).
func bake(m scene.Mesh) scene.Mesh {
	var out scene.Mesh
	for k := range m.Instances {
		in := &m.Instances[k]
		base := uint32(len(out.Vertices))
		for _, v := range m.Vertices {
			p := in.Apply(v.Pos)
			out.Vertices = append(out.Vertices, scene.Vertex{Pos: [3]float32{float32(p[0]), float32(p[1]), float32(p[2])}})
		}
		for _, p := range m.Parts {
			first := len(out.Indices)
			for _, vi := range m.Indices[p.First : p.First+p.Count] {
				out.Indices = append(out.Indices, base+vi)
			}
			out.Parts = append(out.Parts, scene.Part{Feature: in.FeatureOf(p), First: first, Count: p.Count})
		}
	}
	return out
}

// Each copy of an instanced mesh is picked where its transform puts it,
// with the instance's feature, or the part's when the instance has none.
func TestPickInstances(t *testing.T) {
	m := instanced()
	var ix Index
	ix.Add(1, []scene.Mesh{m})
	ix.Build()
	if len(ix.items) != len(m.Instances) {
		t.Fatalf("%d items, want one per instance (%d)", len(ix.items), len(m.Instances))
	}
	tests := []struct {
		name    string
		x, y    float64
		feature int
		z       float64
		ok      bool
	}{
		{"moved", 13, 1, 10, 3, true},
		{"moved, beside", 15, 1, 0, 0, false},
		{"rotated", 29, 3, 11, 3, true}, // x in 28..30, y in 0..4
		{"rotated, beside", 31, 1, 0, 0, false},
		{"scaled keeps the part's feature", 57, 3.5, 7, 6, true},
		{"mirrored", 77, 1, 13, 3, true}, // x in 76..80
		{"mirrored, beside", 81, 1, 0, 0, false},
		{"far", 1002, 1001, 14, 8, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := ix.Pick(scene.Vec3{tt.x, tt.y, 500}, scene.Vec3{0, 0, -1})
			if ok != tt.ok {
				t.Fatalf("ok %v, want %v (%+v)", ok, tt.ok, h)
			}
			if ok && (h.Feature != tt.feature || h.Layer != 1 || math.Abs(h.Point[2]-tt.z) > 1e-6 ||
				math.Abs(h.Point[0]-tt.x) > 1e-9 || math.Abs(h.Point[1]-tt.y) > 1e-9) {
				t.Errorf("got %+v, want feature %d at (%g, %g, %g)", h, tt.feature, tt.x, tt.y, tt.z)
			}
		})
	}
}

// Random rays hit instances (from a mesh or from positions with
// AddInstances) exactly as they hit the same copies baked into a plain
// mesh.
func TestPickInstancesAgreeWithBaked(t *testing.T) {
	m := instanced()
	m.Instances = m.Instances[:4] // near each other, so random rays hit
	var inst, tri, baked Index
	inst.Add(0, []scene.Mesh{m})
	inst.Build()
	pos, idx, parts := triangles(&m)
	tri.AddInstances(0, pos, idx, parts, m.Instances)
	tri.Build()
	baked.Add(0, []scene.Mesh{bake(m)})
	baked.Build()
	rng := rand.New(rand.NewPCG(5, 6))
	hits := 0
	for i := 0; i < 3000; i++ {
		o := scene.Vec3{rng.Float64()*140 - 30, rng.Float64()*60 - 30, rng.Float64() * 40}
		target := scene.Vec3{rng.Float64() * 90, rng.Float64() * 5, rng.Float64() * 6}
		d := scene.Vec3{target[0] - o[0], target[1] - o[1], target[2] - o[2]}
		want, wok := baked.Pick(o, d)
		for name, ix := range map[string]*Index{"Add": &inst, "AddInstances": &tri} {
			got, gok := ix.Pick(o, d)
			if gok != wok || (gok && (got.Feature != want.Feature || math.Abs(got.Dist-want.Dist) > 1e-4)) {
				t.Fatalf("%s: ray %v %v: got %+v %v, want %+v %v", name, o, d, got, gok, want, wok)
			}
		}
		if wok {
			hits++
		}
	}
	if hits < 300 {
		t.Errorf("only %d of 3000 rays hit: the test scene is wrong", hits)
	}
}

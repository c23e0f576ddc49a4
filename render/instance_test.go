package render

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/pick"
	"citytwin/scene"
)

// translate returns the transform that moves by (x, y, z).
func translate(x, y, z float64) [12]float64 { return [12]float64{1, 0, 0, x, 0, 1, 0, y, 0, 0, 1, z} }

// rotateZ returns a rotation by deg about the vertical, then a move.
func rotateZ(deg, x, y, z float64) [12]float64 {
	s, c := math.Sincos(deg * math.Pi / 180)
	return [12]float64{c, -s, 0, x, s, c, 0, y, 0, 0, 1, z}
}

// instancedScene returns two instanced prototypes: an L of two boxes
// (parts of features 0 and 1, 9 copies: moved, rotated 30°, scaled,
// mirrored; features 10.. or the parts' own) and a single box (feature 5,
// 3 copies). Their footprints do not overlap.
func instancedScene() []scene.Mesh {
	var l, b scene.Mesh
	addBox(&l, 0, scene.Vec3{-6, -6, 0}, scene.Vec3{6, 0, 14}, red)
	addBox(&l, 1, scene.Vec3{-6, 0, 0}, scene.Vec3{0, 6, 24}, blue)
	addBox(&b, 5, scene.Vec3{-4, -4, 0}, scene.Vec3{4, 4, 9}, yellow)
	mirror := [12]float64{-1, 0, 0, 40, 0, 1, 0, 0, 0, 0, 1, 0} // x → 40 − x
	l.Instances = []scene.MeshInstance{
		{Transform: translate(0, 0, 0), Feature: 10},
		{Transform: rotateZ(30, 40, 40, 0), Feature: 11},
		{Transform: [12]float64{1.5, 0, 0, 80, 0, 2, 0, 0, 0, 0, 0.5, 0}, Feature: 12}, // scaled
		{Transform: mirror, Feature: 13},
		{Transform: rotateZ(90, 0, 40, 0), Feature: -1},
		{Transform: rotateZ(200, 80, 40, 0), Feature: 15},
		{Transform: translate(0, 80, 0), Feature: 16},
		{Transform: rotateZ(-45, 40, 80, 0), Feature: 17},
		{Transform: [12]float64{0, 1, 0, 80, 1, 0, 0, 80, 0, 0, 1, 0}, Feature: 18}, // mirrored by swapping x and y
	}
	b.Instances = []scene.MeshInstance{
		{Transform: translate(20, 20, 0), Feature: -1},
		{Transform: rotateZ(10, 60, 20, 0), Feature: 20},
		{Transform: [12]float64{-1, 0, 0, 20, 0, 1, 0, 60, 0, 0, 2, 0}, Feature: 21}, // mirrored, taller
	}
	return []scene.Mesh{l, b}
}

// bakeInstances returns meshes with every instance's copy in the local
// frame: what a loader without instancing would give.
func bakeInstances(meshes []scene.Mesh) []scene.Mesh {
	var out []scene.Mesh
	for _, m := range meshes {
		if len(m.Instances) == 0 {
			out = append(out, m)
			continue
		}
		var bm scene.Mesh
		for k := range m.Instances {
			in := &m.Instances[k]
			base := uint32(len(bm.Vertices))
			for _, v := range m.Vertices {
				p := in.Apply(v.Pos)
				v.Pos = [3]float32{float32(p[0]), float32(p[1]), float32(p[2])}
				bm.Vertices = append(bm.Vertices, v)
			}
			for _, p := range m.Parts {
				first := len(bm.Indices)
				ids := m.Indices[p.First : p.First+p.Count]
				for t := 0; t+2 < len(ids); t += 3 {
					a, b, c := ids[t], ids[t+1], ids[t+2]
					if in.Mirrors() {
						b, c = c, b
					}
					bm.Indices = append(bm.Indices, base+a, base+b, base+c)
				}
				bm.Parts = append(bm.Parts, scene.Part{Feature: in.FeatureOf(p), First: first, Count: p.Count, Bounds: in.Box(p.Bounds)})
			}
		}
		out = append(out, bm)
	}
	return out
}

// render draws what r holds from cam into a 320×240 picture.
func render(t *testing.T, r *Renderer, cam scene.Camera, mode Mode) *image.RGBA {
	t.Helper()
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, 320, 240), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	r.Draw(img, cam, mode)
	out := image.NewRGBA(img.Bounds())
	img.ReadPixels(out.Pix)
	return out
}

// differing counts the pixels of a and b farther apart than tol.
func differing(a, b *image.RGBA, tol int) int {
	n := 0
	for i := 0; i < len(a.Pix); i += 4 {
		x, y := i/4%a.Bounds().Dx(), i/4/a.Bounds().Dx()
		if !sameColor(a.RGBAAt(x, y), b.RGBAAt(x, y), tol) {
			n++
		}
	}
	return n
}

var instanceCams = []scene.Camera{
	{Target: scene.Vec3{40, 40, 5}, Heading: 20, Pitch: -35, Range: 190},
	{Target: scene.Vec3{40, 40, 5}, Heading: 200, Pitch: -15, Range: 160},
	{Target: scene.Vec3{40, 30, 5}, Heading: 100, Pitch: -60, Range: 120},
}

// Instanced meshes draw the same picture as their copies baked into plain
// meshes, in both modes, from several sides.
func TestInstancesDrawLikeBaked(t *testing.T) {
	inst := instancedScene()
	baked := bakeInstances(inst)
	ri, _ := NewRenderer()
	ri.SetLayer(0, nil, inst)
	rb, _ := NewRenderer()
	rb.SetLayer(0, nil, baked)
	if len(ri.solids[0]) != 0 || len(ri.insts[0]) != 2 {
		t.Fatalf("%d chunks, %d instance sets; want 0 and 2", len(ri.solids[0]), len(ri.insts[0]))
	}
	if a, b := ri.Bounds(), rb.Bounds(); dist(a.Min, b.Min) > 1e-4 || dist(a.Max, b.Max) > 1e-4 {
		t.Errorf("bounds %v, want the baked %v", ri.Bounds(), rb.Bounds())
	}
	empty, _ := NewRenderer()
	for ci, cam := range instanceCams {
		for _, md := range modes {
			want := render(t, rb, cam, md.mode)
			got := render(t, ri, cam, md.mode)
			if n := differing(want, render(t, empty, cam, md.mode), 3); n < 320*240/20 {
				t.Fatalf("camera %d %s: only %d pixels show the boxes: the test scene is wrong", ci, md.name, n)
			}
			if n := differing(got, want, 3); n > 10 {
				t.Errorf("camera %d %s: %d pixels differ from the baked picture", ci, md.name, n)
				if *updateGolden {
					writePNG(t, "testdata/instances-got.png", got)
					writePNG(t, "testdata/instances-want.png", want)
				}
			}
		}
	}
}

// Highlighting a feature tints the copies that draw it (an instance's own
// feature, or a part's feature in the instances that keep their parts'),
// and nothing else: the picture is the baked one with the same highlight.
func TestInstanceHighlight(t *testing.T) {
	inst := instancedScene()
	ri, _ := NewRenderer()
	ri.SetLayer(0, nil, inst)
	rb, _ := NewRenderer()
	rb.SetLayer(0, nil, bakeInstances(inst))
	cam := instanceCams[0]
	plain := render(t, ri, cam, Exact)
	for _, f := range []int{11, 5, 1} {
		ri.Highlight(0, f)
		rb.Highlight(0, f)
		for _, md := range modes {
			got, want := render(t, ri, cam, md.mode), render(t, rb, cam, md.mode)
			if n := differing(got, want, 3); n > 10 {
				t.Errorf("feature %d %s: %d pixels differ from the baked highlight", f, md.name, n)
			}
		}
		got := render(t, ri, cam, Exact)
		if n := differing(got, plain, 3); n < 50 {
			t.Errorf("feature %d: highlight changed only %d pixels", f, n)
		}
	}
	// Feature 11 is instance 1 of the L (at 40, 40): its top turns, the
	// top of instance 0 (feature 10, at the origin) does not.
	ri.Highlight(0, 11)
	got := render(t, ri, cam, Exact)
	top := inst[0].Instances[1].Apply([3]float32{-3, 3, 24})
	if a, b := at(t, got, ri, cam, top), at(t, plain, ri, cam, top); sameColor(a, b, 3) {
		t.Errorf("highlighted instance's top %v, unchanged", a)
	}
	if a, b := at(t, got, ri, cam, scene.Vec3{-3, 3, 24}), at(t, plain, ri, cam, scene.Vec3{-3, 3, 24}); !sameColor(a, b, 1) {
		t.Errorf("other instance's top changed from %v to %v", b, a)
	}
	ri.Highlight(-1, -1)
	if n := differing(render(t, ri, cam, Exact), plain, 0); n != 0 {
		t.Errorf("%d pixels still differ once the highlight is cleared", n)
	}
}

// Picking through the renderer (addPick, as the viewer and the live
// markers' roof placement do) hits instances with their feature and at the
// right point, and so does the streamed tiles' picking (instSet.pick): the
// same hits as the baked copies.
func TestInstancePick(t *testing.T) {
	inst := instancedScene()
	ri, _ := NewRenderer()
	ri.SetLayer(0, nil, inst)
	var ix, bx pick.Index
	ri.AddPick(&ix, 0, nil)
	ix.Build()
	bx.Add(0, bakeInstances(inst))
	bx.Build()
	down := scene.Vec3{0, 0, -1}
	for _, tt := range []struct {
		name    string
		x, y, z float64
		feature int
	}{
		{"moved, low part", 3, -3, 14, 10},
		{"moved, tall part", -3, 3, 24, 10},
		{"instance without a feature keeps the part's", -3, 40 - 3, 24, 1}, // rotated 90°: the tall part lies at x < 0, y < 40
		{"mirrored", 43, 3, 24, 13},                                        // tall part at x 40..46
		{"scaled", 80 + 3, -6, 7, 12},                                      // low part, half height
		{"single box, no feature", 20, 20, 9, 5},
		{"mirrored single box", 20, 60, 18, 21},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := ix.Pick(scene.Vec3{tt.x, tt.y, 500}, down)
			if !ok || h.Feature != tt.feature || math.Abs(h.Point[2]-tt.z) > 1e-3 {
				t.Errorf("got %+v %v, want feature %d at height %g", h, ok, tt.feature, tt.z)
			}
		})
	}
	rng := rand.New(rand.NewPCG(7, 8))
	hits := 0
	for i := 0; i < 2000; i++ {
		o := scene.Vec3{rng.Float64()*200 - 60, rng.Float64()*200 - 60, rng.Float64() * 80}
		target := scene.Vec3{rng.Float64()*100 - 10, rng.Float64()*100 - 10, rng.Float64() * 20}
		d := scene.Vec3{target[0] - o[0], target[1] - o[1], target[2] - o[2]}
		l := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
		d = scene.Vec3{d[0] / l, d[1] / l, d[2] / l}
		want, wok := bx.Pick(o, d)
		got, gok := ix.Pick(o, d)
		if gok != wok || (gok && (got.Feature != want.Feature || math.Abs(got.Dist-want.Dist) > 1e-3)) {
			t.Fatalf("ray %v %v: got %+v %v, want the baked %+v %v", o, d, got, gok, want, wok)
		}
		f, dist, ok := -1, math.Inf(1), false
		for _, s := range ri.insts[0] {
			if sf, sd, sok := s.pick(o, d); sok && sd < dist {
				f, dist, ok = sf, sd, true
			}
		}
		if ok != wok || (ok && (f != want.Feature || math.Abs(dist-want.Dist) > 1e-3)) {
			t.Fatalf("instSet.pick: ray %v %v: got %d at %g (%v), want %+v %v", o, d, f, dist, ok, want, wok)
		}
		if wok {
			hits++
		}
	}
	if hits < 300 {
		t.Errorf("only %d of 2000 rays hit: the test scene is wrong", hits)
	}
}

// A steady view allocates no more than with the baked copies: the
// per-frame chunks are reused.
func TestInstanceFramePoolReused(t *testing.T) {
	allocs := func(r *Renderer) float64 {
		cam := instanceCams[0]
		r.prepare(cam, 320, 240, Sorted)
		return testing.AllocsPerRun(5, func() {
			cam.Heading += 0.5
			r.prepare(cam, 320, 240, Sorted)
		})
	}
	rb, _ := NewRenderer()
	rb.SetLayer(0, nil, bakeInstances(instancedScene()))
	r, _ := NewRenderer()
	r.SetLayer(0, nil, instancedScene())
	got, want := allocs(r), allocs(rb)
	if r.frames[Sorted][0].used == 0 {
		t.Fatal("no instance was copied")
	}
	if got > want {
		t.Errorf("%g allocations per frame, %g with the baked copies", got, want)
	}
	pool := r.frames[Sorted][0].chunks[0]
	r.prepare(instanceCams[1], 320, 240, Sorted)
	if r.frames[Sorted][0].chunks[0] != pool {
		t.Error("the per-frame chunks were not reused")
	}
	// An exact Draw copies into pools of its own and lets their vertices
	// go once drawn.
	render(t, r, instanceCams[0], Exact)
	if len(r.frames[Exact]) == 0 || len(r.frames[Exact][0].chunks) == 0 {
		t.Fatal("the exact frame copied nothing")
	}
	for _, c := range r.frames[Exact][0].chunks {
		if cap(c.verts)+cap(c.pos)+cap(c.idx)+cap(c.z) != 0 {
			t.Errorf("an exact frame's chunk still holds %d vertices", cap(c.verts))
		}
	}
	if len(r.frames[Sorted][0].chunks[0].verts) == 0 {
		t.Error("the exact Draw emptied the sorted frames' chunks")
	}
}

// Far copies of a non-convex prototype are drawn as blocks while the
// camera moves, as the baked copies are: the same picture and triangles.
func TestInstanceBlocksLikeBaked(t *testing.T) {
	trees := []scene.Mesh{treeMesh(10)}
	cam := scene.Camera{Target: scene.Vec3{45, 45, 0}, Heading: 30, Pitch: -35, Range: 500}
	got, _, gst := draw(t, nil, trees, cam, Sorted, 320, 240)
	want, _, wst := draw(t, nil, bakeInstances(trees), cam, Sorted, 320, 240)
	if n := differing(got, want, 3); n > 10 {
		t.Errorf("%d pixels differ from the baked picture", n)
	}
	if gst.Triangles != wst.Triangles || wst.Triangles >= 100*208 {
		t.Errorf("%d triangles, baked %d (of %d without blocks)", gst.Triangles, wst.Triangles, 100*208)
	}
}

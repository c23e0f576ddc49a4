package render

import (
	"fmt"
	"math"
	"testing"

	"citytwin/render/pick"
	"citytwin/scene"
)

// instanceFeatures returns enough features for instancedScene's numbers.
func instanceFeatures() []scene.Feature {
	fs := make([]scene.Feature, 22)
	for i := range fs {
		fs[i] = scene.Feature{ID: fmt.Sprint(i), Index: i}
	}
	return fs
}

// A model layer with instanced meshes, given to SetScene (the by-tile
// path for vector layers, SetLayer's for models), draws like the baked
// copies, and the viewer's picking and roof placement reach it.
func TestInstancesThroughSetScene(t *testing.T) {
	vec := vectorScene(4)
	model := &scene.Layer{ID: "trees", Kind: scene.KindGLTF, Visible: true, Meshes: instancedScene(), Features: instanceFeatures()}
	baked := &scene.Layer{ID: "trees", Kind: scene.KindGLTF, Visible: true, Meshes: bakeInstances(instancedScene()), Features: instanceFeatures()}
	cam := instanceCams[0]
	var pics [2][]byte
	for k, l := range []*scene.Layer{model, baked} {
		sc := &scene.Scene{Layers: append(vec.Layers[:2:2], l), StoreyHeight: 3}
		ev, err := sc.Evaluate()
		if err != nil {
			t.Fatal(err)
		}
		r := newTestRenderer(t)
		r.SetScene(sc, ev, nil)
		pics[k] = render(t, r, cam, Exact).Pix
		if k == 0 {
			if len(r.insts) != 3 || len(r.insts[2]) != 2 {
				t.Fatalf("instance sets per layer: %d layers", len(r.insts))
			}
			var ix pick.Index
			for i := range r.SolidLayers() {
				r.AddPick(&ix, i, nil)
			}
			ix.Build()
			h, ok := ix.Pick(scene.Vec3{20, 20, 500}, scene.Vec3{0, 0, -1})
			if !ok || h.Layer != 2 || h.Feature != 5 || math.Abs(h.Point[2]-9) > 1e-4 {
				t.Errorf("pick: got %+v %v, want layer 2 feature 5 at height 9", h, ok)
			}
		}
	}
	n := 0
	for i := range pics[0] {
		if d := int(pics[0][i]) - int(pics[1][i]); d > 3 || d < -3 {
			n++
		}
	}
	if n > 10 {
		t.Errorf("%d bytes differ from the baked scene's picture", n)
	}
}

// UpdateFeatures takes a layer's instanced meshes anew: instances that
// moved are drawn and picked where they went.
func TestInstancesThroughUpdateFeatures(t *testing.T) {
	r := newTestRenderer(t)
	r.SetLayer(0, nil, instancedScene())
	moved := instancedScene()
	moved[1].Instances[0].Transform = translate(200, 0, 0) // feature 5's box
	r.UpdateFeatures(0, func(f int) bool { return f == 5 }, nil, moved)
	if len(r.insts[0]) != 2 {
		t.Fatalf("%d instance sets after the update, want 2", len(r.insts[0]))
	}
	want := newTestRenderer(t)
	want.SetLayer(0, nil, moved)
	cam := scene.Camera{Target: scene.Vec3{100, 40, 5}, Heading: 10, Pitch: -40, Range: 300}
	if n := differing(render(t, r, cam, Exact), render(t, want, cam, Exact), 3); n > 0 {
		t.Errorf("%d pixels differ from the moved scene set anew", n)
	}
	if b := r.Bounds(); b.Max[0] < 204 {
		t.Errorf("bounds %v miss the moved box", b)
	}
}

// A streamed tile whose content is instanced is drawn like the same
// meshes given to SetLayer, and PickTiles finds its instances.
func TestInstancesInStreamedTiles(t *testing.T) {
	ref := newTestRenderer(t)
	ref.SetLayer(0, nil, instancedScene())
	tree := &scene.TileTree{
		Nodes: []scene.TileNode{{Bounds: ref.Bounds(), HasContent: true}},
		Load: func(int) (*scene.Layer, error) {
			return &scene.Layer{Meshes: instancedScene(), Features: instanceFeatures()}, nil
		},
	}
	r := streamRenderer(t, tree)
	cam := instanceCams[1]
	r.LoadTiles(cam, 320, 240)
	if st := r.TileStats(); st.Loaded != 1 || st.Bytes <= 0 {
		t.Fatalf("tile stats %+v", st)
	}
	for _, md := range modes {
		if n := differing(render(t, r, cam, md.mode), render(t, ref, cam, md.mode), 3); n > 10 {
			t.Errorf("%s: %d pixels differ from the layer's picture", md.name, n)
		}
	}
	h, ok := r.PickTiles(scene.Vec3{43, 3, 500}, scene.Vec3{0, 0, -1})
	if !ok || h.Feature != 13 || math.Abs(h.Point[2]-24) > 1e-4 {
		t.Errorf("PickTiles: got %+v %v, want the mirrored instance's feature 13 at height 24", h, ok)
	}
}

package render

import (
	"testing"

	"citytwin/scene"
)

// A scenario that hides model features leaves their parts, and the
// instances that draw them, out of what the renderer gets.
func TestAppendShownHidesModelFeatures(t *testing.T) {
	var boxes scene.Mesh
	addBox(&boxes, 0, scene.Vec3{0, 0, 0}, scene.Vec3{1, 1, 1}, red)
	addBox(&boxes, 1, scene.Vec3{2, 0, 0}, scene.Vec3{3, 1, 1}, blue)
	var tree scene.Mesh // an i3dm: every instance names its feature
	addBox(&tree, 2, scene.Vec3{0, 0, 0}, scene.Vec3{1, 1, 1}, white)
	for f := 2; f <= 4; f++ {
		tree.Instances = append(tree.Instances, scene.MeshInstance{Transform: [12]float64{1, 0, 0, float64(10 * f), 0, 1, 0, 0, 0, 0, 1, 0}, Feature: f})
	}
	l := &scene.Layer{ID: "model", Kind: scene.KindGLTF, Meshes: []scene.Mesh{boxes, tree},
		Features: []scene.Feature{{ID: "a"}, {ID: "b"}, {ID: "t2"}, {ID: "t3"}, {ID: "t4"}}}
	sc := &scene.Scene{Layers: []*scene.Layer{l}, Scenarios: []scene.Scenario{
		{ID: "s", Title: "s", Changes: []scene.Change{{Hide: &scene.Selection{Layer: "model", IDs: []string{"a", "t2"}}}}},
		{ID: "all", Title: "all", Changes: []scene.Change{{Hide: &scene.Selection{Layer: "model", IDs: []string{"a", "b", "t2", "t3", "t4"}}}}},
	}}
	base, _ := sc.Evaluate()
	if got := appendShown(nil, l, base); len(got) != 2 || len(got[0].Parts) != 2 || len(got[1].Instances) != 3 {
		t.Fatalf("baseline: %d meshes, want both whole", len(got))
	}
	ev, err := sc.Evaluate("s")
	if err != nil {
		t.Fatal(err)
	}
	got := appendShown(nil, l, ev)
	if len(got) != 2 || len(got[0].Parts) != 1 || got[0].Parts[0].Feature != 1 {
		t.Fatalf("hiding a: got %d meshes, first with parts %+v; want b's part only", len(got), got[0].Parts)
	}
	if n := len(got[1].Instances); n != 2 || got[1].Instances[0].Feature != 3 || len(got[1].Parts) != 1 {
		t.Errorf("hiding t2: %d instances, parts %d; want t3 and t4 with the tree's part", n, len(got[1].Parts))
	}
	if len(l.Meshes[0].Parts) != 2 || len(l.Meshes[1].Instances) != 3 {
		t.Error("appendShown changed the layer's own meshes")
	}
	all, _ := sc.Evaluate("all")
	if got := appendShown(nil, l, all); len(got) != 0 {
		t.Errorf("everything hidden: %d meshes left", len(got))
	}
}

package tiles3d

import (
	"encoding/json"
	"math"
	"testing"
	"testing/fstest"

	"citytwin/scene"
)

// TestOpenTreeExternalAndImplicit opens a tileset whose root (REPLACE,
// ECEF sphere) has an external tileset child holding an implicit quadtree:
// the tree must keep the structure, halve geometric errors per implicit
// level, subdivide the bounding box, and load nothing until asked.
func TestOpenTreeExternalAndImplicit(t *testing.T) {
	c := scene.GeodeticToECEF(5, 50, 0)
	frame := scene.NewFrame(scene.Geo{Lon: 5, Lat: 50})
	ft, _ := json.Marshal(map[string]any{"BATCH_LENGTH": 2, "RTC_CENTER": c})
	b3 := makeB3DM(string(ft), nil, "", nil, triangleGLB(t))
	// The implicit root is the same as TestImplicitQuadtree's: content on
	// (1,1,0), (1,1,1) and (2,2,2).
	root := subtreeFile([]byte{0b0_1010_1}, []byte{0b0_1010_0}, []byte{0, 0x10})
	leaf := subtreeFile([]byte{1}, []byte{1}, []byte{0, 0})
	// A 400 m box around the RTC centre along east, north and up.
	box := []float64{c[0], c[1], c[2]}
	o := frame.ToECEF(scene.Vec3{})
	for _, d := range []scene.Vec3{{200, 0, 0}, {0, 200, 0}, {0, 0, 200}} {
		p := frame.ToECEF(d)
		box = append(box, p[0]-o[0], p[1]-o[1], p[2]-o[2])
	}
	ext, _ := json.Marshal(map[string]any{"asset": map[string]any{"version": "1.1"}, "geometricError": 100,
		"root": map[string]any{"boundingVolume": map[string]any{"box": box}, "geometricError": 80, "refine": "REPLACE",
			"content": map[string]any{"uri": "c/{level}_{x}_{y}.b3dm"},
			"implicitTiling": map[string]any{"subdivisionScheme": "QUADTREE", "subtreeLevels": 2, "availableLevels": 4,
				"subtrees": map[string]any{"uri": "s/{level}_{x}_{y}.subtree"}}}})
	main, _ := json.Marshal(map[string]any{"asset": map[string]any{"version": "1.0"}, "geometricError": 500,
		"root": map[string]any{"boundingVolume": map[string]any{"sphere": []float64{c[0], c[1], c[2], 400}}, "geometricError": 200,
			"refine": "REPLACE", "content": map[string]any{"uri": "root.b3dm"},
			"children": []any{map[string]any{"boundingVolume": map[string]any{"box": box}, "geometricError": 100,
				"content": map[string]any{"uri": "sub/tileset.json"}}}}})
	fsys := fstest.MapFS{
		"tileset.json":        {Data: main},
		"root.b3dm":           {Data: b3},
		"sub/tileset.json":    {Data: ext},
		"sub/s/0_0_0.subtree": {Data: root},
		"sub/s/2_2_2.subtree": {Data: leaf},
		"sub/c/1_1_0.b3dm":    {Data: b3},
		"sub/c/1_1_1.b3dm":    {Data: b3},
		"sub/c/2_2_2.b3dm":    {Data: b3},
	}
	l, err := Open(fsys, "tileset.json", Options{Frame: frame})
	if err != nil {
		t.Fatal(err)
	}
	if n := l.Tiles.Nodes; len(n) != 2 || !n[1].Unexpanded || l.Tiles.Expand == nil {
		t.Fatalf("at open: %d nodes, want the root and its child holding the unread external tileset: %+v", len(n), n)
	}
	if p := expandAll(l.Tiles); len(p) > 0 {
		t.Fatal(p)
	}
	n := l.Tiles.Nodes
	// root, the child with the external tileset, its root (implicit level
	// 0), levels 1 (x=1,y=0), (1,1), 2 (2,2) under (1,1).
	if len(n) != 6 {
		t.Fatalf("%d nodes, want 6: %+v", len(n), n)
	}
	if !n[0].HasContent || n[1].HasContent || n[2].HasContent || !n[3].HasContent {
		t.Errorf("content flags: %v %v %v %v", n[0].HasContent, n[1].HasContent, n[2].HasContent, n[3].HasContent)
	}
	if len(n[0].Children) != 1 || len(n[1].Children) != 1 || len(n[2].Children) != 2 {
		t.Errorf("children: %v %v %v", n[0].Children, n[1].Children, n[2].Children)
	}
	if n[3].GeometricError != 40 || n[5].GeometricError != 20 || n[5].Depth != 4 {
		t.Errorf("implicit levels: errors %v, %v, depth %d; want 40, 20, 4", n[3].GeometricError, n[5].GeometricError, n[5].Depth)
	}
	// Level 1 (x=1, y=0) is the south-east quarter of the 400 m box.
	b := n[3].Bounds
	if math.Abs(b.Max[0]-b.Min[0]-200) > 1 || math.Abs(b.Center()[0]-100) > 1 || math.Abs(b.Center()[1]+100) > 1 {
		t.Errorf("tile (1,1,0) bounds %v, want the south-east quarter", b)
	}
	if !inside(n[5].Bounds, n[4].Bounds, 1e-6) {
		t.Errorf("tile (2,2,2) %v outside its parent (1,1,1) %v", n[5].Bounds, n[4].Bounds)
	}
	tl, err := l.Tiles.Load(5)
	if err != nil || triangles(tl) != 2 || tl.Features[0].Properties["tile"] != "sub/c/2_2_2.b3dm" {
		t.Fatalf("tile 5: %v, %d triangles, features %+v", err, triangles(tl), tl.Features)
	}
	if tl, err := l.Tiles.Load(1); err != nil || len(tl.Meshes) != 0 {
		t.Errorf("tile without content: %v, %d meshes; want an empty layer", err, len(tl.Meshes))
	}
}

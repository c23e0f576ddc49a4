package render

import (
	"image/color"
	"testing"

	"citytwin/scene"
)

// streamedScene is the small generated tileset as a streamed layer, with a
// scenario that hides the leaf under downAt(150, 150, …).
func streamedScene(t *testing.T) (*scene.Scene, *scene.Evaluation, *scene.Evaluation) {
	t.Helper()
	l := openGenerated(t, smallTileset)
	sc := &scene.Scene{Layers: []*scene.Layer{l}, Scenarios: []scene.Scenario{{ID: "gone", Title: "Without the block",
		Changes: []scene.Change{{Hide: &scene.Selection{Layer: l.ID, Where: &scene.Filter{Property: "tile", Equals: "tiles/2_1_1.glb"}}}}}}}
	base, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := sc.Evaluate("gone")
	if err != nil {
		t.Fatal(err)
	}
	return sc, base, ev
}

// centreTile returns the tile of the feature under the picture's centre
// ("" when the ray meets none).
func centreTile(r *Renderer, cam scene.Camera) string {
	pr := r.Projector(cam, 320, 240)
	h, ok := r.PickTiles(pr.Ray(160, 120))
	if !ok {
		return ""
	}
	s, _ := h.Tile.Features[h.Feature].Properties["tile"].(string)
	return s
}

func TestStreamedTilesHonourScenarioHide(t *testing.T) {
	sc, base, ev := streamedScene(t)
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	near := downAt(150, 150, 150)
	meshes := r.SetScene(sc, base, nil)
	r.LoadTiles(near, 320, 240)
	if got := levelOf(drawView(r, near)); got != 2 {
		t.Fatalf("baseline: centre shows level %d, want the leaf (2)", got)
	}
	if got := centreTile(r, near); got != "tiles/2_1_1.glb" {
		t.Fatalf("baseline: picked %q", got)
	}
	meshes = r.UpdateScene(sc, base, ev, meshes, nil)
	r.LoadTiles(near, 320, 240)
	if got := levelOf(drawView(r, near)); got == 2 {
		t.Error("the scenario hides the leaf's block, but it is still drawn")
	}
	if got := centreTile(r, near); got == "tiles/2_1_1.glb" {
		t.Error("the hidden block can still be picked")
	}
	// Tiles that load after the switch are hidden too: start afresh.
	r2, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r2.Close)
	r2.SetScene(sc, ev, nil)
	r2.LoadTiles(near, 320, 240)
	if got := levelOf(drawView(r2, near)); got == 2 {
		t.Error("a tile loaded in the scenario draws its hidden block")
	}
	r.UpdateScene(sc, ev, base, meshes, nil)
	if got := levelOf(drawView(r, near)); got != 2 {
		t.Errorf("back to the baseline: centre shows level %d, want the leaf (2)", got)
	}
}

// highlightCentre streams the small tileset seen from 800 m (level 1:
// blue, far from the highlight's yellow), picks the streamed block at the
// picture's centre and highlights it; it returns the renderer, the
// camera, the centre's colour before the highlight and the hit.
func highlightCentre(t *testing.T) (*Renderer, scene.Camera, color.RGBA, TileHit) {
	t.Helper()
	l := openGenerated(t, smallTileset)
	r := streamRenderer(t, l.Tiles)
	near := downAt(150, 150, 800)
	r.LoadTiles(near, 320, 240)
	before := drawView(r, near).RGBAAt(160, 120)
	pr := r.Projector(near, 320, 240)
	h, ok := r.PickTiles(pr.Ray(160, 120))
	if !ok {
		t.Fatal("nothing to pick")
	}
	r.HighlightTile(h.Layer, h.Node, h.Feature)
	return r, near, before, h
}

func TestHighlightTile(t *testing.T) {
	r, near, before, _ := highlightCentre(t)
	if lit := drawView(r, near).RGBAAt(160, 120); sameColor(lit, before, 20) {
		t.Errorf("the picked streamed block is not highlighted: %v, as before %v", lit, before)
	}
	r.HighlightTile(-1, -1, -1)
	if after := drawView(r, near).RGBAAt(160, 120); !sameColor(after, before, 1) {
		t.Errorf("clearing the highlight left %v, want %v", after, before)
	}
}

func TestSurfaceHeightOnStreamedRoofs(t *testing.T) {
	l := openGenerated(t, smallTileset)
	r := streamRenderer(t, l.Tiles)
	near := downAt(150, 150, 150)
	r.LoadTiles(near, 320, 240)
	drawView(r, near)
	// The leaf's blocks are 20 m tall; between them is the ground.
	if z := roofAt(r, 150, 150); z < 19.9 || z > 20.1 {
		t.Errorf("a sensor over a streamed block sits at %.2f m, want on its roof (20 m)", z)
	}
}

// A highlighted tile that is evicted and loaded again is highlighted again.
func TestHighlightTileSurvivesReload(t *testing.T) {
	r, near, before, h := highlightCentre(t)
	r.tiles.streams[h.Layer].Drop(h.Node, r.freeTile)
	r.LoadTiles(near, 320, 240)
	if lit := drawView(r, near).RGBAAt(160, 120); sameColor(lit, before, 20) {
		t.Errorf("after the tile came back: %v, as unhighlighted %v", lit, before)
	}
}

// TilesDrawn changes when the view draws other tiles, so the viewer
// places live markers again on the roofs now drawn.
func TestTilesDrawnFollowsTheView(t *testing.T) {
	l := openGenerated(t, smallTileset)
	r := streamRenderer(t, l.Tiles)
	a, b := downAt(150, 150, 150), downAt(350, 350, 150)
	r.LoadTiles(a, 320, 240)
	drawView(r, a)
	n := r.TilesDrawn()
	drawView(r, a)
	if r.TilesDrawn() != n {
		t.Error("the same view changed TilesDrawn")
	}
	r.LoadTiles(b, 320, 240)
	drawView(r, b)
	if r.TilesDrawn() == n {
		t.Error("a view of other tiles left TilesDrawn as it was")
	}
	if z := roofAt(r, 350, 350); z < 19.9 || z > 20.1 {
		t.Errorf("under the view drawn: %.2f m, want the roof (20 m)", z)
	}
}

// The renderer's bounds (its far plane) hold every tile the tree knows,
// also tiles outside their parents' volumes and tiles grafted later, but
// not the huge box of a tile without a usable volume.
func TestTileBoundsHoldEveryTile(t *testing.T) {
	root := scene.Box{Min: scene.Vec3{0, 0, 0}, Max: scene.Vec3{100, 100, 10}}
	out := scene.Box{Min: scene.Vec3{500, 0, 0}, Max: scene.Vec3{600, 100, 30}}
	tree := &scene.TileTree{Nodes: []scene.TileNode{{Bounds: root, Children: []int32{1}}, {Bounds: out, HasContent: true, Depth: 1}},
		Load: func(int) (*scene.Layer, error) { return &scene.Layer{}, nil }}
	r := streamRenderer(t, tree)
	if b := r.Bounds(); b.Max[0] != 600 || b.Max[2] != 30 {
		t.Errorf("bounds %v, want them to reach the child outside the root (x 600, z 30)", b)
	}
	far := scene.Box{Min: scene.Vec3{-1e9, -1e9, -1e9}, Max: scene.Vec3{1e9, 1e9, 1e9}}
	late := scene.Box{Min: scene.Vec3{0, 900, 0}, Max: scene.Vec3{50, 950, 5}}
	tree.Nodes = append(tree.Nodes, scene.TileNode{Bounds: far, Depth: 1}, scene.TileNode{Bounds: late, HasContent: true, Depth: 1})
	r.updateBounds()
	if b := r.Bounds(); b.Max[1] != 950 || b.Min[0] < -1 {
		t.Errorf("after grafting: bounds %v, want y up to 950 and no unbounded box", b)
	}
}

// roofAt returns the height of the highest streamed tile surface the
// renderer drew last at local (x, y), or its ground: where the live
// overlay stands a sensor.
func roofAt(r *Renderer, x, y float64) float64 {
	if hit, ok := r.PickTiles(scene.Vec3{x, y, r.Bounds().Max[2] + 100}, scene.Vec3{0, 0, -1}); ok {
		return max(hit.Point[2], r.GroundZ())
	}
	return r.GroundZ()
}

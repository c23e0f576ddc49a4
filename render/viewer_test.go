package render

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// testScene is one layer of two model boxes with properties, and a
// scenario that hides the first.
func testScene() *scene.Scene {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-30, -10, 0}, scene.Vec3{-10, 10, 30}, red)
	addBox(&m, 1, scene.Vec3{10, -10, 0}, scene.Vec3{30, 10, 20}, blue)
	l := &scene.Layer{ID: "blocks", Title: "Blocks", Visible: true, Meshes: []scene.Mesh{m}, Attribution: "© test",
		Features: []scene.Feature{
			{ID: "a", Properties: map[string]any{"name": "Red block", "height": 30.0}},
			{ID: "b", Properties: map[string]any{"name": "Blue block", "height": 20.0}},
		}, Warnings: []string{"feature 7: skipped"}}
	return &scene.Scene{Name: "test", Layers: []*scene.Layer{l},
		Scenarios: []scene.Scenario{{ID: "no-red", Title: "Without red", Changes: []scene.Change{{Hide: &scene.Selection{Layer: "blocks", IDs: []string{"a"}}}}}}}
}

func TestViewerPickAndScenario(t *testing.T) {
	sc := testScene()
	// The default builder leaves the parts of hidden model features out.
	v, err := newViewer(sc, ViewerOptions{Width: 320, Height: 240, Camera: scene.Camera{Heading: 0, Pitch: -20, Range: 150}})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.init(); err != nil {
		t.Fatal(err)
	}
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 320, 240), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen)
	if !strings.Contains(v.overlay.Status, "1 warning: blocks: feature 7") || v.overlay.Attribution != "© test" {
		t.Errorf("overlay %+v", v.overlay)
	}

	pr := v.r.Projector(v.nav.Camera(), 320, 240)
	x, y, _, _ := pr.Project(scene.Vec3{-20, -10, 15}) // red block's south face
	v.pickAt(x, y)
	if v.picked != [2]int{0, 0} || len(v.overlay.Panel) != 3 || v.overlay.Panel[0] != "Blocks · a" || v.overlay.Panel[2] != "name: Red block" {
		t.Fatalf("picked %v, panel %q", v.picked, v.overlay.Panel)
	}
	v.pickAt(5, 5) // sky
	if v.picked[1] != -1 || v.overlay.Panel != nil {
		t.Errorf("picking the sky kept %v %q", v.picked, v.overlay.Panel)
	}

	v.showScenario(1)
	if !strings.HasPrefix(v.overlay.Status, "Scenario: Without red") {
		t.Errorf("status %q", v.overlay.Status)
	}
	v.Draw(screen)
	got := image.NewRGBA(image.Rect(0, 0, 320, 240))
	v.pic.ReadPixels(got.Pix)
	if c := got.RGBAAt(int(x), int(y)); sameColor(c, shaded(red, south), 10) {
		t.Errorf("the hidden red block is still drawn: %v", c)
	}
	if _, ok := v.ix.Pick(pr.Ray(x, y)); ok {
		t.Errorf("the hidden red block can still be picked")
	}
	v.showScenario(0)
	v.Draw(screen)
	v.pic.ReadPixels(got.Pix)
	if c := got.RGBAAt(int(x), int(y)); !sameColor(c, shaded(red, south), 3) {
		t.Errorf("back to the baseline: got %v, want the red block", c)
	}
	// Picking uses the renderer's chunks: the viewer keeps no solid meshes.
	v.pickAt(x, y)
	if v.picked != [2]int{0, 0} {
		t.Errorf("back to the baseline: picked %v, want the red block", v.picked)
	}
	for i, m := range v.meshes {
		if m.Solids != nil {
			t.Errorf("layer %d: the viewer keeps %d solid meshes", i, len(m.Solids))
		}
	}
}

// Selecting a feature tints it; clearing the selection restores it, also
// across a scenario change that rebuilds its chunk.
func TestHighlight(t *testing.T) {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-30, -10, 0}, scene.Vec3{-10, 10, 30}, red)
	addBox(&m, 1, scene.Vec3{10, -10, 0}, scene.Vec3{30, 10, 20}, blue)
	cam := scene.Camera{Heading: 0, Pitch: -20, Range: 150}
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetLayer(0, nil, []scene.Mesh{m})
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, 320, 240), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	pix := image.NewRGBA(image.Rect(0, 0, 320, 240))
	colorAt := func(p scene.Vec3) color.RGBA {
		r.Draw(img, cam, Exact)
		img.ReadPixels(pix.Pix)
		return at(t, pix, r, cam, p)
	}
	redFace, blueFace := scene.Vec3{-20, -10, 15}, scene.Vec3{20, -10, 10}
	plain := colorAt(redFace)
	r.Highlight(0, 0)
	if got := colorAt(redFace); sameColor(got, plain, 10) {
		t.Errorf("highlighted block looks the same: %v", got)
	}
	if got := colorAt(blueFace); !sameColor(got, shaded(blue, south), 3) {
		t.Errorf("the other block changed: %v", got)
	}
	r.SetLayer(0, nil, []scene.Mesh{m}) // rebuilt: the highlight stays
	if got := colorAt(redFace); sameColor(got, plain, 10) {
		t.Errorf("highlight lost in a rebuild: %v", got)
	}
	r.Highlight(0, -1)
	if got := colorAt(redFace); !sameColor(got, plain, 1) {
		t.Errorf("after clearing: got %v, want %v", got, plain)
	}
}

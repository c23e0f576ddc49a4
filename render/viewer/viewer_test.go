package viewer

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
	v, err := newViewer(sc, Options{Width: 320, Height: 240, Camera: scene.Camera{Heading: 0, Pitch: -20, Range: 150}})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.init(); err != nil {
		t.Fatal(err)
	}
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 320, 240), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen)
	if !strings.Contains(v.hud.Status, "1 warning: blocks: feature 7") || v.hud.Attribution != "© test" {
		t.Errorf("overlay %+v", v.hud)
	}

	pr := v.r.Projector(v.nav.Camera(), 320, 240)
	x, y, _, _ := pr.Project(scene.Vec3{-20, -10, 15}) // red block's south face
	v.pickAt(x, y)
	if v.picked != [2]int{0, 0} || len(v.hud.Panel) != 3 || v.hud.Panel[0] != "Blocks · a" || v.hud.Panel[2] != "name: Red block" {
		t.Fatalf("picked %v, panel %q", v.picked, v.hud.Panel)
	}
	v.pickAt(5, 5) // sky
	if v.picked[1] != -1 || v.hud.Panel != nil {
		t.Errorf("picking the sky kept %v %q", v.picked, v.hud.Panel)
	}

	v.Draw(screen)
	got := image.NewRGBA(image.Rect(0, 0, 320, 240))
	v.pic.ReadPixels(got.Pix)
	redFace := got.RGBAAt(int(x), int(y))
	v.showScenario(1)
	if !strings.HasPrefix(v.hud.Status, "Scenario: Without red") {
		t.Errorf("status %q", v.hud.Status)
	}
	v.Draw(screen)
	v.pic.ReadPixels(got.Pix)
	if c := got.RGBAAt(int(x), int(y)); sameColor(c, redFace, 10) {
		t.Errorf("the hidden red block is still drawn: %v", c)
	}
	if _, ok := v.ix.Pick(pr.Ray(x, y)); ok {
		t.Errorf("the hidden red block can still be picked")
	}
	v.showScenario(0)
	v.Draw(screen)
	v.pic.ReadPixels(got.Pix)
	if c := got.RGBAAt(int(x), int(y)); !sameColor(c, redFace, 3) {
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

func sameColor(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

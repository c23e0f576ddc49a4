package render

import (
	"image"
	"image/color"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

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

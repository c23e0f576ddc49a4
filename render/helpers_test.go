package render

import (
	"flag"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/internal/rendertest"
	"citytwin/scene"
)

// addBox and addQuad build test meshes (rendertest.AddBox, AddQuad).
var (
	addBox  = rendertest.AddBox
	addQuad = rendertest.AddQuad
)

// gridCity returns n×n L-shaped buildings (rendertest.GridCity) in meshes
// that fit a chunk.
func gridCity(n int) []scene.Mesh { return rendertest.GridCity(n, maxChunkVertices) }

// draw renders the meshes from cam into a w×h picture.
func draw(t testing.TB, ground, solids []scene.Mesh, cam scene.Camera, mode Mode, w, h int) (*image.RGBA, *Renderer, Stats) {
	t.Helper()
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetLayer(0, ground, solids)
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	st := r.Draw(img, cam, mode)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	img.ReadPixels(out.Pix)
	return out, r, st
}

// shaded is the colour a lit face with normal n gets.
func shaded(c color.NRGBA, n [3]float32) color.RGBA {
	r, g, b, _ := shade(c, n, false)
	return color.RGBA{R: uint8(math.Round(float64(r) * 255)), G: uint8(math.Round(float64(g) * 255)), B: uint8(math.Round(float64(b) * 255)), A: 255}
}

func sameColor(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// at returns the colour at the pixel where world point p projects.
func at(t testing.TB, img *image.RGBA, r *Renderer, cam scene.Camera, p scene.Vec3) color.RGBA {
	t.Helper()
	b := img.Bounds()
	pr := r.Projector(cam, b.Dx(), b.Dy())
	x, y, _, ok := pr.Project(p)
	if !ok || x < 0 || y < 0 || int(x) >= b.Dx() || int(y) >= b.Dy() {
		t.Fatalf("%v is off screen (%g, %g)", p, x, y)
	}
	return img.RGBAAt(int(x), int(y))
}

var (
	red    = rendertest.Red
	blue   = rendertest.Blue
	yellow = rendertest.Yellow
	purple = rendertest.Purple
	grey   = rendertest.Grey
	white  = rendertest.White
)

var (
	south = [3]float32{0, -1, 0}
	east  = [3]float32{1, 0, 0}
	up    = [3]float32{0, 0, 1}
)

// updateGolden writes the pictures the tests drew into testdata/, to look
// at them: go test -args -update.
var updateGolden = flag.Bool("update", false, "write the test pictures into testdata/")

func colorRGB(x uint64) color.NRGBA {
	return color.NRGBA{R: uint8(x >> 16), G: uint8(x >> 8), B: uint8(x), A: 255}
}

func rgba(r, g, b uint32) color.RGBA {
	return color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 255}
}

package render

import (
	"flag"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// addBox appends an axis-aligned box (outward, counter-clockwise faces, one
// normal per face) as one part of m.
func addBox(m *scene.Mesh, feature int, min, max scene.Vec3, c color.NRGBA) {
	first := len(m.Indices)
	corner := func(i int) [3]float32 {
		p := min
		if i&1 != 0 {
			p[0] = max[0]
		}
		if i&2 != 0 {
			p[1] = max[1]
		}
		if i&4 != 0 {
			p[2] = max[2]
		}
		return [3]float32{float32(p[0]), float32(p[1]), float32(p[2])}
	}
	faces := []struct {
		c [4]int
		n [3]float32
	}{
		{[4]int{0, 2, 3, 1}, [3]float32{0, 0, -1}}, // bottom
		{[4]int{4, 5, 7, 6}, [3]float32{0, 0, 1}},  // top
		{[4]int{0, 1, 5, 4}, [3]float32{0, -1, 0}}, // south
		{[4]int{2, 6, 7, 3}, [3]float32{0, 1, 0}},  // north
		{[4]int{0, 4, 6, 2}, [3]float32{-1, 0, 0}}, // west
		{[4]int{1, 3, 7, 5}, [3]float32{1, 0, 0}},  // east
	}
	b := scene.EmptyBox().Extend(min).Extend(max)
	for _, f := range faces {
		base := uint32(len(m.Vertices))
		for _, k := range f.c {
			m.Vertices = append(m.Vertices, scene.Vertex{Pos: corner(k), Color: c})
		}
		m.Indices = append(m.Indices, base, base+1, base+2, base, base+2, base+3)
	}
	m.Parts = append(m.Parts, scene.Part{Feature: feature, First: first, Count: len(m.Indices) - first, Bounds: b})
}

// addQuad appends a flat quad at height z (ground mesh).
func addQuad(m *scene.Mesh, x0, y0, x1, y1, z float64, c color.NRGBA) {
	base := uint32(len(m.Vertices))
	for _, p := range [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}} {
		m.Vertices = append(m.Vertices, scene.Vertex{Pos: [3]float32{float32(p[0]), float32(p[1]), float32(z)}, Color: c})
	}
	m.Indices = append(m.Indices, base, base+1, base+2, base, base+2, base+3)
}

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
	red    = color.NRGBA{R: 220, G: 40, B: 40, A: 255}
	blue   = color.NRGBA{R: 40, G: 60, B: 220, A: 255}
	yellow = color.NRGBA{R: 255, G: 212, B: 0, A: 255}
	purple = color.NRGBA{R: 142, G: 68, B: 173, A: 255}
	grey   = color.NRGBA{R: 70, G: 70, B: 75, A: 255}
	white  = color.NRGBA{R: 240, G: 240, B: 240, A: 255}
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

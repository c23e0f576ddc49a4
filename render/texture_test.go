package render

import (
	"image"
	"image/color"
	"testing"

	"citytwin/scene"
)

// A textured wall shows its texture (times the lit vertex colour) in both
// modes, repeated where the UVs go past 1.
func TestTexturedWall(t *testing.T) {
	tex := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	tex.SetNRGBA(0, 0, color.NRGBA{R: 255, A: 255})
	tex.SetNRGBA(1, 0, color.NRGBA{G: 255, A: 255})
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-20, 0, 0}, scene.Vec3{20, 10, 20}, white)
	// The south face is vertices 8..11 (corners 0, 1, 5, 4): u runs 0..2
	// from west to east, so the texture repeats twice.
	for i, uv := range [][2]float32{{0, 1}, {2, 1}, {2, 0}, {0, 0}} {
		m.Vertices[8+i].UV = uv
	}
	m.Texture = tex
	cam := scene.Camera{Target: scene.Vec3{0, 0, 10}, Heading: 0, Pitch: -5, Range: 80}
	for _, md := range modes {
		t.Run(md.name, func(t *testing.T) {
			img, r, _ := draw(t, nil, []scene.Mesh{m}, cam, md.mode, 320, 240)
			w := shaded(white, south)
			redish := color.RGBA{R: w.R, A: 255}
			greenish := color.RGBA{G: w.G, A: 255}
			for _, c := range []struct {
				x    float64
				want color.RGBA
			}{{-15, redish}, {-5, greenish}, {5, redish}, {15, greenish}} {
				if got := at(t, img, r, cam, scene.Vec3{c.x, 0, 10}); !sameColor(got, c.want, 3) {
					t.Errorf("x=%g: got %v, want %v", c.x, got, c.want)
				}
			}
		})
	}
}

// Package rendertest holds what the tests of render, render/overlay and
// render/viewer share: scenes made of boxes, colours and the TestMain that
// runs tests inside Ebiten's game loop. It imports scene and Ebiten, never
// render (render's own tests use it).
package rendertest

import (
	"image/color"
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// Colours the tests draw with.
var (
	Red    = color.NRGBA{R: 220, G: 40, B: 40, A: 255}
	Blue   = color.NRGBA{R: 40, G: 60, B: 220, A: 255}
	Yellow = color.NRGBA{R: 255, G: 212, B: 0, A: 255}
	Purple = color.NRGBA{R: 142, G: 68, B: 173, A: 255}
	Grey   = color.NRGBA{R: 70, G: 70, B: 75, A: 255}
	White  = color.NRGBA{R: 240, G: 240, B: 240, A: 255}
)

// AddBox appends an axis-aligned box from min to max (outward,
// counter-clockwise faces) in colour c as one part of feature in m.
func AddBox(m *scene.Mesh, feature int, min, max scene.Vec3, c color.NRGBA) {
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
	faces := [6][4]int{
		{0, 2, 3, 1}, // bottom
		{4, 5, 7, 6}, // top
		{0, 1, 5, 4}, // south
		{2, 6, 7, 3}, // north
		{0, 4, 6, 2}, // west
		{1, 3, 7, 5}, // east
	}
	b := scene.EmptyBox().Extend(min).Extend(max)
	for _, f := range faces {
		base := uint32(len(m.Vertices))
		for _, k := range f {
			m.Vertices = append(m.Vertices, scene.Vertex{Pos: corner(k), Color: c})
		}
		m.Indices = append(m.Indices, base, base+1, base+2, base, base+2, base+3)
	}
	m.Parts = append(m.Parts, scene.Part{Feature: feature, First: first, Count: len(m.Indices) - first, Bounds: b})
}

// AddQuad appends a flat quad from (x0, y0) to (x1, y1) at height z (a
// ground mesh) in colour c.
func AddQuad(m *scene.Mesh, x0, y0, x1, y1, z float64, c color.NRGBA) {
	base := uint32(len(m.Vertices))
	for _, p := range [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}} {
		m.Vertices = append(m.Vertices, scene.Vertex{Pos: [3]float32{float32(p[0]), float32(p[1]), float32(z)}, Color: c})
	}
	m.Indices = append(m.Indices, base, base+1, base+2, base, base+2, base+3)
}

// GridCity returns n×n L-shaped buildings 25 m apart (like RENDERING.md's
// synthetic cities), one part each, as meshes of at most maxVertices
// vertices.
func GridCity(n, maxVertices int) []scene.Mesh {
	var out []scene.Mesh
	m := &scene.Mesh{}
	k := 0
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if len(m.Vertices) > maxVertices-100 {
				out = append(out, *m)
				m = &scene.Mesh{}
			}
			x0, y0 := float64(x-n/2)*25, float64(y-n/2)*25
			h := 6 + float64((x*7+y*13)%11)*4
			c := color.NRGBA{R: uint8(180 + x%60), G: 170, B: uint8(150 + y%80), A: 255}
			first := len(m.Indices)
			AddBox(m, k, scene.Vec3{x0, y0, 0}, scene.Vec3{x0 + 16, y0 + 8, h}, c)
			AddBox(m, k, scene.Vec3{x0, y0 + 8, 0}, scene.Vec3{x0 + 8, y0 + 16, h}, c)
			m.Parts = m.Parts[:len(m.Parts)-2]
			m.Parts = append(m.Parts, scene.Part{Feature: k, First: first, Count: len(m.Indices) - first})
			k++
		}
	}
	return append(out, *m)
}

// Main runs the tests of m inside one Update of Ebiten's game loop (the
// pattern of Ebiten's internal/testing: drawing only works there) and
// exits with their code. Call it from TestMain; run under xvfb-run.
func Main(m *testing.M) {
	g := &game{m: m, code: 1}
	ebiten.SetWindowSize(320, 240)
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
	os.Exit(g.code)
}

type game struct {
	m    *testing.M
	code int
}

func (g *game) Update() error {
	g.code = g.m.Run()
	return ebiten.Termination
}

func (*game) Draw(*ebiten.Image) {}

func (*game) Layout(int, int) (int, int) { return 320, 240 }

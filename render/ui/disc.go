package ui

import (
	"fmt"
	"image/color"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
)

// discSrc fills each screen quad with an anti-aliased disc and a dark
// outline (the live markers' look). Per vertex: color is the fill
// (straight alpha), custom.x and custom.y the offset from the centre in
// pixels, custom.w the radius in pixels. Output is premultiplied.
const discSrc = `//kage:unit pixels

package main

func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	d := length(custom.xy)
	r := custom.w
	fill := 1 - smoothstep(r-0.75, r+0.75, d)
	ow := clamp(0.25*r, 0.6, 1.75)
	edge := 1 - smoothstep(r-ow-0.6, r-ow+0.4, d)
	c := mix(vec3(0.1, 0.1, 0.12), color.rgb, edge)
	a := fill * color.a
	return vec4(c*a, a)
}
`

var discShader = sync.OnceValues(func() (*ebiten.Shader, error) {
	sh, err := ebiten.NewShader([]byte(discSrc))
	if err != nil {
		return nil, fmt.Errorf("ui: compiling the disc shader: %w", err)
	}
	return sh, nil
})

// Discs batches UI discs (legend swatches, state dots) and draws them in
// one call. The zero Discs is ready to use; reuse it every frame so that
// drawing allocates nothing.
type Discs struct {
	verts []ebiten.Vertex
	idx   []uint16
	opt   ebiten.DrawTrianglesShaderOptions
}

// maxDiscs is the most discs one Draw submits (uint16 indices).
const maxDiscs = 65535 / 4

// Reset empties the batch.
func (d *Discs) Reset() { d.verts = d.verts[:0] }

// Add appends a disc of radius r pixels centred on (x, y), filled with c
// at opacity alpha (0–1), outlined in near-black. Discs past the 16,383rd
// of a batch are dropped.
func (d *Discs) Add(x, y, r float64, c color.NRGBA, alpha float32) {
	if len(d.verts)/4 >= maxDiscs {
		return
	}
	q := float32(r + 2)
	col := [3]float32{float32(c.R) / 255, float32(c.G) / 255, float32(c.B) / 255}
	for k := 0; k < 4; k++ {
		dx, dy := -q, -q
		if k&1 != 0 {
			dx = q
		}
		if k&2 != 0 {
			dy = q
		}
		d.verts = append(d.verts, ebiten.Vertex{
			DstX: float32(x) + dx, DstY: float32(y) + dy,
			ColorR: col[0], ColorG: col[1], ColorB: col[2], ColorA: alpha,
			Custom0: dx, Custom1: dy, Custom3: float32(r),
		})
	}
}

// Draw draws the batched discs onto dst. The batch is kept: call Reset
// before adding the next frame's discs.
func (d *Discs) Draw(dst *ebiten.Image) error {
	if len(d.verts) == 0 {
		return nil
	}
	sh, err := discShader()
	if err != nil {
		return err
	}
	for k := len(d.idx) / 6; k < len(d.verts)/4; k++ {
		b := uint16(4 * k)
		d.idx = append(d.idx, b, b+1, b+2, b+1, b+3, b+2)
	}
	dst.DrawTrianglesShader(d.verts, d.idx[:len(d.verts)/4*6], sh, &d.opt)
	return nil
}

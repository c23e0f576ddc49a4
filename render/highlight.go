package render

import "github.com/hajimehoshi/ebiten/v2"

// highlightTint is the colour a selected feature is blended towards, and
// how far (0..1).
var (
	highlightTint = [3]float32{1, 0.78, 0.1}
	highlightMix  = float32(0.55)
)

// savedColor is a vertex colour replaced by the highlight.
type savedColor struct {
	c          *chunk
	i          int32
	r, g, b, a float32
}

// Highlight tints feature of layer (as in Part.Feature) so the selection
// shows in the picture; feature < 0 clears it. Only one feature is
// highlighted at a time. The caller redraws. Baked chunks are tinted
// here; copies of instanced meshes are tinted as each frame copies them
// (fillInstances).
func (r *Renderer) Highlight(layer, feature int) {
	for _, s := range r.hlSaved {
		v := &s.c.verts[s.i]
		v.ColorR, v.ColorG, v.ColorB, v.ColorA = s.r, s.g, s.b, s.a
	}
	r.hlSaved = r.hlSaved[:0]
	r.hl = [2]int{layer, feature}
	if feature < 0 || layer < 0 || layer >= len(r.solids) {
		return
	}
	tint := func(c *chunk, from, to int32) {
		for i := from; i < to; i++ {
			v := &c.verts[i]
			r.hlSaved = append(r.hlSaved, savedColor{c, i, v.ColorR, v.ColorG, v.ColorB, v.ColorA})
			tintVertex(v)
		}
	}
	for _, c := range r.solids[layer] {
		for pi := range c.parts {
			p := &c.parts[pi]
			if int(p.feature) != feature {
				continue
			}
			tint(c, p.v0, p.v1)
			if p.proxy >= 0 {
				tint(c, p.proxy, p.proxy+8)
			}
		}
	}
}

// tintVertex blends v's (premultiplied) colour towards highlightTint.
func tintVertex(v *ebiten.Vertex) {
	k := highlightMix * v.ColorA
	v.ColorR += (highlightTint[0]*v.ColorA - v.ColorR) * k
	v.ColorG += (highlightTint[1]*v.ColorA - v.ColorG) * k
	v.ColorB += (highlightTint[2]*v.ColorA - v.ColorB) * k
}

package render

import "github.com/hajimehoshi/ebiten/v2"

// changeTint is the colour (linear RGB, 0..1) that TintChanged gives new
// and raised features: a pink no base style uses, apart from the
// selection's yellow.
var changeTint = [3]float32{0.91, 0.3, 0.56}

// TintChanged draws the solid parts of layer whose feature changed
// reports true in the change colour, so a scenario's new and raised
// buildings stand out. It sets the colour (calling it twice does no
// more); chunks that UpdateScene rebuilds come back in their own
// colours, so call it after each UpdateScene. The caller redraws.
func (r *Renderer) TintChanged(layer int, changed func(feature int) bool) {
	if layer < 0 || layer >= len(r.solids) {
		return
	}
	set := func(c *chunk, from, to int32) {
		for i := from; i < to; i++ {
			setTint(&c.verts[i])
		}
	}
	for _, c := range r.solids[layer] {
		for pi := range c.parts {
			p := &c.parts[pi]
			if p.feature < 0 || !changed(int(p.feature)) {
				continue
			}
			set(c, p.v0, p.v1)
			if p.proxy >= 0 {
				set(c, p.proxy, p.proxy+8)
			}
		}
	}
}

func setTint(v *ebiten.Vertex) {
	v.ColorR, v.ColorG, v.ColorB = changeTint[0]*v.ColorA, changeTint[1]*v.ColorA, changeTint[2]*v.ColorA
}

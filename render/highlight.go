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
	for _, is := range r.hlSets {
		is.hl = -1
	}
	r.hlSets = r.hlSets[:0]
	r.hl = [2]int{layer, feature}
	r.tintTileFeature()
	if feature < 0 || layer < 0 || layer >= len(r.solids) {
		return
	}
	for _, c := range r.solids[layer] {
		for pi := range c.parts {
			p := &c.parts[pi]
			if int(p.feature) == feature {
				r.tintPart(c, p)
			}
		}
	}
}

// tintPart tints the vertices of part p of c (and its proxy block),
// saving their colours.
func (r *Renderer) tintPart(c *chunk, p *part) {
	tint := func(from, to int32) {
		for i := from; i < to; i++ {
			v := &c.verts[i]
			r.hlSaved = append(r.hlSaved, savedColor{c, i, v.ColorR, v.ColorG, v.ColorB, v.ColorA})
			tintVertex(v)
		}
	}
	tint(p.v0, p.v1)
	if p.proxy >= 0 {
		tint(p.proxy, p.proxy+8)
	}
}

// tileFeature names one feature of one streamed tile.
type tileFeature struct {
	layer   int
	node    int32
	feature int32
}

// noTileFeature is no tile feature.
var noTileFeature = tileFeature{-1, -1, -1}

// HighlightTile tints feature of the streamed tile node of layer (as a
// TileHit names them) while that tile stays loaded; layer < 0 clears it.
// It is kept apart from Highlight's feature (tiles number their features
// on their own); the caller redraws.
func (r *Renderer) HighlightTile(layer int, node int32, feature int) {
	r.hlTile = tileFeature{layer, node, int32(feature)}
	if layer < 0 {
		r.hlTile = noTileFeature
	}
	r.Highlight(r.hl[0], r.hl[1])
}

// tintTileFeature tints the highlighted tile feature, if its tile is
// loaded.
func (r *Renderer) tintTileFeature() {
	h := r.hlTile
	if h.layer < 0 || h.layer >= len(r.tiles.streams) || r.tiles.streams[h.layer] == nil {
		return
	}
	t, ok := r.tiles.streams[h.layer].Content(h.node)
	if !ok {
		return
	}
	for _, c := range t.chunks {
		for pi := range c.parts {
			if p := &c.parts[pi]; p.feature == h.feature {
				r.tintPart(c, p)
			}
		}
	}
	for _, is := range t.inst {
		is.hl = h.feature
		r.hlSets = append(r.hlSets, is)
	}
}

// tintVertex blends v's (premultiplied) colour towards highlightTint.
func tintVertex(v *ebiten.Vertex) {
	k := highlightMix * v.ColorA
	v.ColorR += (highlightTint[0]*v.ColorA - v.ColorR) * k
	v.ColorG += (highlightTint[1]*v.ColorA - v.ColorG) * k
	v.ColorB += (highlightTint[2]*v.ColorA - v.ColorB) * k
}

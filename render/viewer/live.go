package viewer

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render"
	"citytwin/render/overlay"
	"citytwin/scene"
)

// initLive starts the live overlay when the viewer has live options.
func (v *viewer) initLive() {
	if v.opts.Live == nil || v.opts.Live.Sensors == nil {
		return
	}
	opts := *v.opts.Live
	if opts.Theme == nil {
		opts.Theme = v.theme
	}
	v.live = overlay.New(opts, v.sc.Frame)
	v.live.StandOn(v.r, &v.ix)
}

// pickLive handles a click or tap at (x, y) for the overlay: the legend
// cycles the quantity, a cluster of markers flies the camera to it (it
// comes apart), a marker shows its card. It reports whether the click was
// used.
func (v *viewer) pickLive(x, y float64) bool {
	if v.live == nil {
		return false
	}
	onLegend := image.Pt(int(x), int(y)).In(v.live.LegendRect())
	if cam, ok := v.live.ClusterView(x, y, v.nav.Camera()); ok && !onLegend {
		v.nav.FlyTo(cam, v.elapsed(), 0)
		return true
	}
	if v.live.Tap(x, y) {
		if v.live.Selected() >= 0 {
			v.selectFeature(-1, -1)
		}
		return true
	}
	return false
}

// updateLive handles the overlay's keys: Q cycles the quantity, Escape
// closes the card.
func (v *viewer) updateLive(qPressed, escPressed bool) {
	if v.live == nil {
		return
	}
	if qPressed {
		v.live.CycleQuantity()
	}
	if escPressed {
		v.live.ClearSelection()
	}
}

// drawLive draws the overlay over the composited picture.
func (v *viewer) drawLive(screen *ebiten.Image, cam scene.Camera) {
	if v.live == nil {
		return
	}
	if v.ev != v.liveEv {
		// Another scenario: roofs may have moved, place the markers again.
		v.liveEv = v.ev
		v.live.Replace()
	}
	if err := v.live.Draw(screen, v.r, cam, v.exact && cam == v.drawn); err != nil && v.err == nil {
		v.err = err
	}
}

// showTileFeature highlights a streamed tile's feature and shows its
// properties.
func (v *viewer) showTileFeature(h render.TileHit) {
	v.selectFeature(-1, -1)
	v.r.HighlightTile(h.Layer, h.Node, h.Feature)
	v.tilePicked = true
	v.hud.Panel = PropertiesPanel(h.Tile, nil, h.Feature)
	v.dirty = true
}

package render

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/pick"
	"citytwin/scene"
)

// draw draws the overlay onto dst, which holds the picture r drew for cam:
// the markers (depth-tested against r's cached depth when exact says that
// picture was drawn exactly from cam), value labels, the source lines, the
// legend and the picked sensor's card. It takes one registry snapshot.
func (o *liveOverlay) draw(dst *ebiten.Image, r *Renderer, cam scene.Camera, exact bool) error {
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	pr := r.Projector(cam, w, h)
	var depth *ebiten.Image
	var near, far float32
	if exact {
		depth, near, far = r.cachedDepth()
	}
	now := o.now()
	o.updateStatuses(now)
	o.refresh(&pr, cam, w, h, depth != nil, now)
	if err := o.drawMarkers(dst, depth, near, far); err != nil {
		return err
	}
	if exact {
		o.drawLabels(dst, &pr, cam, now)
	}
	o.uiVerts = o.uiVerts[:0]
	o.drawSources(dst)
	o.drawLegend(dst)
	if err := o.drawDiscs(dst); err != nil {
		return err
	}
	o.updateCard(now)
	o.drawCard(dst)
	return nil
}

// cachedDepth returns the depth image of the last exact Draw and its key's
// depth range, or nil when that Draw had nothing solid in view.
func (r *Renderer) cachedDepth() (*ebiten.Image, float32, float32) {
	near, ok1 := r.uni["Near"].(float32)
	far, ok2 := r.uni["Far"].(float32)
	if r.d1 == nil || len(r.visible) == 0 || !ok1 || !ok2 {
		return nil, 0, 0
	}
	return r.d1, near, far
}

// pickSensor returns the index of the sensor whose marker is nearest to
// pixel (x, y) within its radius plus slop pixels, or -1.
func (o *liveOverlay) pickSensor(x, y, slop float64) int {
	best, bestD := -1, 0.0
	for i := range o.marks {
		m := &o.marks[i]
		dx, dy := float64(m.x)-x, float64(m.y)-y
		d := dx*dx + dy*dy
		lim := float64(m.r) + slop
		if d <= lim*lim && (best < 0 || d < bestD) {
			best, bestD = int(m.idx), d
		}
	}
	return best
}

// surfaceHeight returns the height of the highest surface at local
// (x, y) (a roof) among the solids of ix and the streamed tiles r drew
// last, or r's ground when there is none.
func surfaceHeight(r *Renderer, ix *pick.Index, x, y float64) float64 {
	top, ground := r.Bounds().Max[2], r.groundZ
	o, d := scene.Vec3{x, y, top + 100}, scene.Vec3{0, 0, -1}
	z := ground
	if hit, ok := ix.Pick(o, d); ok && hit.Point[2] > z {
		z = hit.Point[2]
	}
	if hit, ok := r.PickTiles(o, d); ok && hit.Point[2] > z {
		z = hit.Point[2]
	}
	return z
}

// occludedBy reports whether a solid of ix lies between eye and p (more
// than a small tolerance in front of p).
func occludedBy(ix *pick.Index, eye, p scene.Vec3) bool {
	d := scene.Vec3{p[0] - eye[0], p[1] - eye[1], p[2] - eye[2]}
	n := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
	if n == 0 {
		return false
	}
	hit, ok := ix.Pick(eye, scene.Vec3{d[0] / n, d[1] / n, d[2] / n})
	return ok && hit.Dist < n-2-0.02*n
}

// pickSlop is how far (pixels) outside a marker a click or tap still
// picks it: fingers are broad.
const pickSlop = 8

// initLive starts the overlay when the viewer has live options.
func (v *viewer) initLive() {
	if v.opts.Live == nil || v.opts.Live.Sensors == nil {
		return
	}
	v.live = newLiveOverlay(*v.opts.Live, v.sc.Frame, func(x, y float64) float64 {
		return surfaceHeight(v.r, &v.ix, x, y)
	})
	v.live.occluded = func(eye, p scene.Vec3) bool { return occludedBy(&v.ix, eye, p) }
}

// pickLive handles a click or tap at (x, y) for the overlay: the legend
// cycles the quantity, a marker shows its card. It reports whether the
// click was used.
func (v *viewer) pickLive(x, y float64) bool {
	o := v.live
	if o == nil {
		return false
	}
	if image.Pt(int(x), int(y)).In(o.legend.rect) {
		o.cycleQuantity()
		return true
	}
	i := o.pickSensor(x, y, pickSlop)
	o.picked = i
	if i >= 0 {
		v.selectFeature(-1, -1)
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
		v.live.cycleQuantity()
	}
	if escPressed {
		v.live.picked = -1
	}
}

// drawLive draws the overlay over the composited picture.
func (v *viewer) drawLive(screen *ebiten.Image, cam scene.Camera) {
	if v.live == nil {
		return
	}
	if v.ev != v.live.ev {
		// Another scenario: roofs may have moved, place the markers again.
		v.live.ev = v.ev
		v.live.replace()
	}
	if err := v.live.draw(screen, v.r, cam, v.exact && cam == v.drawn); err != nil && v.err == nil {
		v.err = err
	}
}

// drawLiveSnapshot draws the live overlay once over an exact picture.
func drawLiveSnapshot(img *ebiten.Image, r *Renderer, sc *scene.Scene, cam scene.Camera, opts LiveOptions) error {
	var ix pick.Index
	for i := range r.solids {
		r.addPick(&ix, i, nil)
	}
	ix.Build()
	o := newLiveOverlay(opts, sc.Frame, func(x, y float64) float64 {
		return surfaceHeight(r, &ix, x, y)
	})
	o.occluded = func(eye, p scene.Vec3) bool { return occludedBy(&ix, eye, p) }
	return o.draw(img, r, cam, true)
}

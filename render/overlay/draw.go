package overlay

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render"
	"citytwin/render/pick"
	"citytwin/scene"
)

// Draw draws the overlay onto dst, which holds the picture r drew for cam:
// the markers (depth-tested against r's cached depth when exact says that
// picture was drawn exactly from cam), value labels, the source lines, the
// legend and the picked sensor's card. It takes one registry snapshot. It
// must be called from the game loop.
func (o *Overlay) Draw(dst *ebiten.Image, r *render.Renderer, cam scene.Camera, exact bool) error {
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	pr := r.Projector(cam, w, h)
	var depth *ebiten.Image
	var near, far float32
	if exact {
		depth, near, far = r.CachedDepth()
	}
	now := o.now()
	o.updateStatuses(now)
	o.refresh(&pr, cam, w, h, depth != nil, now)
	if err := o.drawMarkers(dst, depth, near, far); err != nil {
		return err
	}
	o.drawClusterCounts(dst)
	if exact {
		o.drawLabels(dst, &pr, cam, now)
	}
	o.discs.Reset()
	o.drawSources(dst)
	o.drawLegend(dst)
	if err := o.discs.Draw(dst); err != nil {
		return err
	}
	o.updateCard(now)
	o.drawCard(dst)
	return nil
}

// PickSlop is how far (pixels) outside a marker a click or tap still
// picks it: fingers are broad.
const PickSlop = 8

// Tap handles a click or tap at pixel (x, y): on the legend it colours
// the markers by the next quantity, on a marker it selects that sensor
// (its card), elsewhere it clears the selected sensor. It reports whether
// the overlay used the tap (the viewer then picks nothing else).
func (o *Overlay) Tap(x, y float64) bool {
	if image.Pt(int(x), int(y)).In(o.legend.rect) {
		o.CycleQuantity()
		return true
	}
	o.picked = o.pickSensor(x, y, PickSlop)
	return o.picked >= 0
}

// ClearSelection closes the selected sensor's card.
func (o *Overlay) ClearSelection() { o.picked = -1 }

// Selected returns the index, in the registry's View, of the sensor whose
// card is shown, or -1.
func (o *Overlay) Selected() int { return o.picked }

// LegendRect returns where the legend was last drawn (empty when none).
func (o *Overlay) LegendRect() image.Rectangle { return o.legend.rect }

// Markers returns how many markers the last Draw placed on screen.
func (o *Overlay) Markers() int { return len(o.marks) }

// Quantity returns the key of the quantity markers are coloured by, or ""
// when none.
func (o *Overlay) Quantity() string {
	if o.sel < 0 || o.sel >= len(o.q.list) {
		return ""
	}
	return o.q.list[o.sel].key
}

// pickSensor returns the index of the sensor whose marker is nearest to
// pixel (x, y) within its radius plus slop pixels, or -1.
func (o *Overlay) pickSensor(x, y, slop float64) int {
	best, bestD := -1, 0.0
	for i := range o.marks {
		m := &o.marks[i]
		if m.cl >= 0 {
			continue // drawn in a cluster
		}
		dx, dy := float64(m.x)-x, float64(m.y)-y
		d := dx*dx + dy*dy
		lim := float64(m.r) + slop
		if d <= lim*lim && (best < 0 || d < bestD) {
			best, bestD = int(m.idx), d
		}
	}
	return best
}

// StandOn places the markers on the surfaces r draws: on the roofs of
// the solids of ix (the pick index of r's solids) and of the streamed
// tiles r drew last, else on r's ground; labels of markers that a solid of
// ix hides are left out. ix is read when markers are placed, so the
// caller may rebuild it (then call Replace).
func (o *Overlay) StandOn(r *render.Renderer, ix *pick.Index) {
	o.ground = func(x, y float64) float64 { return surfaceHeight(r, ix, x, y) }
	o.occluded = func(eye, p scene.Vec3) bool { return occludedBy(ix, eye, p) }
}

// surfaceHeight returns the height of the highest surface at local
// (x, y) (a roof) among the solids of ix and the streamed tiles r drew
// last, or r's ground when there is none.
func surfaceHeight(r *render.Renderer, ix *pick.Index, x, y float64) float64 {
	top, ground := r.Bounds().Max[2], r.GroundZ()
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

// DrawSnapshot draws an overlay for opts once over img, an exact picture
// that r drew of sc from cam (snapshots).
func DrawSnapshot(img *ebiten.Image, r *render.Renderer, sc *scene.Scene, cam scene.Camera, opts Options) error {
	var ix pick.Index
	for i := range r.SolidLayers() {
		r.AddPick(&ix, i, nil)
	}
	ix.Build()
	o := New(opts, sc.Frame)
	o.StandOn(r, &ix)
	return o.Draw(img, r, cam, true)
}

// SensorPosition returns where the marker of sensor i (its index in the
// registry's View) stands in the local frame, and whether it is placed
// (it has a position and has been drawn).
func (o *Overlay) SensorPosition(i int) (scene.Vec3, bool) {
	if i < 0 || i >= len(o.cache) || !o.cache[i].placed {
		return scene.Vec3{}, false
	}
	return o.cache[i].pos, true
}

// Card returns the lines of the selected sensor's card as last drawn (the
// first is its title), or nil. The slice is the overlay's: do not keep it.
func (o *Overlay) Card() []string {
	if o.card.s == nil {
		return nil
	}
	return o.card.lines
}

// SourceLines returns how many live-source lines the overlay draws above
// the status line (bottom left), so that other bottom widgets can stand
// clear of them.
func (o *Overlay) SourceLines() int { return len(o.srcLines) }

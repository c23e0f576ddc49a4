package viewer

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"github.com/paulmach/orb"

	"citytwin/render/ui"
	"citytwin/scene"
	"citytwin/scene/measure"
	"citytwin/scene/navigate"
)

// measureState is the measuring tool: while on, taps add points (snapped
// to building corners and edges) to the open figure; a double tap, or a
// tap on the first point of three or more, closes it. Figures stay on
// screen as labelled lines until cleared.
type measureState struct {
	on   bool
	open measureFigure   // the figure being drawn
	done []measureFigure // finished figures
	last time.Time       // the last tap, for double taps
	lx   float64         // where it was
	ly   float64
	// footprints of the evaluation ev, for snapping.
	ev    *scene.Evaluation
	feets []orb.Geometry
	// now returns the time of a tap (tests set it).
	now func() time.Time
	// placed holds the labels' plates of a Draw (reused).
	placed []ui.Rect
}

// measurePoint is one point of a figure.
type measurePoint struct {
	P       scene.Vec3
	Height  float64 // the building's height when P is on a roof, else 0
	Snapped bool    // P lies on a building corner or edge
}

// measureFigure is a path (distances) or, closed, a polygon (area).
type measureFigure struct {
	Pts    []measurePoint
	Closed bool
}

// Measuring parameters: snapping in dp on screen, a roof's tolerance in
// metres. A double tap is the camera controller's (navigate.DoubleTapGap,
// navigate.DoubleTapSlop).
const (
	snapPixels    = 12  // snap to a corner or edge this close
	roofTolerance = 0.2 // a hit this close to the top surface is on a roof
)

// setMeasuring turns the measuring tool on or off; turning it off ends
// the open figure (kept on screen).
func (v *viewer) setMeasuring(on bool) {
	v.meas.on = on
	if !on {
		v.finishFigure(false)
	}
}

// clearMeasures removes every figure.
func (v *viewer) clearMeasures() {
	v.meas.open = measureFigure{}
	v.meas.done = v.meas.done[:0]
}

// updateMeasure answers M (measuring on/off) and Escape (clear).
func (v *viewer) updateMeasure() {
	if inpututil.IsKeyJustPressed(ebiten.KeyM) {
		v.setMeasuring(!v.meas.on)
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyEscape) {
		v.clearMeasures()
	}
}

// tapAt answers a tap or click at pixel (x, y): a point for the measuring
// tool while it is on, else a pick.
func (v *viewer) tapAt(x, y float64) {
	if !v.meas.on {
		v.pickAt(x, y)
		return
	}
	now := time.Now()
	if v.meas.now != nil {
		now = v.meas.now()
	}
	if v.nav.Flying() {
		// A double tap zooms the camera: not while measuring.
		v.nav.SetCamera(v.nav.Camera())
	}
	m := &v.meas
	double := now.Sub(m.last) <= navigate.DoubleTapGap && math.Hypot(x-m.lx, y-m.ly) <= navigate.DoubleTapSlop
	m.last, m.lx, m.ly = now, x, y
	if double && len(m.open.Pts) > 0 {
		m.last = time.Time{}
		v.finishFigure(len(m.open.Pts) >= 3)
		return
	}
	pr := v.r.Projector(v.nav.Camera(), v.w, v.h)
	if n := len(m.open.Pts); n >= 3 {
		if fx, fy, _, ok := pr.Project(m.open.Pts[0].P); ok && math.Hypot(x-fx, y-fy) < v.theme.Target()/2 {
			v.finishFigure(true)
			return
		}
	}
	if p, ok := v.measurePointAt(&pr, x, y); ok {
		m.open.Pts = append(m.open.Pts, p)
	}
}

// finishFigure moves the open figure to the finished ones (closed as a
// polygon when closed is set).
func (v *viewer) finishFigure(closed bool) {
	f := v.meas.open
	v.meas.open = measureFigure{}
	if len(f.Pts) == 0 {
		return
	}
	f.Closed = closed && len(f.Pts) >= 3
	v.meas.done = append(v.meas.done, f)
}

// measurePointAt returns the point of the scene under pixel (x, y): on a
// solid (the pick index), else on the ground plane; snapped to the
// nearest building corner or edge within snapPixels, at the same height.
func (v *viewer) measurePointAt(pr *scene.Projector, x, y float64) (measurePoint, bool) {
	o, d := pr.Ray(x, y)
	var p scene.Vec3
	gz := v.r.GroundZ()
	if hit, ok := v.ix.Pick(o, d); ok {
		p = hit.Point
	} else if d[2] < 0 && o[2] > gz {
		s := (gz - o[2]) / d[2]
		p = scene.Vec3{o[0] + d[0]*s, o[1] + d[1]*s, gz}
	} else {
		return measurePoint{}, false
	}
	_, _, depth, _ := pr.Project(p)
	radius := snapPixels * v.theme.Scale * max(depth, 1) / pr.Focal
	mp := measurePoint{P: p}
	if sn, ok := measure.SnapToFootprints(orb.Point{p[0], p[1]}, v.footprints(), radius); ok {
		mp.P = scene.Vec3{sn.Point[0], sn.Point[1], p[2]}
		mp.Snapped = true
	}
	// On a roof when a ray from above meets the surface at this height.
	if mp.P[2] > gz+roofTolerance {
		top := scene.Vec3{p[0], p[1], p[2] + 1e4}
		if hit, ok := v.ix.Pick(top, scene.Vec3{0, 0, -1}); ok && math.Abs(hit.Point[2]-p[2]) < roofTolerance {
			mp.Height = p[2] - gz
		} else if !ok && mp.Snapped {
			// Snapped just off the roof's edge: still the roof.
			mp.Height = p[2] - gz
		}
	}
	return mp, true
}

// footprints returns the polygon geometries of the visible layers of the
// current evaluation (local frame), cached per evaluation.
func (v *viewer) footprints() []orb.Geometry {
	m := &v.meas
	if m.ev == v.ev {
		return m.feets
	}
	m.ev, m.feets = v.ev, m.feets[:0]
	for _, l := range v.ev.Layers {
		if l == nil || !l.Visible {
			continue
		}
		for i := range l.Features {
			switch g := l.Features[i].Geometry.(type) {
			case orb.Polygon, orb.MultiPolygon:
				m.feets = append(m.feets, g)
			}
		}
	}
	return m.feets
}

// measureLabel is one text on screen: above a local point, or below it
// when Below is set.
type measureLabel struct {
	At    scene.Vec3
	Text  string
	Below bool
}

// labels returns the texts of figure f: each segment's length (along the
// ground, and straight in 3D when the ends differ in height), a path's
// total, a polygon's area and perimeter, and the heights of roofs.
func (f *measureFigure) labels(dst []measureLabel) []measureLabel {
	pts := f.Pts
	n := len(pts)
	segs := n - 1
	if f.Closed {
		segs = n
	}
	for i := 0; i < segs; i++ {
		a, b := pts[i].P, pts[(i+1)%n].P
		mid := scene.Vec3{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2}
		dst = append(dst, measureLabel{mid, distanceText(a, b), false})
	}
	for _, p := range pts {
		if p.Height > 0 {
			dst = append(dst, measureLabel{p.P, fmt.Sprintf("height %.1f m", p.Height), true})
		}
	}
	if f.Closed {
		ps := make([]scene.Vec3, n)
		c := scene.Vec3{}
		for i, p := range pts {
			ps[i] = p.P
			c = scene.Vec3{c[0] + p.P[0]/float64(n), c[1] + p.P[1]/float64(n), c[2] + p.P[2]/float64(n)}
		}
		per := measure.PathLength(append(ps, ps[0]), true)
		dst = append(dst, measureLabel{c, fmt.Sprintf("area %s m² · perimeter %.1f m", areaText(measure.Area(ps)), per), false})
	} else if n > 2 {
		ps := make([]scene.Vec3, n)
		for i, p := range pts {
			ps[i] = p.P
		}
		dst = append(dst, measureLabel{pts[n-1].P, fmt.Sprintf("total %.1f m", measure.PathLength(ps, true)), false})
	}
	return dst
}

// distanceText is a segment's label: the ground distance, and the
// straight 3D one when the ends' heights differ by more than 0.5 m.
func distanceText(a, b scene.Vec3) string {
	g := measure.GroundDistance(a, b)
	if math.Abs(a[2]-b[2]) > 0.5 {
		return fmt.Sprintf("%.1f m · 3D %.1f m", g, measure.Distance(a, b))
	}
	return fmt.Sprintf("%.1f m", g)
}

func areaText(a float64) string {
	if a >= 10000 {
		return fmt.Sprintf("%.0f", a)
	}
	return fmt.Sprintf("%.1f", a)
}

// Colours of the measuring tool's lines and points.
var (
	measureLine   = color.NRGBA{R: 255, G: 200, B: 0, A: 255}
	measureShadow = color.NRGBA{R: 20, G: 20, B: 20, A: 200}
	measureSnap   = color.NRGBA{R: 0, G: 200, B: 255, A: 255}
)

// drawMeasure draws the figures over the picture seen by cam: lines,
// points (snapped ones ringed), heights as vertical lines from the
// ground, and their labels. It runs before the HUD, so screenshots
// carry the figures.
func (v *viewer) drawMeasure(dst *ebiten.Image, cam scene.Camera) {
	m := &v.meas
	if len(m.done) == 0 && len(m.open.Pts) == 0 {
		return
	}
	pr := v.r.Projector(cam, v.w, v.h)
	th := v.theme
	lw := float32(th.Dp(2))
	var labels []measureLabel
	figs := append(m.done[:len(m.done):len(m.done)], m.open)
	gz := v.r.GroundZ()
	for fi := range figs {
		f := &figs[fi]
		n := len(f.Pts)
		segs := n - 1
		if f.Closed {
			segs = n
		}
		for i := 0; i < segs; i++ {
			v.measureSegment(dst, &pr, f.Pts[i].P, f.Pts[(i+1)%n].P, lw)
		}
		for _, p := range f.Pts {
			if p.Height > 0 {
				v.measureSegment(dst, &pr, scene.Vec3{p.P[0], p.P[1], gz}, p.P, lw)
			}
			if x, y, _, ok := pr.Project(p.P); ok {
				r := float32(th.Dp(4))
				vector.DrawFilledCircle(dst, float32(x), float32(y), r+1, measureShadow, true)
				vector.DrawFilledCircle(dst, float32(x), float32(y), r, measureLine, true)
				if p.Snapped {
					vector.StrokeCircle(dst, float32(x), float32(y), r+float32(th.Dp(3)), lw/2+0.5, measureSnap, true)
				}
			}
		}
		labels = f.labels(labels)
	}
	placed := v.meas.placed[:0]
	for _, l := range labels {
		x, y, _, ok := pr.Project(l.At)
		if !ok {
			continue
		}
		w := th.Measure(l.Text)
		r := ui.Rect{X: x - w/2 - th.Pad()/2, Y: y - th.LineH() - th.Dp(6) - 1, W: w + th.Pad(), H: th.LineH() + 2}
		step := -(r.H + 2)
		if l.Below {
			r.Y, step = y+th.Dp(8)-1, r.H+2
		}
		// Move a label off those drawn before it, a line at a time.
		for try := 0; try < 4 && overlapsAny(r, placed); try++ {
			r.Y += step
		}
		placed = append(placed, r)
		th.Text(dst, l.Text, x-w/2, r.Y+1, th.TextColor, true)
	}
	v.meas.placed = placed
}

// overlapsAny reports whether r overlaps one of rs.
func overlapsAny(r ui.Rect, rs []ui.Rect) bool {
	for _, q := range rs {
		if r.X < q.X+q.W && q.X < r.X+r.W && r.Y < q.Y+q.H && q.Y < r.Y+r.H {
			return true
		}
	}
	return false
}

// measureSegment draws the line a–b, clipped at the near plane.
func (v *viewer) measureSegment(dst *ebiten.Image, pr *scene.Projector, a, b scene.Vec3, lw float32) {
	ax, ay, az := pr.ToView(a)
	bx, by, bz := pr.ToView(b)
	near := pr.Near
	if az < near && bz < near {
		return
	}
	if az < near {
		t := (near - az) / (bz - az)
		ax, ay, az = ax+(bx-ax)*t, ay+(by-ay)*t, near
	} else if bz < near {
		t := (near - bz) / (az - bz)
		bx, by, bz = bx+(ax-bx)*t, by+(ay-by)*t, near
	}
	sx := func(x, z float64) float32 { return float32(pr.W/2 + x*pr.Focal/z) }
	sy := func(y, z float64) float32 { return float32(pr.H/2 - y*pr.Focal/z) }
	x0, y0, x1, y1 := sx(ax, az), sy(ay, az), sx(bx, bz), sy(by, bz)
	vector.StrokeLine(dst, x0, y0, x1, y1, lw+2, measureShadow, true)
	vector.StrokeLine(dst, x0, y0, x1, y1, lw, measureLine, true)
}

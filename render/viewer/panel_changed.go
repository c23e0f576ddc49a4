package viewer

import (
	"strconv"

	"citytwin/render/ui"
	"citytwin/scene"
)

// maxChanged is how many changed features the panel lists.
const maxChanged = 40

// changedIDs are the widget ids of the changed-feature rows.
var changedIDs = func() (ids [maxChanged]string) {
	for i := range ids {
		ids[i] = "changed." + strconv.Itoa(i)
	}
	return
}()

// changedRows lists the features the active scenarios change, against
// the baseline.
type changedRows struct {
	ev    *scene.Evaluation
	rows  []changedRow
	total int

	ghostsFor *scene.Evaluation
	ghosts    []scene.Vec3 // outlines of removed features (drawGhosts)
}

type changedRow struct {
	text   string
	layer  int // in ev.Layers
	target scene.Vec3
	size   float64 // metres across
}

// updateChanged lists what ev changes: features hidden, changed (raised,
// lowered) and added by a scenario layer.
func (v *viewer) updateChanged() {
	cr := &v.panel.changed
	if cr.ev == v.ev {
		return
	}
	cr.ev, cr.rows, cr.total = v.ev, cr.rows[:0], 0
	if len(v.ev.Active) == 0 {
		return
	}
	base := len(v.sc.Layers)
	for li, l := range v.ev.Layers {
		idx := v.ev.Touched(l)
		if li >= base {
			idx = idx[:0]
			for fi := range l.Features {
				idx = append(idx, fi)
			}
		}
		for _, fi := range idx {
			what := ""
			switch {
			case li >= base:
				what = v.tr("Added")
			case v.ev.Hidden(l, fi):
				what = v.tr("Removed")
			case v.ev.Changed(nil, l, fi):
				what = v.tr("Changed")
				p0, p1 := l.Features[fi].Properties, v.ev.Properties(l, fi)
				h0, _ := scene.Number(p0["height"])
				h1, ok := scene.Number(p1["height"])
				if ok && h1 > h0 {
					what = v.tr("Raised")
				} else if ok && h1 < h0 {
					what = v.tr("Lowered")
				}
			default:
				continue
			}
			cr.total++
			if len(cr.rows) == maxChanged {
				continue
			}
			f := &l.Features[fi]
			name := f.ID
			if n, ok := f.Properties["name"].(string); ok && n != "" {
				name = n
			}
			row := changedRow{text: what + ": " + name, layer: li}
			if f.Geometry != nil {
				b := f.Geometry.Bound()
				c := b.Center()
				row.target = scene.Vec3{c[0], c[1], f.Ground}
				row.size = max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])
			}
			cr.rows = append(cr.rows, row)
		}
	}
}

// layoutChanged records the features the active scenarios change; a tap
// flies to one.
func (v *viewer) layoutChanged(l *panelLayout) {
	v.updateChanged()
	cr := &v.panel.changed
	if len(cr.rows) == 0 {
		return
	}
	th := v.theme
	l.heading(v.tr("What changed"))
	for i := range cr.rows {
		row := &cr.rows[i]
		if r, ok := l.focusRow(changedIDs[i], th.Target()); ok {
			if v.ui.Button(changedIDs[i], r, row.text, false, ui.Plain) {
				v.flyToFeature(row)
			}
		}
	}
	if cr.total > len(cr.rows) {
		if r, ok := l.row(th.LineH()); ok {
			v.ui.Label(r, v.tr("… and more"), ui.Muted)
		}
	}
}

// flyToFeature flies the camera to a changed feature, keeping its
// heading and pitch.
func (v *viewer) flyToFeature(row *changedRow) {
	cam := v.nav.Camera()
	cam.Target = row.target
	cam.Range = max(150, row.size*4)
	v.nav.FlyTo(cam, v.elapsed(), 0)
}

package viewer

import (
	"slices"
	"time"

	"github.com/paulmach/orb"

	"citytwin/render"
	"citytwin/render/ui"
	"citytwin/scene"
)

// layoutScenarios records the scenarios: Baseline, then each scenario
// (a radio button within its group, a check box otherwise) with its
// wrapped description.
func (v *viewer) layoutScenarios(l *panelLayout) {
	ps := &v.panel
	th := v.theme
	if sw := &ps.swipe; sw.on {
		// The divider, for the keyboard: Tab here, then the arrows.
		if r, ok := l.row(th.LineH()); ok {
			v.ui.Label(r, v.tr("Swipe divider: baseline left, scenario right"), ui.Muted)
		}
		if r, ok := l.focusRow("swipe.split", th.Target()); ok {
			sw.split = v.ui.Slider("swipe.split", r, sw.split, 0.05, 0.95, 0.05)
		}
	}
	l.heading(v.tr("Scenarios"))
	if r, ok := l.focusRow("scenario.baseline", th.Target()); ok {
		if v.ui.Button("scenario.baseline", r, v.tr("Baseline (today)"), len(v.ev.Active) == 0, ui.Plain) && len(v.ev.Active) > 0 {
			v.setScenarios(nil)
		}
	}
	if ps.linesW != l.body.W || len(ps.lines) != len(v.sc.Scenarios) {
		ps.linesW = l.body.W
		ps.lines = ps.lines[:0]
		for _, s := range v.sc.Scenarios {
			ps.lines = append(ps.lines, th.Wrap(v.tr(s.Description), l.body.W-th.Dp(30), nil))
		}
	}
	for i, s := range v.sc.Scenarios {
		id := ps.scens[i].id
		on := slices.Contains(v.ev.Active, s.ID)
		if r, ok := l.focusRow(id, th.Target()); ok {
			if now := v.ui.Toggle(id, r, v.tr(s.Title), on, s.Group != ""); now != on {
				v.toggleScenario(i, now)
			}
		}
		for _, line := range ps.lines[i] {
			if r, ok := l.row(th.LineH()); ok {
				r.X += th.Dp(30)
				r.W -= th.Dp(30)
				v.ui.Label(r, line, ui.Muted)
			}
		}
	}
}

// toggleScenario switches scenario i on or off: on, it replaces the
// active scenario of its group; scenarios of other groups stay on.
func (v *viewer) toggleScenario(i int, on bool) {
	s := v.sc.Scenarios[i]
	var ids []string
	for _, id := range v.ev.Active {
		if id == s.ID {
			continue
		}
		if on && s.Group != "" && v.groupOf(id) == s.Group {
			continue
		}
		ids = append(ids, id)
	}
	if on {
		ids = append(ids, s.ID)
	}
	v.setScenarios(ids)
}

func (v *viewer) groupOf(id string) string {
	for _, s := range v.sc.Scenarios {
		if s.ID == id {
			return s.Group
		}
	}
	return ""
}

// layoutViews records the named views: a tap flies there (eased), shows
// the view's scenarios and its caption.
func (v *viewer) layoutViews(l *panelLayout) {
	if len(v.sc.Views) == 0 {
		return
	}
	ps := &v.panel
	th := v.theme
	l.heading(v.tr("Views"))
	for i, vw := range v.sc.Views {
		if r, ok := l.focusRow(ps.views[i].id, th.Target()); ok {
			if v.ui.Button(ps.views[i].id, r, vw.Name, false, ui.Plain) {
				v.flyToView(i)
			}
		}
	}
	if ps.caption != "" {
		if ps.captionW != l.body.W {
			ps.captionW = l.body.W
			ps.captionLines = th.Wrap(ps.caption, l.body.W, ps.captionLines[:0])
		}
		l.text(ps.captionLines, ui.Muted)
	}
}

// flyToView flies to named view i with its scenarios and caption.
func (v *viewer) flyToView(i int) {
	vw := v.sc.Views[i]
	v.view = i + 1
	v.nav.FlyTo(vw.Camera, time.Since(v.in.start), 0)
	v.setScenarios(vw.Scenarios)
	v.panel.caption = v.tr(vw.Caption)
	v.panel.captionW = 0
}

// layoutLayers records the layers: a check box that shows or hides the
// layer, its legend swatch and its credit line.
func (v *viewer) layoutLayers(l *panelLayout) {
	th := v.theme
	l.heading(v.tr("Layers"))
	for i, ly := range v.ev.Layers {
		row := v.layerRow(ly)
		if r, ok := l.focusRow(row.id, th.Target()); ok {
			sw := th.Dp(14)
			tr := r
			tr.W -= sw + th.Pad()
			title := ly.Title
			if title == "" {
				title = ly.ID
			}
			if on := v.ui.Toggle(row.id, tr, title, ly.Visible, false); on != ly.Visible {
				v.setLayerVisible(i, on)
			}
			v.ui.Swatch(ui.Rect{X: r.X + r.W - sw, Y: r.Y + (r.H-sw)/2, W: sw, H: sw}, row.swatch, true)
		}
		if row.credit != "" {
			if r, ok := l.row(th.LineH()); ok {
				r.X += th.Dp(30)
				r.W -= th.Dp(30)
				v.ui.Label(r, row.credit, ui.Muted)
			}
		}
	}
}

// layerRow returns the cached row of layer ly, making it the first time:
// its swatch is the colour its style gives its first feature.
func (v *viewer) layerRow(ly *scene.Layer) *layerRow {
	ps := &v.panel
	if r := ps.layers[ly]; r != nil {
		return r
	}
	r := &layerRow{id: "layer." + ly.ID, credit: ly.Attribution}
	r.swatch = v.theme.MutedColor
	if len(ly.Features) > 0 {
		f := &ly.Features[0]
		lk := ly.Style.Look(f.Properties, f.Geometry, v.sc.StoreyHeight)
		r.swatch = lk.Fill
		switch f.Geometry.(type) {
		case orb.LineString, orb.MultiLineString:
			r.swatch = lk.Stroke
		}
		r.swatch.A = 255
	}
	ps.layers[ly] = r
	return r
}

// setLayerVisible shows or hides layer i of the evaluation and rebuilds
// it (hidden layers are not drawn, picked or credited).
func (v *viewer) setLayerVisible(i int, on bool) {
	ly := v.ev.Layers[i]
	ly.Visible = on
	old := *v.ev
	old.Layers = slices.Clone(v.ev.Layers)
	old.Layers[i] = nil // makes UpdateScene build layer i afresh
	v.meshes = render.GroundOnly(v.r.UpdateScene(v.sc, &old, v.ev, v.meshes, v.opts.Build))
	tintChanges(v.r, v.sc, v.ev)
	v.rebuildPick()
	v.dirty = true
	v.updateStatus()
	v.swipeSceneChanged()
}

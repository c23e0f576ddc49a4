package viewer

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/ui"
	"citytwin/scene"
)

// panelState is the side panel's state (panel*.go): open or collapsed,
// scrolled, and what it shows, cached so that a panel at rest allocates
// nothing per frame.
type panelState struct {
	ready  bool // opened (or not) by the window size once
	open   bool
	scroll float64 // pixels the content is scrolled up
	height float64 // content height last tick, for clamping the scroll

	dragOn          bool // a press on the panel that may become a scroll drag
	dragging        bool
	dragY, dragFrom float64

	layers  map[*scene.Layer]*layerRow
	scens   []scenarioRow
	views   []viewRow
	caption string // the caption of the view flown to last

	captionLines []string
	captionW     float64 // width captionLines were wrapped to

	figs    figureRows  // key figures (panel_figures.go)
	changed changedRows // changed features (panel_changed.go)
	fade    fadeState   // scenario cross-fade (fade.go)
	swipe   swipeState  // swipe compare (swipe.go)
	lines   [][]string  // wrapped descriptions, by scenario
	linesW  float64     // width they were wrapped to
}

type layerRow struct {
	id     string // widget id
	swatch color.NRGBA
	credit string
}

type scenarioRow struct {
	id string // widget id
}

type viewRow struct {
	id string
}

// panelWidth is the side panel's width in pixels.
func (v *viewer) panelWidth() float64 {
	return min(v.theme.Dp(330), float64(v.w)*0.4)
}

// layoutPanel records the side panel: layers, scenarios, named views and
// key figures, with a button top left that opens and collapses it. The
// panel is open at start on windows at least 1280 pixels wide.
func (v *viewer) layoutPanel() {
	ps := &v.panel
	th := v.theme
	if !ps.ready {
		ps.ready = true
		ps.open = v.w >= 1280
		v.initPanel()
	}
	v.layoutSwipe()
	pad, tgt := th.Pad(), th.Target()
	btnW := th.Dp(112)
	active := len(v.ev.Active) > 0
	if !ps.open {
		th.Left, th.Top = 0, tgt+pad
		if v.ui.Button("panel.toggle", ui.Rect{X: pad, Y: pad, W: btnW, H: tgt}, v.tr("Scenarios"), false, ui.Title) {
			ps.open = true
		}
		if active { // back to today in one tap, even with the panel closed
			if v.ui.Button("panel.baseline", ui.Rect{X: 2*pad + btnW, Y: pad, W: btnW, H: tgt}, v.tr("Baseline"), false, ui.Plain) {
				v.setScenarios(nil)
			}
		}
		return
	}
	pw := v.panelWidth()
	th.Left, th.Top = pw, 0
	bottom := th.LineH() + 3*pad // keep the status line free
	view := ui.Rect{X: 0, Y: 0, W: pw, H: float64(v.h) - bottom}
	v.ui.Panel(view)
	// The header stays put while the body scrolls: close, baseline, swipe.
	closeW := th.Dp(80)
	bw := (pw - 4*pad - closeW) / 2
	if v.ui.Button("panel.toggle", ui.Rect{X: pad, Y: pad, W: closeW, H: tgt}, v.tr("Close"), false, ui.Title) {
		ps.open = false
		return
	}
	if v.ui.Button("panel.baseline", ui.Rect{X: 2*pad + closeW, Y: pad, W: bw, H: tgt}, v.tr("Baseline"), !active, ui.Plain) && active {
		v.setScenarios(nil)
	}
	if v.ui.Button("panel.swipe", ui.Rect{X: 3*pad + closeW + bw, Y: pad, W: bw, H: tgt}, v.tr("Swipe (S)"), ps.swipe.on, ui.Plain) {
		v.toggleSwipe()
	}
	top := pad*2 + tgt
	body := ui.Rect{X: pad, Y: top, W: pw - 2*pad, H: view.H - top - pad}
	v.scrollPanel(body)
	l := panelLayout{v: v, body: body, col: ui.Column{Area: ui.Rect{X: body.X, Y: body.Y - ps.scroll, W: body.W, H: 1e9}, Gap: th.Dp(2)}}
	v.layoutScenarios(&l)
	v.layoutFigures(&l)
	v.layoutChanged(&l)
	v.layoutViews(&l)
	v.layoutLayers(&l)
	ps.height = l.col.Used()
	if l.want != 0 {
		ps.scroll += l.want
	}
	ps.scroll = max(0, min(ps.scroll, ps.height-body.H))
}

// panelLayout places rows in the scrolled panel body.
type panelLayout struct {
	v    *viewer
	body ui.Rect
	col  ui.Column
	want float64 // scroll change that brings the focused widget into view
}

// row returns the next row of height h and whether it lies inside the
// visible body (rows outside are not recorded).
func (l *panelLayout) row(h float64) (ui.Rect, bool) {
	r := l.col.Next(h)
	return r, r.Y >= l.body.Y && r.Y+r.H <= l.body.Y+l.body.H
}

// focusRow is row for a focusable widget: out of view, it keeps its Tab
// place, and when it has the focus the panel scrolls to it.
func (l *panelLayout) focusRow(id string, h float64) (ui.Rect, bool) {
	r, in := l.row(h)
	if !in && l.v.ui.Offscreen(id) && l.want == 0 {
		if r.Y < l.body.Y {
			l.want = r.Y - l.body.Y
		} else {
			l.want = r.Y + r.H - (l.body.Y + l.body.H)
		}
	}
	return r, in
}

// heading records a section title.
func (l *panelLayout) heading(s string) {
	th := l.v.theme
	l.col.Next(th.Dp(4))
	if r, ok := l.row(th.LineH() + th.Dp(4)); ok {
		l.v.ui.Label(r, s, ui.Title)
	}
	if r, ok := l.row(th.Dp(3)); ok {
		l.v.ui.Rule(r)
	}
}

// text records muted lines.
func (l *panelLayout) text(lines []string, st ui.Style) {
	for _, s := range lines {
		if r, ok := l.row(l.v.theme.LineH()); ok {
			l.v.ui.Label(r, s, st)
		}
	}
}

// scrollPanel scrolls the panel body with the wheel over it and by
// dragging it.
func (v *viewer) scrollPanel(body ui.Rect) {
	ps := &v.panel
	p := v.in.ui
	over := p.X < body.X+body.W+v.theme.Pad() && p.Y < body.Y+body.H
	if over {
		if _, wy := ebiten.Wheel(); wy != 0 {
			ps.scroll -= wy * v.theme.LineH() * 2
		}
	}
	switch {
	case p.Pressed && body.Contains(p.X, p.Y):
		ps.dragOn, ps.dragging, ps.dragY, ps.dragFrom = true, false, p.Y, ps.scroll
	case ps.dragOn && p.Down:
		if d := p.Y - ps.dragY; ps.dragging || d > v.theme.Dp(10) || d < -v.theme.Dp(10) {
			ps.dragging = true
			ps.scroll = ps.dragFrom - d
		}
	case !p.Down:
		ps.dragOn, ps.dragging = false, false
	}
}

// initPanel caches the rows' widget ids and the layers' swatches.
func (v *viewer) initPanel() {
	ps := &v.panel
	ps.layers = map[*scene.Layer]*layerRow{}
	for _, s := range v.sc.Scenarios {
		ps.scens = append(ps.scens, scenarioRow{id: "scenario." + s.ID})
		for _, ch := range s.Changes {
			if ch.Added != nil {
				v.layerRow(ch.Added)
			}
		}
	}
	for _, l := range v.sc.Layers {
		v.layerRow(l)
	}
	for _, vw := range v.sc.Views {
		ps.views = append(ps.views, viewRow{id: "view." + vw.Name})
	}
}

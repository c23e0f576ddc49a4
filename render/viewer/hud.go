package viewer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/ui"
	"citytwin/scene"
)

// HUD is what the viewer shows over the 3D picture besides the live
// overlay: the credit line, the status line and a feature's properties.
type HUD struct {
	Attribution string   // credit line, bottom right
	Status      string   // status line, bottom left
	Panel       []string // properties panel lines, top left (first is the title)
}

// DrawHUD draws h over dst in theme th: the attribution bottom right, the
// status line bottom left and the properties panel top left.
func DrawHUD(dst *ebiten.Image, th *ui.Theme, h *HUD) {
	b := dst.Bounds()
	w, ht := float64(b.Dx()), float64(b.Dy())
	p, lh := th.Pad(), th.LineH()
	if h.Attribution != "" {
		th.Text(dst, h.Attribution, w-th.Measure(h.Attribution)-p, ht-lh-p, th.TextColor, true)
	}
	if h.Status != "" {
		th.Text(dst, h.Status, th.Left+p, ht-lh-p, th.TextColor, true)
	}
	if len(h.Panel) > 0 {
		th.Panel(dst, h.Panel, 0, 0)
	}
}

// Attribution joins the distinct credit lines of the visible layers.
func Attribution(layers []*scene.Layer) string {
	var parts []string
	for _, l := range layers {
		if l.Visible && l.Attribution != "" && !slices.Contains(parts, l.Attribution) {
			parts = append(parts, l.Attribution)
		}
	}
	return strings.Join(parts, " · ")
}

// StatusLine is the status line for ev: the scenario shown (when one is,
// or always when baseline is set) and, when loading left warnings, how
// many with the first one, so a skipped feature is never silent.
// tr translates the line's words (nil: English).
func StatusLine(sc *scene.Scene, ev *scene.Evaluation, baseline bool, tr func(string) string) string {
	if tr == nil {
		tr = func(s string) string { return s }
	}
	var parts []string
	switch {
	case ev != nil && len(ev.Active) > 0:
		names := make([]string, 0, len(ev.Active))
		for _, id := range ev.Active {
			name := id
			for _, s := range sc.Scenarios {
				if s.ID == id && s.Title != "" {
					name = s.Title
				}
			}
			names = append(names, name)
		}
		parts = append(parts, tr("Scenario: ")+strings.Join(names, " + "))
	case baseline:
		parts = append(parts, tr("Today (no scenario)"))
	}
	if n := WarningCount(sc); n > 0 {
		first := ""
		if len(sc.Warnings) > 0 {
			first = sc.Warnings[0]
		} else {
			for _, l := range sc.Layers {
				if len(l.Warnings) > 0 {
					first = l.ID + ": " + l.Warnings[0]
					break
				}
			}
		}
		w := fmt.Sprintf(tr("1 warning: %s"), first)
		if n > 1 {
			w = fmt.Sprintf(tr("%d warnings, first: %s (citytwin report lists all)"), n, first)
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, " · ")
}

// WarningCount counts the scene's and its layers' warnings.
func WarningCount(sc *scene.Scene) int {
	n := len(sc.Warnings)
	for _, l := range sc.Layers {
		n += len(l.Warnings)
	}
	return n
}

// maxPanelLines caps the properties panel.
const maxPanelLines = 16

// PropertiesPanel returns the panel lines for feature i of layer l as ev
// shows it: a title, then "key: value" sorted by key.
func PropertiesPanel(l *scene.Layer, ev *scene.Evaluation, i int) []string {
	if l == nil || i < 0 || i >= len(l.Features) {
		return nil
	}
	f := &l.Features[i]
	title := l.Title
	if title == "" {
		title = l.ID
	}
	id := f.ID
	if id == "" {
		id = fmt.Sprintf("#%d", f.Index)
	}
	lines := []string{title + " · " + id}
	props := f.Properties
	if ev != nil {
		props = ev.Properties(l, i)
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if len(lines) >= maxPanelLines {
			lines = append(lines, fmt.Sprintf("… %d more", len(keys)-(len(lines)-1)))
			break
		}
		v := fmt.Sprint(props[k])
		if len(v) > 60 {
			v = v[:57] + "…"
		}
		lines = append(lines, k+": "+v)
	}
	return lines
}

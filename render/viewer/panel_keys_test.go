package viewer

import (
	"slices"
	"testing"

	"citytwin/render/ui"
)

// TestPanelKeyboard reaches every control of the panel with Tab (the
// ones scrolled away included: the panel scrolls to them) and works them
// with Enter: a view flies there with its scenarios, a layer hides.
func TestPanelKeyboard(t *testing.T) {
	v := demoViewer(t, 1280, 720)
	rest := ui.Pointer{X: 900, Y: 400}
	v.tick(rest)
	seen := map[string]bool{}
	scrolled := false
	for i := 0; i < 200; i++ {
		v.in.ui = rest
		v.ui.Begin(rest, ui.Keys{Next: true})
		v.layoutUI()
		v.ui.End()
		v.tick(rest) // the panel scrolls to the focused widget…
		v.tick(rest) // …and draws it there
		f := v.ui.Focused()
		seen[f] = true
		if v.panel.scroll > 0 {
			scrolled = true
		}
		if f == "view.Larvotto" {
			break
		}
	}
	for _, id := range []string{"panel.toggle", "panel.swipe", "scenario.baseline", "scenario.larvotto-park", "view.Larvotto"} {
		if !seen[id] {
			t.Errorf("Tab never reached %s (reached %v)", id, seen)
		}
	}
	if !scrolled {
		t.Error("the panel did not scroll to the views")
	}
	if !slices.ContainsFunc(v.ui.Elements(), func(e ui.Element) bool { return e.ID == "view.Larvotto" }) {
		t.Fatal("the focused view button is not shown")
	}
	v.ui.Begin(rest, ui.Keys{Activate: true})
	v.layoutUI()
	v.ui.End()
	if !v.nav.Flying() || len(v.ev.Active) != 1 || v.ev.Active[0] != "larvotto-park" || v.panel.caption == "" {
		t.Errorf("Enter on the Larvotto view: flying %v, active %v, caption %q", v.nav.Flying(), v.ev.Active, v.panel.caption)
	}
	// A layer: Tab to it, Enter hides it.
	for i := 0; i < 200 && v.ui.Focused() != "layer.trees"; i++ {
		v.ui.Begin(rest, ui.Keys{Next: true})
		v.layoutUI()
		v.ui.End()
		v.tick(rest)
		v.tick(rest)
	}
	if v.ui.Focused() != "layer.trees" {
		t.Fatal("Tab never reached the trees layer")
	}
	v.ui.Begin(rest, ui.Keys{Activate: true})
	v.layoutUI()
	v.ui.End()
	if v.sc.Layer("trees").Visible {
		t.Error("Enter did not hide the trees layer")
	}
}

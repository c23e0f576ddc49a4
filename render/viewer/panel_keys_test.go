package viewer

import (
	"image"
	"slices"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

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

// TestPanelScrollsByDrag drags the panel's body up: it scrolls, within
// its content's height.
func TestPanelScrollsByDrag(t *testing.T) {
	v := demoViewer(t, 1280, 720)
	v.tick(ui.Pointer{X: 900, Y: 400})
	x := 200.0
	v.tick(ui.Pointer{X: x, Y: 600, Down: true, Pressed: true})
	for y := 590.0; y >= 100; y -= 10 {
		v.tick(ui.Pointer{X: x, Y: y, Down: true})
	}
	v.tick(ui.Pointer{X: x, Y: 100, Released: true})
	if v.panel.scroll <= 0 {
		t.Fatalf("scroll %v after dragging up", v.panel.scroll)
	}
	if v.ev.Active != nil {
		t.Errorf("the drag switched scenarios %v", v.ev.Active)
	}
	for i := 0; i < 20; i++ {
		v.tick(ui.Pointer{X: x, Y: 600, Down: true, Pressed: true})
		v.tick(ui.Pointer{X: x, Y: 50, Down: true})
		v.tick(ui.Pointer{X: x, Y: 50, Released: true})
	}
	if max := v.panel.height; v.panel.scroll > max {
		t.Errorf("scrolled %v past the content's %v", v.panel.scroll, max)
	}
}

// TestScenarioSwitchFades keeps the old picture and blends it out over
// 0.4 s.
func TestScenarioSwitchFades(t *testing.T) {
	v := gridViewer(t, 10)
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen)
	v.setScenarios([]string{"s"})
	f := &v.panel.fade
	if !f.on || f.img == nil {
		t.Fatal("no cross-fade after a switch")
	}
	v.Draw(screen)
	if !f.on {
		t.Error("the fade ended at once")
	}
	f.start -= fadeDuration
	v.Draw(screen)
	if f.on {
		t.Error("the fade still runs after 0.4 s")
	}
}

// TestBaselineOneTapAway: with the panel closed, or scrolled down, a
// scenario on, the baseline is one tap away.
func TestBaselineOneTapAway(t *testing.T) {
	v := demoViewer(t, 1024, 700)
	v.tick(ui.Pointer{X: 900, Y: 400})
	if v.panel.open {
		t.Fatal("the panel is open at start on a 1024-pixel window")
	}
	v.setScenarios([]string{"harbour-plus-2"})
	v.tick(ui.Pointer{X: 900, Y: 400})
	v.click(v.find(t, "Baseline"))
	if len(v.ev.Active) != 0 {
		t.Errorf("closed panel: Baseline left %v on", v.ev.Active)
	}
	v.panel.open = true
	v.setScenarios([]string{"larvotto-park"})
	v.panel.scroll = 400
	v.tick(ui.Pointer{X: 900, Y: 400})
	v.click(v.find(t, "Baseline"))
	if len(v.ev.Active) != 0 {
		t.Errorf("scrolled panel: Baseline left %v on", v.ev.Active)
	}
}

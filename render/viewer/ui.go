package viewer

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"citytwin/render/ui"
)

// uiKeys reads the keys the widgets answer this tick.
func uiKeys() ui.Keys {
	shift := ebiten.IsKeyPressed(ebiten.KeyShift)
	tab := repeating(ebiten.KeyTab)
	return ui.Keys{
		Next: tab && !shift, Prev: tab && shift,
		Activate: inpututil.IsKeyJustPressed(ebiten.KeyEnter) || inpututil.IsKeyJustPressed(ebiten.KeyNumpadEnter) ||
			inpututil.IsKeyJustPressed(ebiten.KeySpace),
		Left: repeating(ebiten.KeyArrowLeft), Right: repeating(ebiten.KeyArrowRight),
	}
}

// repeating reports whether k was just pressed, or is held long enough
// to repeat (as navigation keys do).
func repeating(k ebiten.Key) bool {
	d := inpututil.KeyPressDuration(k)
	return d == 1 || (d > 20 && d%3 == 0)
}

// tickUI records the window's widgets for this tick (the panels of the
// files beside this one add theirs in layoutUI) and reports whether they
// have the pointer, which then neither moves the camera nor picks.
func (v *viewer) tickUI() bool {
	v.ui.Theme = v.theme
	v.ui.Begin(v.in.ui, uiKeys())
	v.layoutUI()
	v.ui.End()
	return v.ui.Captured()
}

// layoutUI records the window's panels and controls. The HUD (status,
// credits, properties) and the live overlay draw themselves; widgets
// that take input are recorded here: the side panel (panel.go) and the
// on-screen controls (controls.go).
func (v *viewer) layoutUI() {
	v.layoutPanel()
	v.layoutControls()
	v.layoutSun()
}

// tr returns the interface string s (English) in the viewer's language
// (the catalogues of citytwin/assets/i18n; s itself when untranslated).
func (v *viewer) tr(s string) string {
	if v.rooms.lang == nil {
		return s
	}
	return v.rooms.lang.Tr(s)
}

package ui

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// maxMeasured bounds the theme's cache of text widths.
const maxMeasured = 4096

// Measure returns the width in pixels of s in the theme's face. Widths are
// cached, so measuring the same labels every frame costs a map lookup.
func (t *Theme) Measure(s string) float64 {
	f := t.Face()
	if w, ok := t.measured[s]; ok {
		return w
	}
	w, _ := text.Measure(s, f, t.LineH())
	if t.measured == nil || len(t.measured) >= maxMeasured {
		t.measured = make(map[string]float64, 64)
	}
	t.measured[s] = w
	return w
}

// Text draws s with the top left of its line at (x, y) in colour c; with
// plate, on a translucent plate of BackColor a little larger than the
// text.
func (t *Theme) Text(dst *ebiten.Image, s string, x, y float64, c color.Color, plate bool) {
	if plate {
		p, lh := t.Pad(), t.LineH()
		FillRect(dst, x-p/2, y-1, t.Measure(s)+p, lh+2, t.BackColor)
	}
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(c)
	text.Draw(dst, s, t.Face(), op)
}

// FillRect fills the rectangle at (x, y) of size w×h with c (no
// anti-aliasing: UI rectangles sit on whole pixels).
func FillRect(dst *ebiten.Image, x, y, w, h float64, c color.Color) {
	vector.DrawFilledRect(dst, float32(x), float32(y), float32(w), float32(h), c, false)
}

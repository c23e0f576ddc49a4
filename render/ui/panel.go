package ui

import "github.com/hajimehoshi/ebiten/v2"

// Panel draws lines in a panel at the top left of dst (right of Left, below Top), the first line as
// its title: at least minW pixels wide, with extraH pixels of room below
// the lines for whatever the caller draws there. It returns the panel's
// rectangle (x, y, w, h).
func (t *Theme) Panel(dst *ebiten.Image, lines []string, minW, extraH float64) (x, y, w, h float64) {
	p, lh := t.Pad(), t.LineH()
	pw := minW
	for _, l := range lines {
		pw = max(pw, t.Measure(l))
	}
	h = float64(len(lines))*lh + 2*p + extraH
	x0, y0 := t.Left+p, t.Top+p
	FillRect(dst, x0, y0, pw+2*p, h, t.BackColor)
	for i, l := range lines {
		c := t.TextColor
		if i == 0 {
			c = t.TitleColor
		}
		t.Text(dst, l, x0+p, y0+p+float64(i)*lh, c, false)
	}
	return x0, y0, pw + 2*p, h
}

package viewer

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"citytwin/render/ui"
)

var blackColor = color.NRGBA{A: 255}

// presentKeys steps the slides with a presenter's clicker (PageDown,
// the right arrow and Space forward; PageUp and the left arrow back) and
// blanks the screen with B (or the full stop some clickers send).
func (v *viewer) presentKeys() {
	n := len(v.sc.Views)
	switch {
	case n == 0:
	case inpututil.IsKeyJustPressed(ebiten.KeyPageDown), inpututil.IsKeyJustPressed(ebiten.KeyArrowRight),
		inpututil.IsKeyJustPressed(ebiten.KeySpace) && v.ui.Focused() == "":
		v.goSlide(min(v.rooms.slide+1, n-1), true)
	case inpututil.IsKeyJustPressed(ebiten.KeyPageUp), inpututil.IsKeyJustPressed(ebiten.KeyArrowLeft):
		v.goSlide(max(v.rooms.slide-1, 0), true)
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyB) || inpututil.IsKeyJustPressed(ebiten.KeyPeriod) {
		v.rooms.blank = !v.rooms.blank
	}
}

// goSlide shows named view i as a slide: its scenarios, its caption, and
// the camera flying there (eased) or, without fly, jumping there.
func (v *viewer) goSlide(i int, fly bool) {
	if i < 0 || i >= len(v.sc.Views) {
		return
	}
	view := v.sc.Views[i]
	v.rooms.slide = i
	v.view = i + 1 // V goes on from here
	v.rooms.caption = view.Caption
	if v.rooms.caption == "" {
		v.rooms.caption = view.Name
	}
	v.setScenarios(view.Scenarios)
	if fly {
		v.nav.FlyTo(view.Camera, v.navNow(), 0)
	} else {
		v.nav.SetCamera(view.Camera)
	}
}

// drawSlide draws a presentation's caption as a title card (bottom
// centre, wrapped) with the slide counter ("2 / 5") at its end.
func (v *viewer) drawSlide(screen *ebiten.Image) {
	if !v.opts.Rooms.Present || len(v.sc.Views) == 0 {
		return
	}
	th := v.theme
	p, lh := th.Pad(), th.LineH()
	counter := v.num(float64(v.rooms.slide+1), 0) + " / " + v.num(float64(len(v.sc.Views)), 0)
	cw := th.Measure(counter)
	if v.rooms.caption == "" {
		th.Text(screen, counter, (float64(v.w)-cw)/2, float64(v.h)-4*lh-lh, th.MutedColor, true)
		return
	}
	// A title card: the caption in type captionScale times the UI's,
	// wrapped to at most 70 % of the width.
	face := v.captionFace()
	maxW := min(float64(v.w)*0.7, th.Dp(720)) / captionScale
	lines := th.Wrap(v.rooms.caption, maxW, nil)
	w := 0.0
	for _, l := range lines {
		w = max(w, th.Measure(l)*captionScale)
	}
	clh := lh * captionScale
	h := float64(len(lines))*clh + 2*p
	x, y := (float64(v.w)-w)/2-2*p, float64(v.h)-h-4*lh
	// The counter ("2 / 5") sits at the card's right end.
	x -= (cw + 2*p) / 2
	ui.FillRect(screen, x, y, w+4*p+cw+2*p, h, th.BackColor)
	ui.FillRect(screen, x, y, th.Dp(4), h, th.AccentColor)
	th.Text(screen, counter, x+w+4*p, y+h-p-lh, th.MutedColor, false)
	for i, l := range lines {
		op := &text.DrawOptions{}
		op.GeoM.Translate(x+2*p, y+p+float64(i)*clh)
		op.ColorScale.ScaleWithColor(th.TitleColor)
		text.Draw(screen, l, face, op)
	}
}

// captionScale is the size of captions relative to UI text.
const captionScale = 1.6

// captionFace returns the UI's face captionScale times larger (kept).
func (v *viewer) captionFace() *text.GoTextFace {
	f := v.theme.Face()
	if v.rooms.captionFace == nil || v.rooms.captionFace.Size != f.Size*captionScale {
		v.rooms.captionFace = &text.GoTextFace{Source: f.Source, Size: f.Size * captionScale}
	}
	return v.rooms.captionFace
}

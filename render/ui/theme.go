package ui

import (
	"bytes"
	"image/color"
	"sync"

	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/goregular"
)

// Base sizes in device-independent pixels (dp), before Theme.Scale.
const (
	// FontDp is the size of UI text.
	FontDp = 13.0
	// LineDp is the height of one line of UI text.
	LineDp = 17.0
	// PadDp is the padding inside panels and around plates.
	PadDp = 6.0
	// TargetDp is the smallest side of a touch target: 36 dp is 9.9 mm
	// on a 24-inch 1920×1080 screen (92 dpi), above the 9 mm asked for.
	TargetDp = 36.0
)

// Theme is the look of the UI: colours, and sizes scaled from dp by Scale
// (the monitor's device scale factor times any user scale). The zero
// Theme is not usable: make one with NewTheme. A Theme is not safe for
// concurrent use; it belongs to the game loop.
type Theme struct {
	// Scale multiplies every dp size (1: 96-dpi screens).
	Scale float64

	// TextColor is the colour of body text, TitleColor of titles,
	// BackColor of panel backgrounds (translucent), AccentColor of
	// selected and active controls, MutedColor of secondary text.
	TextColor, TitleColor, BackColor, AccentColor, MutedColor color.NRGBA

	// Left is the width in pixels that a side panel keeps at the left
	// edge of the window: panels drawn at the top left (Panel) and other
	// left-anchored text start right of it (0: none).
	Left float64
	// Top is the height in pixels that buttons keep at the top left
	// edge of the window: panels drawn at the top left (Panel) start
	// below it (0: none).
	Top float64

	face     *text.GoTextFace
	measured map[string]float64 // text widths at face's size
}

// NewTheme returns the default theme at scale (≤ 0: 1): dark text on
// translucent white panels.
func NewTheme(scale float64) *Theme {
	if scale <= 0 {
		scale = 1
	}
	return &Theme{
		Scale:       scale,
		TextColor:   color.NRGBA{R: 20, G: 24, B: 28, A: 255},
		TitleColor:  color.NRGBA{R: 0, G: 70, B: 140, A: 255},
		BackColor:   color.NRGBA{R: 255, G: 255, B: 255, A: 210},
		AccentColor: color.NRGBA{R: 0, G: 95, B: 184, A: 255},
		MutedColor:  color.NRGBA{R: 84, G: 90, B: 98, A: 255},
	}
}

// Dp converts v device-independent pixels to pixels.
func (t *Theme) Dp(v float64) float64 { return v * t.Scale }

// LineH is the height of one line of text, in pixels.
func (t *Theme) LineH() float64 { return LineDp * t.Scale }

// Pad is the padding inside panels, in pixels.
func (t *Theme) Pad() float64 { return PadDp * t.Scale }

// Target is the smallest side of a touch target, in pixels.
func (t *Theme) Target() float64 { return TargetDp * t.Scale }

// Face returns the text face at the theme's scale.
func (t *Theme) Face() *text.GoTextFace {
	size := FontDp * t.Scale
	if t.face == nil || t.face.Size != size {
		t.face = &text.GoTextFace{Source: fontSource(), Size: size}
		clear(t.measured)
	}
	return t.face
}

// fontSource is the UI font, Go Regular (Latin, Greek and Cyrillic),
// parsed once.
var fontSource = sync.OnceValue(func() *text.GoTextFaceSource {
	src, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		panic("ui: the embedded Go font does not load: " + err.Error())
	}
	return src
})

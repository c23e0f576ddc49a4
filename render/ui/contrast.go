package ui

import "image/color"

// HighContrastScale is how much larger the high-contrast theme draws the
// interface than the default one.
const HighContrastScale = 1.25

// HighContrastTheme returns a theme for poor eyesight and bright rooms at
// scale (≤ 0: 1) times HighContrastScale: opaque white panels, pure black
// text and controls (a selected control is black with white text, which
// the buttons and toggles already draw). Buttons at rest keep the widgets'
// light grey fill, which render/ui draws whatever the theme.
func HighContrastTheme(scale float64) *Theme {
	if scale <= 0 {
		scale = 1
	}
	black := color.NRGBA{A: 255}
	return &Theme{
		Scale:       scale * HighContrastScale,
		TextColor:   black,
		TitleColor:  black,
		BackColor:   color.NRGBA{R: 255, G: 255, B: 255, A: 255},
		AccentColor: black,
		MutedColor:  black,
	}
}

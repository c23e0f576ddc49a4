// Package ui holds the on-screen widgets of citytwin's window: a theme
// (font, colours and sizes in device-independent units), text drawing
// and measuring, panels, UI discs and the interactive widgets built on
// them.
//
// It draws with Ebiten and imports nothing of citytwin's: no scene, no
// live, no render. Packages above it (render/overlay, render/viewer) put
// together what the widgets show.
//
// Sizes in a Theme are in device-independent pixels (dp) and scaled by
// Theme.Scale: at Scale 1 a line of text is 17 px high, which is what the
// viewer drew before the theme existed, so pictures stay the same.
//
//	th := ui.NewTheme(1)
//	th.Text(screen, "Hello", th.Pad(), th.Pad(), th.TextColor, true)
package ui

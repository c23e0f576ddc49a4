package ui

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
)

// WhitePixel returns a 3×3 white image whose centre pixel colours the
// vertices of DrawTriangles (strokes, fills). It is made on first use,
// which must be inside the game loop.
var WhitePixel = func() func() *ebiten.Image {
	var img *ebiten.Image
	return func() *ebiten.Image {
		if img == nil {
			img = ebiten.NewImage(3, 3)
			img.Fill(color.White)
		}
		return img
	}
}()

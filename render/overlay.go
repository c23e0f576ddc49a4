package render

import (
	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// drawOverlay draws the attribution line (and later the UI) over the 3D
// picture.
func drawOverlay(dst *ebiten.Image, sc *scene.Scene, _ any) {}

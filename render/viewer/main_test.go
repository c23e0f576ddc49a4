package viewer

import (
	"testing"

	"citytwin/render/internal/rendertest"
	"citytwin/scene"
)

// The tests draw with Ebiten, which only works inside its game loop: run
// them all inside one Update. Run under xvfb-run.
func TestMain(m *testing.M) { rendertest.Main(m) }

var (
	addBox = rendertest.AddBox
	red    = rendertest.Red
	blue   = rendertest.Blue
)

// gridCity returns n×n L-shaped buildings in meshes that fit a chunk.
func gridCity(n int) []scene.Mesh { return rendertest.GridCity(n, 65535) }

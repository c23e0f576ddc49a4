package render

import (
	"testing"

	"citytwin/render/internal/rendertest"
)

// The tests draw with Ebiten, which only works inside its game loop: run
// them all inside one Update. Run under xvfb-run.
func TestMain(m *testing.M) { rendertest.Main(m) }

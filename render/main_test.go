package render

import (
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// The tests draw with Ebiten, which only works inside its game loop: run
// them all inside one Update (the pattern of Ebiten's internal/testing).
// Run under xvfb-run.
type testGame struct {
	m    *testing.M
	code int
}

func (g *testGame) Update() error {
	g.code = g.m.Run()
	return ebiten.Termination
}

func (*testGame) Draw(*ebiten.Image) {}

func (*testGame) Layout(int, int) (int, int) { return 320, 240 }

func TestMain(m *testing.M) {
	g := &testGame{m: m, code: 1}
	ebiten.SetWindowSize(320, 240)
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
	os.Exit(g.code)
}

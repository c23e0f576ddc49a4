package viewer

import (
	"image"
	"testing"

	"citytwin/scene"
)

// snapshotOf runs the snapshot's frame (as citytwin snapshot does) inside
// the test's game loop.
func snapshotOf(t *testing.T, sc *scene.Scene, opts SnapshotOptions) *image.RGBA {
	t.Helper()
	g, err := newSnapshotGame(sc, opts)
	if err != nil {
		t.Fatal(err)
	}
	g.Update()
	if g.err != nil {
		t.Fatal(g.err)
	}
	return g.out
}

// TestSwipeSnapshotIdentity checks the contract of `snapshot -scenario ID
// -compare BASE -split F`: left of the divider the picture is the plain
// snapshot of BASE, right of it that of ID, pixel for pixel; the divider
// is at most 4 pixels wide.
func TestSwipeSnapshotIdentity(t *testing.T) {
	sc := testScene()
	cam := scene.Camera{Heading: 0, Pitch: -20, Range: 150}
	const w, h = 320, 240
	for _, split := range []float64{0.5, 0.3, 0.77} {
		base := snapshotOf(t, sc, SnapshotOptions{Width: w, Height: h, Camera: cam})
		scen := snapshotOf(t, sc, SnapshotOptions{Width: w, Height: h, Camera: cam, Scenarios: []string{"no-red"}})
		swipe := snapshotOf(t, sc, SnapshotOptions{Width: w, Height: h, Camera: cam, Scenarios: []string{"no-red"}, Compare: []string{}, Split: split})
		if differing(base, scen) == 0 {
			t.Fatal("the scenario looks like the baseline: the test shows nothing")
		}
		var divider []int
		for x := 0; x < w; x++ {
			col := func(img *image.RGBA) bool {
				for y := 0; y < h; y++ {
					if img.RGBAAt(x, y) != swipe.RGBAAt(x, y) {
						return false
					}
				}
				return true
			}
			left, right := col(base), col(scen)
			switch {
			case float64(x) < split*float64(w)-2 && !left:
				t.Errorf("split %g: column %d differs from the baseline snapshot", split, x)
			case float64(x) > split*float64(w)+2 && !right:
				t.Errorf("split %g: column %d differs from the scenario snapshot", split, x)
			case !left && !right:
				divider = append(divider, x)
			}
		}
		if len(divider) == 0 || len(divider) > 4 {
			t.Errorf("split %g: divider columns %v, want 1 to 4", split, divider)
		}
	}
}

func differing(a, b *image.RGBA) int {
	n := 0
	for i := 0; i+3 < len(a.Pix); i += 4 {
		if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
			n++
		}
	}
	return n
}

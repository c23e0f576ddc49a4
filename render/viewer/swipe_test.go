package viewer

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/ui"
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

// gridViewer is a 1280×720 viewer on a grid city of n×n buildings with a
// scenario that hides one.
func gridViewer(tb testing.TB, n int) *viewer {
	tb.Helper()
	l := &scene.Layer{ID: "city", Visible: true, Meshes: gridCity(n), Attribution: "synthetic"}
	sc := &scene.Scene{Layers: []*scene.Layer{l}, Scenarios: []scene.Scenario{{ID: "s", Title: "S"}}}
	v, err := newViewer(sc, Options{Width: 1280, Height: 720})
	if err != nil {
		tb.Fatal(err)
	}
	if err := v.init(); err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestSwipeAtRestDrawsNothingMore checks that with the swipe on, a frame
// at rest redraws neither side, and that the left side is redrawn when
// the camera moves.
func TestSwipeAtRestDrawsNothingMore(t *testing.T) {
	v := gridViewer(t, 20)
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.toggleSwipe()
	if !v.panel.swipe.on || v.panel.swipe.r == nil || len(v.ev.Active) != 1 {
		t.Fatalf("swipe on: %+v, active %v", v.panel.swipe.on, v.ev.Active)
	}
	v.Draw(screen)
	v.Draw(screen)
	sw := &v.panel.swipe
	if !sw.exact || sw.drawn != v.nav.Camera() {
		t.Fatal("the left side is not drawn exact at rest")
	}
	before := sw.drawn
	v.Draw(screen)
	if v.stats.DrawCalls != 0 || sw.drawn != before || sw.dirty {
		t.Errorf("a frame at rest redrew: %+v", v.stats)
	}
	cam := v.nav.Camera()
	cam.Heading += 10
	v.nav.SetCamera(cam)
	v.Draw(screen)
	if sw.drawn != v.nav.Camera() {
		t.Error("the left side did not follow the camera")
	}
	v.toggleSwipe()
	if sw.r != nil || sw.pic != nil {
		t.Error("swipe off kept its renderer")
	}
}

// BenchmarkSwipeFrame measures a frame while the camera orbits, without
// and with the swipe (two pictures per frame), and at rest with it.
//
//	xvfb-run -a go test ./render/viewer -run XXX -bench SwipeFrame
func BenchmarkSwipeFrame(b *testing.B) {
	for _, c := range []struct {
		name         string
		swipe, orbit bool
	}{{"orbit", false, true}, {"orbit-swipe", true, true}, {"rest", false, false}, {"rest-swipe", true, false}} {
		b.Run(c.name, func(b *testing.B) {
			v := gridViewer(b, 60)
			screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
			defer screen.Deallocate()
			if c.swipe {
				v.toggleSwipe()
			}
			v.Draw(screen)
			v.Draw(screen)
			b.ReportAllocs()
			for b.Loop() {
				if c.orbit {
					cam := v.nav.Camera()
					cam.Heading += 1
					v.nav.SetCamera(cam)
				}
				v.Draw(screen)
			}
		})
	}
}

// TestSwipeDividerByKeyboard moves the divider with the panel's slider:
// Tab to it, then the right arrow.
func TestSwipeDividerByKeyboard(t *testing.T) {
	v := demoViewer(t, 1280, 720)
	v.toggleSwipe()
	rest := ui.Pointer{X: 900, Y: 400}
	v.tick(rest)
	for i := 0; i < 20 && v.ui.Focused() != "swipe.split"; i++ {
		v.ui.Begin(rest, ui.Keys{Next: true})
		v.layoutUI()
		v.ui.End()
	}
	if v.ui.Focused() != "swipe.split" {
		t.Fatal("Tab never reached the divider's slider")
	}
	before := v.panel.swipe.split
	v.ui.Begin(rest, ui.Keys{Right: true})
	v.layoutUI()
	v.ui.End()
	if v.panel.swipe.split <= before {
		t.Errorf("split %v after the right arrow, was %v", v.panel.swipe.split, before)
	}
}

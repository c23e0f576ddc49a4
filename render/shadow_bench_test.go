package render

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// BenchmarkSunMove measures re-shading a 10k-building city (100×100
// footprints) at 1280×720 when the sun moves: "resun" redraws the shadow
// map and the exact picture, "exact" only the exact picture with the sun
// still (what a redraw costs anyway), "nosun" the exact picture without
// the sun. Each op reads a pixel back, so the GPU's work is counted.
//
//	xvfb-run -a go test ./render -run XXX -bench SunMove -benchtime 10x
func BenchmarkSunMove(b *testing.B) {
	sc := vectorCity(100)
	ev, err := sc.Evaluate()
	if err != nil {
		b.Fatal(err)
	}
	cam := scene.Camera{Target: scene.Vec3{0, 0, 0}, Heading: 30, Pitch: -35, Range: 1500}
	for _, c := range []struct {
		name      string
		sun, move bool
	}{{"resun", true, true}, {"exact", true, false}, {"nosun", false, false}} {
		b.Run(c.name, func(b *testing.B) {
			r, err := NewRenderer()
			if err != nil {
				b.Fatal(err)
			}
			r.SetScene(sc, ev, nil)
			img := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
			defer img.Deallocate()
			px := make([]byte, 4)
			az := 150.0
			if err := r.SetSun(sunDir(az, 40), c.sun); err != nil {
				b.Fatal(err)
			}
			r.Draw(img, cam, Exact)
			maps := r.ShadowMapsDrawn()
			for b.Loop() {
				if c.move {
					az += 0.25
					if err := r.SetSun(sunDir(az, 40), true); err != nil {
						b.Fatal(err)
					}
				}
				r.Draw(img, cam, Exact)
				img.SubImage(image.Rect(640, 360, 641, 361)).(*ebiten.Image).ReadPixels(px)
			}
			b.ReportMetric(float64(r.ShadowMapsDrawn()-maps)/float64(b.N), "maps/op")
		})
	}
}

// BenchmarkOrbitSun draws a 10k-building city at 1280×720 with the camera
// turning (sorted mode) without the sun, with it (shadows appear at rest
// only: the default) and with MovingShadows. Compare ns/op within one run.
//
//	xvfb-run -a go test ./render -run XXX -bench OrbitSun -benchtime 60x
func BenchmarkOrbitSun(b *testing.B) {
	sc := vectorCity(100)
	ev, err := sc.Evaluate()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		sun, moving bool
	}{{"nosun", false, false}, {"sun", true, false}, {"sun+moving-shadows", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			r, err := NewRenderer()
			if err != nil {
				b.Fatal(err)
			}
			r.SetScene(sc, ev, nil)
			r.MovingShadows = c.moving
			if err := r.SetSun(sunDir(150, 40), c.sun); err != nil {
				b.Fatal(err)
			}
			img := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
			defer img.Deallocate()
			px := make([]byte, 4)
			cam := scene.Camera{Target: scene.Vec3{0, 0, 0}, Heading: 30, Pitch: -35, Range: 1500}
			r.Draw(img, cam, Exact) // the shadow map
			for b.Loop() {
				cam.Heading += 1
				r.Draw(img, cam, Sorted)
				img.SubImage(image.Rect(640, 360, 641, 361)).(*ebiten.Image).ReadPixels(px)
			}
		})
	}
}

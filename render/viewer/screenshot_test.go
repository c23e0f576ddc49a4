package viewer

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/loaders/open"
)

// Screenshots of the demo's harbour at 1280×720 and 1920×1080 with the
// sun's panel open (June, morning) and a measurement: two taps on the
// ground and one on a roof. CITYTWIN_SHOTS=DIR writes them into DIR to
// look at.
func TestSunAndMeasureScreenshots(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	sc, err := open.Demo()
	if err != nil {
		t.Fatal(err)
	}
	view := sc.Views[0]
	for _, vw := range sc.Views {
		if vw.Name == "Harbour" {
			view = vw
		}
	}
	for _, size := range [][2]int{{1280, 720}, {1920, 1080}} {
		w, h := size[0], size[1]
		v, err := newViewer(sc, Options{Width: w, Height: h, Camera: view.Camera, Sun: time.Date(2026, 6, 21, 7, 30, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if err := v.init(); err != nil {
			t.Fatal(err)
		}
		v.startRooms()
		if w > 1280 {
			v.theme.Scale = 1.5 // a large screen's interface
		}
		v.setMeasuring(true)
		v.tapAt(0.36*float64(w), 0.64*float64(h))
		v.tapAt(0.62*float64(w), 0.62*float64(h))
		// A roof: the first point of a scan whose tap lands on one.
		pr := v.r.Projector(v.nav.Camera(), w, h)
		roof := false
		for y := 0.45; y < 0.7 && !roof; y += 0.02 {
			for x := 0.3; x < 0.7 && !roof; x += 0.02 {
				if p, ok := v.measurePointAt(&pr, x*float64(w), y*float64(h)); ok && p.Height > 5 {
					v.tapAt(x*float64(w), y*float64(h))
					roof = true
				}
			}
		}
		if !roof || len(v.meas.open.Pts) != 3 {
			t.Fatalf("%dx%d: %d points measured, roof found %v", w, h, len(v.meas.open.Pts), roof)
		}
		v.tickUI()
		screen := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
		v.Draw(screen)
		got := image.NewRGBA(screen.Bounds())
		screen.ReadPixels(got.Pix)
		screen.Deallocate()
		if dir := os.Getenv("CITYTWIN_SHOTS"); dir != "" {
			writePNG(t, filepath.Join(dir, fmt.Sprintf("sun-measure-%dx%d.png", w, h)), got)
		}
		// The panel is on screen: its label's row is not the picture.
		panel, _, _ := v.sunBar()
		if panel.X < 0 || panel.Y < 0 || panel.X+panel.W > float64(w) || panel.Y+panel.H > float64(h) {
			t.Errorf("%dx%d: the sun panel %+v leaves the screen", w, h, panel)
		}
	}
}

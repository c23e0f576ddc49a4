package viewer

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/loaders/open"
	"citytwin/render/ui"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden pictures in testdata")

// demoViewer opens the built-in demo in a w×h viewer, without a window.
func demoViewer(t testing.TB, w, h int) *viewer {
	t.Helper()
	sc, err := open.Demo()
	if err != nil {
		t.Fatal(err)
	}
	v, err := newViewer(sc, Options{Width: w, Height: h})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.init(); err != nil {
		t.Fatal(err)
	}
	return v
}

// tick records the widgets for pointer p, as Update does.
func (v *viewer) tick(p ui.Pointer) {
	v.in.ui = p
	v.ui.Theme = v.theme
	v.ui.Begin(p, ui.Keys{})
	v.layoutUI()
	v.ui.End()
}

// click presses and releases the pointer at (x, y) over two ticks.
func (v *viewer) click(x, y float64) {
	v.tick(ui.Pointer{X: x, Y: y, Down: true, Pressed: true})
	v.tick(ui.Pointer{X: x, Y: y, Released: true})
}

// panelPicture draws the recorded widgets on a blank image and returns
// the panel's part of it.
func (v *viewer) panelPicture() *image.RGBA {
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, v.w, v.h), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	img.Fill(image.White)
	v.ui.Draw(img)
	out := image.NewRGBA(image.Rect(0, 0, v.w, v.h))
	img.ReadPixels(out.Pix)
	return out.SubImage(image.Rect(0, 0, int(v.panelWidth()), v.h)).(*image.RGBA)
}

// find returns the centre of the recorded widget labelled s.
func (v *viewer) find(t *testing.T, s string) (float64, float64) {
	t.Helper()
	for _, e := range v.ui.Elements() {
		if e.Text == s && e.ID != "" {
			return e.R.X + e.R.W/2, e.R.Y + e.R.H/2
		}
	}
	t.Fatalf("no widget %q", s)
	return 0, 0
}

// TestPanelGolden draws the panel on the demo at 1280×720 and 1920×1080,
// with the Larvotto park scenario on and a figure's formula open, and
// compares it with testdata/panel-*.png (go test -update rewrites them).
func TestPanelGolden(t *testing.T) {
	for _, size := range [][2]int{{1280, 720}, {1920, 1080}} {
		v := demoViewer(t, size[0], size[1])
		v.tick(ui.Pointer{X: -1, Y: -1})
		if !v.panel.open {
			t.Fatalf("%v: the panel is closed at start", size)
		}
		v.click(v.find(t, "Park instead of the Larvotto car park"))
		if len(v.ev.Active) != 1 || v.ev.Active[0] != "larvotto-park" {
			t.Fatalf("active %v after clicking the park scenario", v.ev.Active)
		}
		v.click(v.find(t, "Buildings"))
		v.tick(ui.Pointer{X: -1, Y: -1})
		got := v.panelPicture()
		name := filepath.Join("testdata", "panel-"+sizeName(size)+".png")
		compareGolden(t, name, got)
		v.click(v.find(t, "Baseline (today)"))
		if len(v.ev.Active) != 0 {
			t.Errorf("%v: Baseline left %v active", size, v.ev.Active)
		}
	}
}

func sizeName(s [2]int) string { return fmt.Sprintf("%dx%d", s[0], s[1]) }

// compareGolden compares got with the PNG at name: at most 1 % of the
// pixels may differ by more than 24 per channel (fonts antialias a little
// differently from one Mesa to the next).
func compareGolden(t *testing.T, name string, got *image.RGBA) {
	t.Helper()
	if *updateGolden {
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, got); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := got.Bounds()
	if want.Bounds().Dx() != b.Dx() || want.Bounds().Dy() != b.Dy() {
		t.Fatalf("%s: size %v, want %v", name, b.Size(), want.Bounds().Size())
	}
	bad := 0
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r0, g0, b0, _ := got.At(b.Min.X+x, b.Min.Y+y).RGBA()
			r1, g1, b1, _ := want.At(want.Bounds().Min.X+x, want.Bounds().Min.Y+y).RGBA()
			d := func(a, b uint32) bool { return int(a>>8)-int(b>>8) > 24 || int(b>>8)-int(a>>8) > 24 }
			if d(r0, r1) || d(g0, g1) || d(b0, b1) {
				bad++
			}
		}
	}
	if bad > b.Dx()*b.Dy()/100 {
		t.Errorf("%s: %d pixels differ (go test -update rewrites it after you look at it)", name, bad)
	}
}

// TestPanelAllocatesNothingAtRest records the panel on the demo, with a
// scenario on, without allocating.
func TestPanelAllocatesNothingAtRest(t *testing.T) {
	v := demoViewer(t, 1280, 720)
	v.tick(ui.Pointer{X: 600, Y: 300})
	v.setScenarios([]string{"harbour-plus-2"})
	v.tick(ui.Pointer{X: 600, Y: 300})
	if n := testing.AllocsPerRun(50, func() { v.tick(ui.Pointer{X: 600, Y: 300}) }); n != 0 {
		t.Errorf("the panel allocates %v times per frame at rest", n)
	}
}

// BenchmarkPanelUI is the panel's CPU per frame at rest: recording the
// widgets (Update) and drawing them (Draw), on the demo with a scenario
// on.
//
//	xvfb-run -a go test ./render/viewer -run XXX -bench PanelUI -benchmem
func BenchmarkPanelUI(b *testing.B) {
	v := demoViewer(b, 1280, 720)
	v.setScenarios([]string{"larvotto-park"})
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	v.tick(ui.Pointer{X: 600, Y: 300}) // computes the key figures once
	v.ui.Draw(img)
	b.ReportAllocs()
	for b.Loop() {
		v.tick(ui.Pointer{X: 600, Y: 300})
		v.ui.Draw(img)
	}
}

// BenchmarkPanelLayout is the Update half of BenchmarkPanelUI: recording
// the panel's widgets.
func BenchmarkPanelLayout(b *testing.B) {
	v := demoViewer(b, 1280, 720)
	v.setScenarios([]string{"larvotto-park"})
	v.tick(ui.Pointer{X: 600, Y: 300}) // computes the key figures once
	b.ReportAllocs()
	for b.Loop() {
		v.tick(ui.Pointer{X: 600, Y: 300})
	}
}

package viewer

import (
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/ui"
	"citytwin/scene"
)

// measureViewer returns a started viewer of footprintScene.
func measureViewer(t *testing.T, w, h int) *viewer {
	t.Helper()
	v, err := newViewer(footprintScene(), Options{Width: w, Height: h,
		Camera: scene.Camera{Target: scene.Vec3{35, 20, 0}, Heading: 0, Pitch: -40, Range: 160}})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.init(); err != nil {
		t.Fatal(err)
	}
	v.startRooms()
	return v
}

// tapPoint taps the screen where the local point p shows.
func tapPoint(t *testing.T, v *viewer, p scene.Vec3) {
	t.Helper()
	pr := v.r.Projector(v.nav.Camera(), v.w, v.h)
	x, y, _, ok := pr.Project(p)
	if !ok {
		t.Fatalf("%v is behind the camera", p)
	}
	v.tapAt(x, y)
}

// clickButton presses and releases the pointer on r through the widgets.
func clickButton(v *viewer, r ui.Rect) {
	x, y := r.X+r.W/2, r.Y+r.H/2
	v.in.ui = ui.Pointer{X: x, Y: y, Down: true, Pressed: true}
	v.tickUI()
	v.in.ui = ui.Pointer{X: x, Y: y, Released: true}
	v.tickUI()
	v.in.ui = ui.Pointer{X: x, Y: y}
}

func labelTexts(v *viewer) []string {
	var out []string
	for _, f := range append(v.meas.done, v.meas.open) {
		for _, l := range f.labels(nil) {
			out = append(out, l.Text)
		}
	}
	return out
}

func hasLabel(labels []string, s string) bool {
	for _, l := range labels {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// Measuring through the viewer: the Measure button, taps on the ground,
// a tap on a roof (height, and a 3D distance), snapping to a corner, a
// double tap closing a polygon (area), and Clear.
func TestViewerMeasure(t *testing.T) {
	v := measureViewer(t, 640, 480)
	now := time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC)
	v.meas.now = func() time.Time { now = now.Add(time.Second); return now }
	_, _, measB := v.sunBar()
	clickButton(v, measB)
	if !v.meas.on {
		t.Fatal("the Measure button did not turn measuring on")
	}
	// Two taps on open ground, 30 m apart.
	tapPoint(t, v, scene.Vec3{60, 30, 0})
	tapPoint(t, v, scene.Vec3{60, 60, 0})
	if n := len(v.meas.open.Pts); n != 2 {
		t.Fatalf("%d points after two taps", n)
	}
	if l := labelTexts(v); !hasLabel(l, "30.0 m") {
		t.Errorf("labels %q, want the distance 30.0 m", l)
	}
	// A tap near the big building's south-east corner on the ground snaps to it.
	tapPoint(t, v, scene.Vec3{20.8, -0.8, 0})
	p := v.meas.open.Pts[2]
	if !p.Snapped || math.Hypot(p.P[0]-20, p.P[1]) > 1e-6 || p.P[2] != 0 {
		t.Errorf("tap by the corner gave %+v, want snapped to (20, 0, 0)", p)
	}
	// A tap on the small building's roof: its height, and a 3D distance.
	tapPoint(t, v, scene.Vec3{45, 5, 12})
	p = v.meas.open.Pts[3]
	if math.Abs(p.Height-12) > 0.05 || math.Abs(p.P[2]-12) > 0.05 {
		t.Errorf("roof tap gave %+v, want height 12 m", p)
	}
	l := labelTexts(v)
	g := math.Hypot(45-20, 5)
	want3D := math.Sqrt(g*g + 12*12)
	if !hasLabel(l, "height 12.0 m") || !hasLabel(l, fmt.Sprintf("%.1f m · 3D %.1f m", g, want3D)) {
		t.Errorf("labels %q, want the roof's height and a 3D distance (%.1f m)", l, want3D)
	}
	// A second tap at the same place closes the polygon: its area.
	v.meas.now = func() time.Time { now = now.Add(100 * time.Millisecond); return now }
	tapPoint(t, v, scene.Vec3{45, 5, 12})
	if len(v.meas.done) != 1 || !v.meas.done[0].Closed || len(v.meas.done[0].Pts) != 4 {
		t.Fatalf("after a double tap: done %+v", v.meas.done)
	}
	ps := []scene.Vec3{{60, 30, 0}, {60, 60, 0}, {20, 0, 0}, {45, 5, 12}}
	area := 0.0
	for i := range ps {
		j := (i + 1) % len(ps)
		area += ps[i][0]*ps[j][1] - ps[j][0]*ps[i][1]
	}
	if l := labelTexts(v); !hasLabel(l, "area "+areaText(math.Abs(area)/2)+" m²") {
		t.Errorf("labels %q, want the area %.1f m²", l, math.Abs(area)/2)
	}
	// The figure is drawn over the picture.
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 640, 480), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen)
	got := image.NewRGBA(screen.Bounds())
	screen.ReadPixels(got.Pix)
	pr := v.r.Projector(v.nav.Camera(), 640, 480)
	x0, y0, _, _ := pr.Project(scene.Vec3{60, 30, 0})
	x1, y1, _, _ := pr.Project(scene.Vec3{60, 60, 0})
	if dir := os.Getenv("CITYTWIN_SHOTS"); dir != "" {
		writePNG(t, filepath.Join(dir, "measure-test.png"), got)
	}
	onLine := 0
	for i := 1; i < 20; i++ {
		f := float64(i) / 20
		c := got.RGBAAt(int(math.Round(x0+(x1-x0)*f)), int(math.Round(y0+(y1-y0)*f)))
		if c.R > 200 && c.G > 150 && c.B < 100 {
			onLine++
		}
	}
	if onLine < 4 { // labels cover some of it
		t.Errorf("the measured line is drawn at %d of 19 points along it", onLine)
	}
	// Clear.
	_, _, measB = v.sunBar()
	clear := measB
	clear.X += measB.W + v.theme.Pad()
	clickButton(v, clear)
	if len(v.meas.done) != 0 || len(v.meas.open.Pts) != 0 {
		t.Errorf("Clear left %d figures", len(v.meas.done))
	}
	// Measuring off: a tap picks again.
	clickButton(v, measB)
	if v.meas.on {
		t.Error("the Measure button did not turn measuring off")
	}
	tapPoint(t, v, scene.Vec3{45, 5, 12})
	if v.picked != [2]int{0, 1} || len(v.meas.open.Pts) != 0 {
		t.Errorf("with measuring off a tap picked %v and measured %d points", v.picked, len(v.meas.open.Pts))
	}
}

// The F12 screenshot carries the measurements and the sun's time.
func TestScreenshotCarriesMeasures(t *testing.T) {
	v := measureViewer(t, 640, 480)
	v.setSunTime(time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC))
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 640, 480), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen)
	plain := v.composeShot()
	defer plain.Deallocate()
	v.setMeasuring(true)
	tapPoint(t, v, scene.Vec3{60, 30, 0})
	tapPoint(t, v, scene.Vec3{60, 60, 0})
	shot := v.composeShot()
	defer shot.Deallocate()
	a, b := image.NewRGBA(image.Rect(0, 0, 640, 480)), image.NewRGBA(image.Rect(0, 0, 640, 480))
	plain.ReadPixels(a.Pix)
	shot.ReadPixels(b.Pix)
	if dir := os.Getenv("CITYTWIN_SHOTS"); dir != "" {
		writePNG(t, filepath.Join(dir, "f12-shot.png"), b)
	}
	pr := v.r.Projector(v.drawn, 640, 480)
	x0, y0, _, _ := pr.Project(scene.Vec3{60, 30, 0})
	x1, y1, _, _ := pr.Project(scene.Vec3{60, 60, 0})
	diff := 0
	for i := 1; i < 20; i++ {
		f := float64(i) / 20
		x, y := int(math.Round(x0+(x1-x0)*f)), int(math.Round(y0+(y1-y0)*f))
		if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
			diff++
		}
	}
	if diff < 10 {
		t.Errorf("the screenshot shows the measured line at %d of 19 points", diff)
	}
}

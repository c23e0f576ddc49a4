package viewer

import (
	"image"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render"
	"citytwin/scene"
)

func drawViewer(v *viewer) *image.RGBA {
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, v.w, v.h), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen)
	out := image.NewRGBA(screen.Bounds())
	v.pic.ReadPixels(out.Pix)
	return out
}

// -sun reads the clock in the scene's time zone and turns shadows on; the
// Sun button opens and closes the panel; a night hour means no sun and the
// fixed light's picture; without a time the picture is as before.
func TestViewerSun(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	cam := scene.Camera{Target: scene.Vec3{25, 10, 0}, Heading: 20, Pitch: -40, Range: 160}
	sc := footprintScene()
	sc.Origin = scene.Geo{Lon: 2.35, Lat: 48.85}
	sc.TimeZone = paris
	plain, err := newViewer(sc, Options{Width: 320, Height: 240, Camera: cam})
	if err != nil {
		t.Fatal(err)
	}
	if err := plain.init(); err != nil {
		t.Fatal(err)
	}
	plain.startRooms()
	if plain.sun.on || plain.sun.shown {
		t.Fatal("the sun is on without a time")
	}
	before := drawViewer(plain)

	v, err := newViewer(sc, Options{Width: 320, Height: 240, Camera: cam, Sun: time.Date(2026, 6, 21, 14, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.init(); err != nil {
		t.Fatal(err)
	}
	v.startRooms()
	if !v.sun.on || !v.sun.up || !v.sun.shown || v.sun.t.Location() != paris || v.sun.t.Hour() != 14 {
		t.Fatalf("sun %+v, want on at 14:00 Paris time", v.sun)
	}
	if _, on := v.r.Sun(); !on {
		t.Fatal("the renderer's sun is off")
	}
	lit := drawViewer(v)
	if string(lit.Pix) == string(before.Pix) {
		t.Error("the sun changed nothing in the picture")
	}
	// Night: no sun, the fixed light's picture, "sun down".
	v.setSunTime(time.Date(2026, 6, 21, 23, 30, 0, 0, paris))
	if _, on := v.r.Sun(); on || v.sun.up {
		t.Error("the sun is on at 23:30")
	}
	if got := drawViewer(v); string(got.Pix) != string(before.Pix) {
		t.Error("at night the picture differs from the one without sun")
	}
	if l := v.sunLabel(); l != "Sun 21 Jun 2026 23:30 CEST · sun down (night)" {
		t.Errorf("label %q", l)
	}
	// The Sun button closes the panel and turns the sun off, and opens it again.
	_, sunB, _ := v.sunBar()
	clickButton(v, sunB)
	if v.sun.shown || v.sun.on {
		t.Errorf("after the Sun button: %+v", v.sun)
	}
	_, sunB, _ = v.sunBar()
	clickButton(v, sunB)
	if !v.sun.shown || !v.sun.on {
		t.Errorf("after the Sun button again: %+v", v.sun)
	}
}

// A snapshot with -sun draws the shadows: in the morning (sun in the
// east) the ground west of the 30 m building is in its shadow, darker
// than the ground in the sun, and the ground north-east of it is not.
func TestSnapshotSun(t *testing.T) {
	sc := footprintScene()
	sc.Origin = scene.Geo{Lon: 2.35, Lat: 48.85}
	ev, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	cam := scene.Camera{Target: scene.Vec3{20, 20, 0}, Heading: 60, Pitch: -40, Range: 200} // from the west-south-west
	opts := SnapshotOptions{Width: 320, Height: 240, Camera: cam}
	plain, err := renderPicture(sc, ev, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Sun = time.Date(2026, 6, 21, 6, 0, 0, 0, time.UTC) // 8:00 in Paris, sun in the east
	lit, err := renderPicture(sc, ev, opts)
	if err != nil {
		t.Fatal(err)
	}
	pr := scene.NewProjector(cam, 320, 240, 0.5, 1000)
	at := func(img *image.RGBA, p scene.Vec3) int {
		x, y, _, _ := pr.Project(p)
		c := img.RGBAAt(int(x), int(y))
		return int(c.R) + int(c.G) + int(c.B)
	}
	west, east := scene.Vec3{-8, 10, 0}, scene.Vec3{30, 30, 0}
	// The low sun dims all the ground a little; the shadow much more.
	if w, e := at(lit, west), at(lit, east); w >= e*85/100 {
		t.Errorf("west of the building %d, north-east %d: no shadow", w, e)
	}
	if at(lit, east) < at(plain, east)*7/10 {
		t.Errorf("north-east of the building: %d with the sun, %d without: shadowed", at(lit, east), at(plain, east))
	}
}

// The starting sun: -sun's clock read in the scene's zone, else the scene
// file's sun, else none.
func TestStartSun(t *testing.T) {
	monaco, err := time.LoadLocation("Europe/Monaco")
	if err != nil {
		t.Fatal(err)
	}
	sc := &scene.Scene{TimeZone: monaco}
	if got := startSun(sc, time.Time{}); !got.IsZero() {
		t.Errorf("no time: %v", got)
	}
	sc.Sun = time.Date(2026, 3, 21, 9, 0, 0, 0, monaco)
	if got := startSun(sc, time.Time{}); !got.Equal(sc.Sun) || got.Location() != monaco {
		t.Errorf("the scene's sun: %v", got)
	}
	wall := time.Date(2026, 6, 21, 14, 0, 0, 0, time.UTC)
	if got, want := startSun(sc, wall), time.Date(2026, 6, 21, 14, 0, 0, 0, monaco); !got.Equal(want) {
		t.Errorf("-sun: %v, want %v", got, want)
	}
}

// The sun's panel, open, allocates nothing per tick at rest beyond what
// the window's other widgets do (main's rooms allocate once a tick today).
func TestSunPanelAllocatesNothingAtRest(t *testing.T) {
	v := measureViewer(t, 640, 480)
	v.tickUI()
	closed := testing.AllocsPerRun(20, func() { v.tickUI() })
	v.setSunTime(time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC))
	v.sun.shown = true
	v.tickUI()
	if n := testing.AllocsPerRun(20, func() { v.tickUI() }); n > closed {
		t.Errorf("the sun's panel allocates %v times per tick at rest (%v closed)", n, closed)
	}
}

// Swipe compare: the baseline side gets the window's sun too.
func TestSwipeSideFollowsSun(t *testing.T) {
	v := measureViewer(t, 320, 240)
	r, err := render.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	v.panel.swipe.r = r
	v.syncSwipeSun()
	if _, on := r.Sun(); on || v.panel.swipe.dirty {
		t.Fatal("the swipe side lit (or redrawn) without a sun")
	}
	v.setSunTime(time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC))
	v.syncSwipeSun()
	d, on := r.Sun()
	if want, _ := v.r.Sun(); !on || d != want || !v.panel.swipe.dirty {
		t.Errorf("swipe side sun %v %v, want %v on, redrawn", d, on, want)
	}
	v.panel.swipe.dirty = false
	v.syncSwipeSun()
	if v.panel.swipe.dirty {
		t.Error("the swipe side is redrawn again for the same sun")
	}
	v.setSunOff()
	v.syncSwipeSun()
	if _, on := r.Sun(); on {
		t.Error("the swipe side keeps the sun after it went off")
	}
}

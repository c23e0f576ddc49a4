package viewer

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/loaders/open"
	"citytwin/render/ui"
	"citytwin/scene/votes"
)

// fakeClock is the rooms' injected clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time            { return c.t }
func (c *fakeClock) step(d time.Duration) bool { c.t = c.t.Add(d); return true }

// roomsViewer opens the demo city at w×h with rooms options r.
func roomsViewer(t testing.TB, w, h int, kiosk bool, r Rooms) (*viewer, *fakeClock) {
	t.Helper()
	sc, err := open.Demo()
	if err != nil {
		t.Fatal(err)
	}
	clk := &fakeClock{t: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)}
	r.Now = clk.now
	v, err := newViewer(sc, Options{Width: w, Height: h, Kiosk: kiosk, Rooms: r})
	if err != nil {
		t.Fatal(err)
	}
	if r.Present {
		t.Cleanup(func() { ebiten.SetFullscreen(false) }) // the test window
	}
	if err := v.init(); err != nil {
		t.Fatal(err)
	}
	v.startRooms()
	return v, clk
}

// frame runs one tick of the viewer's UI with pointer p and draws it.
func frame(v *viewer, screen *ebiten.Image, p ui.Pointer) {
	v.in.ui = p
	v.tickUI()
	v.roomsUpdateNoKeys()
	v.Draw(screen)
}

// roomsUpdateNoKeys is roomsUpdate without Ebiten's keyboard (tests).
func (v *viewer) roomsUpdateNoKeys() {
	for _, g := range v.nav.Gestures() {
		_ = g
	}
	v.tickKiosk()
}

// tap presses and releases at (x, y).
func tap(v *viewer, screen *ebiten.Image, x, y float64) {
	frame(v, screen, ui.Pointer{X: x, Y: y, Down: true, Pressed: true})
	frame(v, screen, ui.Pointer{X: x, Y: y, Released: true})
}

func TestKioskIdleResetsThenTours(t *testing.T) {
	v, clk := roomsViewer(t, 640, 360, true, Rooms{Lang: "de"})
	screen := ebiten.NewImage(640, 360)
	defer screen.Deallocate()
	// A visitor: another language, a scenario, a feature's card.
	v.nextLanguage()
	v.showScenario(3)
	v.selectFeature(0, 0)
	v.rooms.attract.Input(clk.t)
	if v.rooms.lang.Code() == "de" || len(v.ev.Active) != 1 || v.hud.Panel == nil {
		t.Fatalf("setup: lang %s, active %v", v.rooms.lang.Code(), v.ev.Active)
	}
	idle := time.Duration(v.sc.Kiosk.IdleSeconds * float64(time.Second))
	for clk.step(time.Second); clk.t.Sub(time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)) < idle-2*time.Second; clk.step(time.Second) {
		frame(v, screen, ui.Pointer{X: -1, Y: -1})
	}
	if v.rooms.attract.Idling() {
		t.Fatal("reset before the idle time")
	}
	clk.step(3 * time.Second)
	frame(v, screen, ui.Pointer{X: -1, Y: -1})
	if !v.rooms.attract.Idling() || v.rooms.lang.Code() != "de" || len(v.ev.Active) != 0 || v.hud.Panel != nil || !v.nav.Flying() {
		t.Fatalf("after idle: idling %v, lang %s, active %v, panel %v, flying %v",
			v.rooms.attract.Idling(), v.rooms.lang.Code(), v.ev.Active, v.hud.Panel, v.nav.Flying())
	}
	// The tour: one view per Dwell, its scenarios and caption, looping.
	var captions []string
	for i := 0; i < 6; i++ {
		clk.step(v.rooms.attract.Dwell)
		frame(v, screen, ui.Pointer{X: -1, Y: -1})
		captions = append(captions, v.rooms.caption)
	}
	var tour []string // the demo's tour, looping
	for i := 0; i < 6; i++ {
		name := v.sc.Kiosk.Tour[i%len(v.sc.Kiosk.Tour)]
		for _, view := range v.sc.Views {
			if view.Name == name {
				tour = append(tour, view.Caption)
			}
		}
	}
	want := strings.Join(tour, "|")
	if got := strings.Join(captions, "|"); got != want {
		t.Errorf("tour captions\n got %s\nwant %s", got, want)
	}
	// A touch ends the attract mode.
	tap(v, screen, 320, 180)
	frame(v, screen, ui.Pointer{X: -1, Y: -1})
	v.rooms.attract.Input(clk.t) // (roomsInput does this for real events)
	clk.step(v.rooms.attract.Dwell)
	before := v.rooms.caption
	frame(v, screen, ui.Pointer{X: -1, Y: -1})
	if v.rooms.attract.Idling() || v.rooms.caption != before {
		t.Errorf("the tour goes on after a touch")
	}
}

func TestVoteInTwoTaps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "votes.csv")
	v, _ := roomsViewer(t, 1280, 720, true, Rooms{Lang: "fr", Votes: path})
	v.sc.Kiosk.VoteReasons = []string{"More green", "More homes"}
	screen := ebiten.NewImage(1280, 720)
	defer screen.Deallocate()
	th := v.theme
	tt, p, lh := th.Target(), th.Pad(), th.LineH()
	by := float64(720) - lh - 4*p - tt
	tap(v, screen, 3*p, by+tt/2) // open
	if !v.rooms.vote.open {
		t.Fatal("the vote panel did not open")
	}
	// Choices: Today + 3 scenarios; the panel sits above the button.
	h := lh + 2*p + 4*(tt+p)
	top := by - p - h
	row := func(i int) float64 { return top + p + lh + p + float64(i)*(tt+p) + tt/2 }
	tap(v, screen, 4*p, row(3)) // larvotto-park
	if v.rooms.vote.chosen != "larvotto-park" {
		t.Fatalf("chosen %q", v.rooms.vote.chosen)
	}
	h = lh + 2*p + 3*(tt+p)
	top = by - p - h
	tap(v, screen, 4*p, row(0)) // "More green"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vs, bad, err := votes.Read(f)
	if err != nil || bad != 0 || len(vs) != 1 {
		t.Fatalf("votes %v bad %d err %v", vs, bad, err)
	}
	if vs[0].Scenario != "larvotto-park" || vs[0].Reason != "More green" || vs[0].Lang != "fr" {
		t.Errorf("vote %+v", vs[0])
	}
	if v.rooms.vote.open || !strings.Contains(v.rooms.toast, "Merci") {
		t.Errorf("after the vote: open %v, toast %q", v.rooms.vote.open, v.rooms.toast)
	}
}

func TestControlsMoveTheCamera(t *testing.T) {
	v, _ := roomsViewer(t, 1280, 720, false, Rooms{})
	screen := ebiten.NewImage(1280, 720)
	defer screen.Deallocate()
	r := v.controlsRect()
	tt, p := v.theme.Target(), v.theme.Pad()
	at := func(i int) (float64, float64) {
		return r.X + float64(i%2)*(tt+p) + tt/2, r.Y + float64(i/2)*(tt+p) + tt/2
	}
	before := v.nav.Camera()
	x, y := at(0) // zoom in
	tap(v, screen, x, y)
	if !v.nav.Flying() {
		t.Fatal("+ does not fly")
	}
	v.nav.Tick(v.navNow() + time.Second)
	if got := v.nav.Camera().Range; got >= before.Range {
		t.Errorf("range %g after +, was %g", got, before.Range)
	}
	x, y = at(6) // home
	tap(v, screen, x, y)
	v.nav.Tick(v.navNow() + 5*time.Second)
	if v.nav.Camera() != v.nav.Home() {
		t.Errorf("home button: %+v, want %+v", v.nav.Camera(), v.nav.Home())
	}
}

// TestUISnapshots draws the interface (controls, language button, vote
// panel, a slide's caption and counter, a toast) over the demo at
// 1280×720 and 1920×1080 in each language, into
// $CITYTWIN_UI_SNAPSHOTS (default: a temporary folder), and checks that
// each fits: no control off screen.
func TestUISnapshots(t *testing.T) {
	dir := os.Getenv("CITYTWIN_UI_SNAPSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, size := range [][2]int{{1280, 720}, {1920, 1080}} {
		for _, lang := range []string{"en", "de", "fr", "el"} {
			for _, hc := range []bool{false, true} {
				if hc && (lang != "el" || size[0] != 1280) {
					continue
				}
				w, h := size[0], size[1]
				v, _ := roomsViewer(t, w, h, false, Rooms{Lang: lang, Present: true, Votes: filepath.Join(t.TempDir(), "v.csv"), HighContrast: hc})
				v.goSlide(3, false)
				screen := ebiten.NewImage(w, h)
				v.rooms.vote.open = true
				v.ui.SetFocus("ctl.left")
				if hc { // the operator's keypad too
					v.rooms.exit = exitPad{open: true, opened: v.now(), typed: []byte("12")}
				}
				v.showToast(v.tr("Thank you! Your vote is counted."))
				frame(v, screen, ui.Pointer{X: -1, Y: -1})
				img := image.NewRGBA(image.Rect(0, 0, w, h))
				screen.ReadPixels(img.Pix)
				name := filepath.Join(dir, "ui-"+lang+"-"+itoa(w)+"x"+itoa(h))
				if hc {
					name += "-high-contrast"
				}
				f, err := os.Create(name + ".png")
				if err != nil {
					t.Fatal(err)
				}
				png.Encode(f, img)
				f.Close()
				if c := v.controlsRect(); c.X < 0 || c.Y < 0 {
					t.Errorf("%s: controls off screen: %+v", name, c)
				}
				screen.Deallocate()
			}
		}
	}
	t.Logf("snapshots in %s", dir)
}

func itoa(n int) string {
	b := []byte{}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestScreenshotFile(t *testing.T) {
	dir := t.TempDir()
	v, clk := roomsViewer(t, 640, 360, false, Rooms{Screenshots: dir})
	v.showScenario(3)
	screen := ebiten.NewImage(640, 360)
	defer screen.Deallocate()
	v.rooms.shot = true
	v.Draw(screen)
	v.rooms.shot = true // a second in the same second gets -2
	v.Draw(screen)
	names, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	stamp := clk.t.Format("20060102-150405")
	slices.Sort(names) // "-2.png" sorts before ".png"
	if len(names) != 2 || filepath.Base(names[1]) != "citytwin-"+stamp+".png" || filepath.Base(names[0]) != "citytwin-"+stamp+"-2.png" {
		t.Fatalf("files %v", names)
	}
	if !strings.Contains(v.rooms.toast, names[0]) {
		t.Errorf("toast %q", v.rooms.toast)
	}
	f, _ := os.Open(names[0])
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() != 640 {
		t.Fatalf("png: %v", err)
	}
}

func TestDroppedLayers(t *testing.T) {
	v, _ := roomsViewer(t, 640, 360, false, Rooms{})
	n := len(v.sc.Layers)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "kiosks.geojson"), []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"k"},"geometry":{"type":"Point","coordinates":[7.42,43.73]}}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.geojson"), []byte(`{"type":"FeatureCollection","features":[`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte(`hello`), 0o644)
	fsys := os.DirFS(dir)
	for _, tc := range []struct {
		name string
		ok   bool
	}{{"kiosks.geojson", true}, {"broken.geojson", false}, {"notes.txt", false}} {
		ls, err := v.loadDropped(fsys, tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v", tc.name, err)
		}
		v.addLayers(ls)
	}
	if len(v.sc.Layers) != n+1 || v.sc.Layers[n].ID != "kiosks" || len(v.ev.Layers) < n+1 {
		t.Errorf("layers %d (was %d)", len(v.sc.Layers), n)
	}
	ls, _ := v.loadDropped(fsys, "kiosks.geojson")
	if ls[0].ID != "kiosks-2" {
		t.Errorf("second drop id %q", ls[0].ID)
	}
}

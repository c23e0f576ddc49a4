package viewer

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/viewer/touch"
	"citytwin/scene/navigate"
)

func TestKernelTouchesJoinTheEvents(t *testing.T) {
	v, _ := roomsViewer(t, 640, 360, false, Rooms{})
	ts := &v.rooms.touch
	ts.devs = []*touch.Device{{Path: "test", X: touch.Axis{Min: 0, Max: 4095}, Y: touch.Axis{Min: 0, Max: 4095}}}
	ts.pending = []touchContact{
		{c: touch.Contact{Kind: touch.Down, ID: 7, X: 0, Y: 0}},
		{c: touch.Contact{Kind: touch.Down, ID: 8, X: 4095, Y: 4095}},
	}
	mouse := navigate.Event{Kind: navigate.PointerDown, ID: 0, X: 1, Y: 1, Buttons: navigate.Left}
	key := navigate.Event{Kind: navigate.KeyPress, Key: navigate.KeyHome}
	got := v.touchEvents([]navigate.Event{mouse, key})
	if len(got) != 3 || got[0].Kind != navigate.KeyPress {
		t.Fatalf("events %+v: want the key and two touches, not the emulated mouse", got)
	}
	a, b := got[1], got[2]
	if a.ID == b.ID || a.ID < touchIDBase || a.Kind != navigate.PointerDown || a.Buttons != navigate.Left {
		t.Errorf("touch events %+v %+v", a, b)
	}
	mw, mh := ebiten.Monitor().Size()
	s := ebiten.Monitor().DeviceScaleFactor()
	wx, wy := 0, 0
	if !ebiten.IsFullscreen() {
		wx, wy = ebiten.WindowPosition()
	}
	if a.X != -float64(wx)*s || b.X != (float64(mw)-float64(wx))*s || b.Y != (float64(mh)-float64(wy))*s {
		t.Errorf("mapped %g,%g and %g,%g; monitor %d×%d, window at %d,%d", a.X, a.Y, b.X, b.Y, mw, mh, wx, wy)
	}
	// While the fingers are down the mouse stays out, after they lift it
	// comes back (once the quiet time has passed).
	if got := v.touchEvents([]navigate.Event{mouse}); len(got) != 0 {
		t.Errorf("mouse while fingers are down: %+v", got)
	}
	ts.pending = []touchContact{{c: touch.Contact{Kind: touch.Up, ID: 7}}, {c: touch.Contact{Kind: touch.Up, ID: 8}}}
	if got := v.touchEvents(nil); len(got) != 2 || got[0].Kind != navigate.PointerUp || ts.down != 0 {
		t.Errorf("ups %+v, down %d", got, ts.down)
	}
	ts.last = ts.last.Add(-2 * mouseQuiet)
	if got := v.touchEvents([]navigate.Event{mouse}); len(got) != 1 {
		t.Errorf("the mouse after the fingers: %+v", got)
	}
}

func TestPresentationTakesTheClickerKeys(t *testing.T) {
	v, _ := roomsViewer(t, 640, 360, false, Rooms{Present: true})
	defer ebiten.SetFullscreen(false) // the test window
	if v.rooms.slide != 0 || v.rooms.caption != v.sc.Views[0].Caption || v.nav.Camera() != v.sc.Views[0].Camera {
		t.Fatalf("not on the first slide: %d %q", v.rooms.slide, v.rooms.caption)
	}
	in := []navigate.Event{
		{Kind: navigate.KeyPress, Key: navigate.KeyPageDown},
		{Kind: navigate.KeyPress, Key: navigate.KeyRight},
		{Kind: navigate.KeyPress, Key: navigate.KeyPlus},
	}
	got := v.roomsInput(in)
	if len(got) != 1 || got[0].Key != navigate.KeyPlus {
		t.Errorf("the camera gets %+v, want only +", got)
	}
	v.goSlide(3, true)
	if !v.nav.Flying() || v.rooms.caption != v.sc.Views[3].Caption || len(v.ev.Active) != 1 {
		t.Errorf("slide 4: flying %v caption %q active %v", v.nav.Flying(), v.rooms.caption, v.ev.Active)
	}
}

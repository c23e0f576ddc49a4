package navigate

import (
	"math"
	"testing"

	"citytwin/scene"
)

func testBounds() scene.Box {
	return scene.Box{Min: scene.Vec3{-500, -500, 0}, Max: scene.Vec3{500, 500, 60}}
}

func testHome() scene.Camera {
	return scene.Camera{Target: scene.Vec3{0, 0, 0}, Heading: 0, Pitch: -35, Range: 800}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestGestures(t *testing.T) {
	tests := []struct {
		name   string
		events []Event
		check  func(t *testing.T, before, after scene.Camera)
	}{
		{"left drag right orbits heading down", []Event{
			{Kind: PointerDown, X: 100, Y: 100, Buttons: Left},
			{Kind: PointerMove, X: 140, Y: 100, Buttons: Left},
			{Kind: PointerUp, X: 140, Y: 100},
		}, func(t *testing.T, b, a scene.Camera) {
			if !near(a.Heading, 350, 1e-9) || a.Pitch != b.Pitch || a.Target != b.Target || a.Range != b.Range {
				t.Errorf("got %+v", a)
			}
		}},
		{"left drag down raises pitch", []Event{
			{Kind: PointerDown, X: 100, Y: 100, Buttons: Left},
			{Kind: PointerMove, X: 100, Y: 140, Buttons: Left},
		}, func(t *testing.T, b, a scene.Camera) {
			if !near(a.Pitch, -25, 1e-9) {
				t.Errorf("pitch %g, want -25", a.Pitch)
			}
		}},
		{"pitch never above -5", []Event{
			{Kind: PointerDown, X: 100, Y: 100, Buttons: Left},
			{Kind: PointerMove, X: 100, Y: 1000, Buttons: Left},
		}, func(t *testing.T, b, a scene.Camera) {
			if a.Pitch != MaxPitch {
				t.Errorf("pitch %g, want %g", a.Pitch, MaxPitch)
			}
		}},
		{"pitch never below -89.5", []Event{
			{Kind: PointerDown, X: 100, Y: 1000, Buttons: Left, Mods: Ctrl},
			{Kind: PointerMove, X: 100, Y: 0, Buttons: Left, Mods: Ctrl},
		}, func(t *testing.T, b, a scene.Camera) {
			if a.Pitch != MinPitch || a.Heading != b.Heading {
				t.Errorf("got %+v, want pitch %g and the heading kept", a, MinPitch)
			}
		}},
		{"ctrl drag tilts only", []Event{
			{Kind: PointerDown, X: 100, Y: 100, Buttons: Left, Mods: Ctrl},
			{Kind: PointerMove, X: 300, Y: 120, Buttons: Left, Mods: Ctrl},
		}, func(t *testing.T, b, a scene.Camera) {
			if a.Heading != b.Heading || !near(a.Pitch, -30, 1e-9) {
				t.Errorf("got %+v", a)
			}
		}},
		{"wheel zooms in, clamped at 20 m", []Event{
			{Kind: Wheel, X: 640, Y: 360, DeltaY: 100},
		}, func(t *testing.T, b, a scene.Camera) {
			if a.Range != MinRange {
				t.Errorf("range %g, want %g", a.Range, MinRange)
			}
		}},
		{"wheel zooms out, clamped", []Event{
			{Kind: Wheel, X: 640, Y: 360, DeltaY: -100},
		}, func(t *testing.T, b, a scene.Camera) {
			if a.Range <= b.Range || a.Range > 4*1500 {
				t.Errorf("range %g", a.Range)
			}
		}},
		{"home key returns home", []Event{
			{Kind: Wheel, X: 100, Y: 600, DeltaY: 3},
			{Kind: KeyPress, Key: KeyPageUp},
			{Kind: KeyPress, Key: KeyHome},
		}, func(t *testing.T, b, a scene.Camera) {
			if a != b {
				t.Errorf("got %+v, want %+v", a, b)
			}
		}},
		{"up arrow moves the target forward", []Event{
			{Kind: KeyPress, Key: KeyUp},
		}, func(t *testing.T, b, a scene.Camera) {
			if !near(a.Target[1]-b.Target[1], 80, 1e-9) || !near(a.Target[0], b.Target[0], 1e-9) {
				t.Errorf("target %v", a.Target)
			}
		}},
		{"page down tilts down", []Event{
			{Kind: KeyPress, Key: KeyPageDown},
		}, func(t *testing.T, b, a scene.Camera) {
			if a.Pitch != -40 {
				t.Errorf("pitch %g", a.Pitch)
			}
		}},
		{"the mouse does not join a finger", []Event{
			{Kind: PointerDown, ID: 1, X: 100, Y: 100, Buttons: Left},
			{Kind: PointerDown, ID: 0, X: 300, Y: 100, Buttons: Left},
			{Kind: PointerMove, ID: 0, X: 400, Y: 100, Buttons: Left},
		}, func(t *testing.T, b, a scene.Camera) {
			if a != b {
				t.Errorf("camera moved: %+v", a)
			}
		}},
		{"two fingers apart zoom in", []Event{
			{Kind: PointerDown, ID: 1, X: 600, Y: 400, Buttons: Left},
			{Kind: PointerDown, ID: 2, X: 680, Y: 400, Buttons: Left},
			{Kind: PointerMove, ID: 1, X: 560, Y: 400, Buttons: Left},
			{Kind: PointerMove, ID: 2, X: 720, Y: 400, Buttons: Left},
		}, func(t *testing.T, b, a scene.Camera) {
			if !near(a.Range, b.Range/2, 1e-6) || a.Heading != b.Heading || a.Pitch != b.Pitch {
				t.Errorf("got %+v, want the range halved and nothing else turned", a)
			}
		}},
		{"two fingers twist turns", []Event{
			{Kind: PointerDown, ID: 1, X: 600, Y: 400, Buttons: Left},
			{Kind: PointerDown, ID: 2, X: 700, Y: 400, Buttons: Left},
			{Kind: PointerMove, ID: 2, X: 650, Y: 450, Buttons: Left},
		}, func(t *testing.T, b, a scene.Camera) {
			if !near(a.Heading, 360-45, 1e-6) {
				t.Errorf("heading %g, want 315", a.Heading)
			}
		}},
		{"lifting a finger ends the gesture", []Event{
			{Kind: PointerDown, ID: 1, X: 600, Y: 400, Buttons: Left},
			{Kind: PointerDown, ID: 2, X: 700, Y: 400, Buttons: Left},
			{Kind: PointerUp, ID: 2, X: 700, Y: 400},
			{Kind: PointerMove, ID: 1, X: 650, Y: 400, Buttons: Left},
		}, func(t *testing.T, b, a scene.Camera) {
			if a != b {
				t.Errorf("camera moved: %+v", a)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(testHome(), testBounds())
			before := c.Camera()
			for _, e := range tt.events {
				c.Handle(e)
			}
			tt.check(t, before, c.Camera())
		})
	}
}

// The ground point under the cursor stays under the cursor while panning
// and while zooming.
func TestAnchoredPanAndZoom(t *testing.T) {
	ground := func(c *Controller, x, y float64) scene.Vec3 {
		p, ok := c.groundAt(x, y)
		if !ok {
			t.Fatalf("no ground under %g,%g", x, y)
		}
		return p
	}
	screen := func(c *Controller, p scene.Vec3) (float64, float64) {
		pr := c.projector()
		x, y, _, ok := pr.Project(p)
		if !ok {
			t.Fatalf("%v behind the camera", p)
		}
		return x, y
	}
	for _, mode := range []struct {
		name string
		down Event
	}{
		{"right drag", Event{Kind: PointerDown, X: 500, Y: 500, Buttons: Right}},
		{"shift left drag", Event{Kind: PointerDown, X: 500, Y: 500, Buttons: Left, Mods: Shift}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			c := New(testHome(), testBounds())
			g := ground(c, 500, 500)
			c.Handle(mode.down)
			move := mode.down
			move.Kind, move.X, move.Y = PointerMove, 700, 420
			if !c.Handle(move) {
				t.Fatal("pan did not move the camera")
			}
			x, y := screen(c, g)
			if !near(x, 700, 1e-6) || !near(y, 420, 1e-6) {
				t.Errorf("grabbed point is at %g,%g, want 700,420", x, y)
			}
			if c.Camera().Heading != 0 || c.Camera().Range != 800 {
				t.Errorf("pan changed the view direction or range: %+v", c.Camera())
			}
		})
	}
	t.Run("wheel", func(t *testing.T) {
		c := New(testHome(), testBounds())
		g := ground(c, 900, 600)
		c.Handle(Event{Kind: Wheel, X: 900, Y: 600, DeltaY: 2})
		if !near(c.Camera().Range, 800*zoomPerNotch*zoomPerNotch, 1e-9) {
			t.Errorf("range %g", c.Camera().Range)
		}
		x, y := screen(c, g)
		if !near(x, 900, 1e-6) || !near(y, 600, 1e-6) {
			t.Errorf("point under the cursor moved to %g,%g", x, y)
		}
	})
}

func TestHomeCameraShowsBounds(t *testing.T) {
	b := testBounds()
	cam := HomeCamera(b, 16.0/9, 45)
	pr := scene.NewProjector(cam, 1280, 720, 0.5, 1e6)
	for i := 0; i < 8; i++ {
		p := b.Corner(i)
		x, y, _, ok := pr.Project(p)
		if !ok || x < 0 || x > 1280 || y < 0 || y > 720 {
			t.Errorf("corner %v at %g,%g (ok %v) is off screen", p, x, y, ok)
		}
	}
	if got := HomeCamera(scene.EmptyBox(), 1, 0); got.Range != 500 {
		t.Errorf("empty box: range %g", got.Range)
	}
}

package touch_test

import (
	"math"
	"os"
	"testing"

	"citytwin/render/viewer/touch"
	"citytwin/scene"
	"citytwin/scene/navigate"
)

// TestRecordedTableNeverJumps plays the recorded touch table (one pinch,
// three fingers of a second person landing mid-pinch) from the kernel's
// bytes through the decoder and navigate, as the viewer does, and checks
// that no event moves the view by more than a small step.
func TestRecordedTableNeverJumps(t *testing.T) {
	b, err := os.ReadFile("testdata/table-two-people.evdev")
	if err != nil {
		t.Fatal(err)
	}
	home := scene.Camera{Pitch: -35, Range: 800}
	c := navigate.New(home, scene.Box{Min: scene.Vec3{-500, -500, 0}, Max: scene.Vec3{500, 500, 60}})
	c.SetViewport(1920, 1080)
	ax := touch.Axis{Min: 0, Max: 4095}
	var d touch.Decoder
	prev := c.Camera()
	t0 := touch.ParseEvents(b)[0].Time
	for _, e := range touch.ParseEvents(b) {
		for _, ct := range d.Feed(e) {
			ev := navigate.Event{ID: 1<<20 + int(ct.ID), X: ax.Scale(ct.X, 1920), Y: ax.Scale(ct.Y, 1080),
				Time: ct.Time - t0, Buttons: navigate.Left}
			switch ct.Kind {
			case touch.Down:
				ev.Kind = navigate.PointerDown
			case touch.Move:
				ev.Kind = navigate.PointerMove
			case touch.Up:
				ev.Kind, ev.Buttons = navigate.PointerUp, 0
			}
			c.Handle(ev)
			c.Tick(ev.Time)
			cam := c.Camera()
			jump := math.Hypot(cam.Target[0]-prev.Target[0], cam.Target[1]-prev.Target[1])/prev.Range +
				math.Abs(math.Log(cam.Range/prev.Range)) + math.Abs(math.Remainder(cam.Heading-prev.Heading, 360))/90
			if jump > 0.1 {
				t.Fatalf("%+v: the view jumped (%.3f): %+v → %+v", ct, jump, prev, cam)
			}
			prev = cam
		}
	}
	if c.Camera().Range >= home.Range {
		t.Errorf("the pinch (fingers spreading) did not zoom in: range %g", c.Camera().Range)
	}
}

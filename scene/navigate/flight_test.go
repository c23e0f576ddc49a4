package navigate

import (
	"math"
	"testing"
	"time"

	"citytwin/scene"
)

func TestFlyTo(t *testing.T) {
	bounds := scene.Box{Min: scene.Vec3{-2000, -2000, 0}, Max: scene.Vec3{2000, 2000, 100}}
	from := scene.Camera{Target: scene.Vec3{0, 0, 0}, Heading: 170, Pitch: -30, Range: 500}
	to := scene.Camera{Target: scene.Vec3{1500, 0, 0}, Heading: -170, Pitch: -60, Range: 200}
	c := New(from, bounds)
	c.FlyTo(to, time.Second, time.Second)
	if !c.Flying() {
		t.Fatal("not flying")
	}
	var maxRange float64
	prevX := -1.0
	for ms := 1000; ms <= 2000; ms += 50 {
		c.Tick(time.Duration(ms) * time.Millisecond)
		cam := c.Camera()
		maxRange = max(maxRange, cam.Range)
		if cam.Target[0] < prevX {
			t.Errorf("at %d ms the target went back: %g < %g", ms, cam.Target[0], prevX)
		}
		prevX = cam.Target[0]
		// The short way round: from 170° through 180° to -170°.
		if h := math.Abs(cam.Heading); h < 169.99 {
			t.Errorf("at %d ms heading %g: turned the long way", ms, cam.Heading)
		}
	}
	if c.Flying() || c.Camera() != c.clamp(to) {
		t.Errorf("after the flight: flying %v, camera %+v, want %+v", c.Flying(), c.Camera(), to)
	}
	if maxRange <= 500 {
		t.Errorf("a 1.5 km flight never rose above the start (%g m)", maxRange)
	}
	// Eased: slow at the start.
	c.FlyTo(from, 0, time.Second)
	c.Tick(100 * time.Millisecond)
	if moved := 1500 - c.Camera().Target[0]; moved > 0.01*1500 {
		t.Errorf("moved %g m in the first tenth: not eased", moved)
	}
}

func TestInputEndsFlight(t *testing.T) {
	c := New(scene.Camera{Pitch: -30, Range: 500}, scene.Box{})
	c.FlyTo(scene.Camera{Target: scene.Vec3{300, 0, 0}, Pitch: -30, Range: 500}, 0, time.Second)
	c.Tick(500 * time.Millisecond)
	mid := c.Camera()
	c.Handle(Event{Kind: PointerMove, X: 10, Y: 10}) // hovering does not stop it
	if !c.Flying() {
		t.Fatal("a hover ended the flight")
	}
	c.Handle(Event{Kind: PointerDown, X: 10, Y: 10, Buttons: Left})
	if c.Flying() {
		t.Fatal("a press did not end the flight")
	}
	if c.Tick(time.Second) || c.Camera() != mid {
		t.Error("the camera moved after the flight ended")
	}
}

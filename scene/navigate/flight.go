package navigate

import (
	"math"
	"time"

	"citytwin/scene"
)

// DefaultFlight is how long FlyTo takes when given no duration: long
// enough to follow, short enough not to wait for (CesiumJS flies in about
// 1–3 s; a city is smaller than a globe).
const DefaultFlight = 1200 * time.Millisecond

// flight is a camera animation from one camera to another.
type flight struct {
	from, to scene.Camera
	final    scene.Camera // to, with its heading as asked
	start    time.Duration
	dur      time.Duration
	arc      float64 // extra range at mid-flight (metres), to see where it goes
}

// FlyTo starts an eased flight from the current camera to cam (clamped),
// taking dur (≤ 0: DefaultFlight), from time now (the clock of the
// events). Long flights rise on the way so the city stays in view. Any
// pointer, wheel or key event ends the flight where it is. Tick moves the
// camera along it.
func (c *Controller) FlyTo(cam scene.Camera, now, dur time.Duration) {
	if dur <= 0 {
		dur = DefaultFlight
	}
	to := c.clamp(cam)
	final := to
	from := c.cam
	// Turn the short way round.
	to.Heading = from.Heading + wrap180(to.Heading-from.Heading)
	dx, dy := to.Target[0]-from.Target[0], to.Target[1]-from.Target[1]
	dist := math.Hypot(dx, dy)
	arc := 0.0
	if high := max(from.Range, to.Range); dist > high {
		arc = min(dist-high, c.maxRange-high) * 0.5
	}
	c.fly = &flight{from: from, to: to, final: final, start: now, dur: dur, arc: max(0, arc)}
}

// Flying reports whether a flight is under way.
func (c *Controller) Flying() bool { return c.fly != nil }

// Tick advances animations (a flight, the glide after a released drag) to
// time now, on the clock of the events, recognises long presses (see
// Gestures), and reports whether the camera changed. Call it once per frame.
func (c *Controller) Tick(now time.Duration) bool {
	moved := c.tickGestures(now)
	f := c.fly
	if f == nil {
		return moved
	}
	before := c.cam
	t := float64(now-f.start) / float64(f.dur)
	if t >= 1 {
		c.cam, c.fly = f.final, nil
		return c.cam != before || moved
	}
	s := ease(max(0, t))
	lerp := func(a, b float64) float64 { return a + (b-a)*s }
	cam := f.to
	for i := range 3 {
		cam.Target[i] = lerp(f.from.Target[i], f.to.Target[i])
	}
	cam.Heading = wrap180(lerp(f.from.Heading, f.to.Heading))
	cam.Pitch = lerp(f.from.Pitch, f.to.Pitch)
	// Range changes by a constant factor per unit of time (zooming feels
	// even), plus the arc.
	cam.Range = math.Exp(lerp(math.Log(f.from.Range), math.Log(f.to.Range))) + f.arc*math.Sin(math.Pi*s)
	c.cam = c.clamp(cam)
	return c.cam != before
}

// ease is a smooth start and stop (cubic in–out) for t in [0, 1].
func ease(t float64) float64 {
	if t < 0.5 {
		return 4 * t * t * t
	}
	u := -2*t + 2
	return 1 - u*u*u/2
}

// wrap180 brings an angle in degrees into (-180, 180].
func wrap180(a float64) float64 {
	a = math.Mod(a, 360)
	switch {
	case a > 180:
		a -= 360
	case a <= -180:
		a += 360
	}
	return a
}

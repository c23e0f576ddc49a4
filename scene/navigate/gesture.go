package navigate

import (
	"math"
	"time"

	"citytwin/scene"
)

// Gesture timings and distances (pixels, as the events' positions).
const (
	// TapSlop is how far a pointer may wander and still tap or long-press.
	TapSlop = 10.0
	// TapMax is the longest press that is a tap.
	TapMax = 350 * time.Millisecond
	// DoubleTapGap is the longest pause between the two taps of a double tap.
	DoubleTapGap = 350 * time.Millisecond
	// DoubleTapSlop is how far apart the two taps of a double tap may be.
	DoubleTapSlop = 40.0
	// LongPress is how long a pointer must be held still to long-press.
	LongPress = 600 * time.Millisecond
	// DoubleTapZoom is the range factor of a double tap.
	DoubleTapZoom = 0.5
	// DoubleTapFlight is how long the double-tap zoom flies.
	DoubleTapFlight = 300 * time.Millisecond

	velocityWindow = 100 * time.Millisecond // moves that count for a release's speed
	glideTau       = 0.35                   // seconds for the glide to slow to 1/e
	glideMin       = 30.0                   // px/s: slower than this, no glide or the glide ends
	glideMax       = 6000.0                 // px/s: a cap against a bad clock
)

// GestureKind is a recognised gesture reported by Gestures.
type GestureKind uint8

// Recognised gestures.
const (
	Tap       GestureKind = iota + 1 // a short press without moving
	DoubleTap                        // a second tap near the first: zooms towards it
	Hold                             // a long press (LongPress) without moving: details
)

// Gesture is a recognised gesture at a position (pixels) and time.
type Gesture struct {
	Kind GestureKind
	X, Y float64
	Time time.Duration
}

// sample is one pointer position of a drag, for its release speed.
type sample struct {
	x, y float64
	t    time.Duration
}

// press is the state of the pointer held for taps and long presses.
type press struct {
	id        int
	x, y      float64
	t         time.Duration
	moved     bool // went further than TapSlop
	held      bool // a Hold was reported
	cancelled bool // a second finger came: no tap
}

// glide is the inertia after a released drag: a velocity (px/s) that
// decays exponentially and moves the camera as the drag did.
type glide struct {
	g      gesture
	vx, vy float64
	last   time.Duration
}

// Gestures returns the gestures recognised since the last call, oldest
// first, and forgets them. The slice is reused by the next call.
func (c *Controller) Gestures() []Gesture {
	c.outBuf = append(c.outBuf[:0], c.out...)
	c.out = c.out[:0]
	return c.outBuf
}

// Gliding reports whether the camera is still moving after a released drag.
func (c *Controller) Gliding() bool { return c.glide != nil }

// Busy reports whether the camera moves without input (a flight or a
// glide) or a pointer gesture is in progress.
func (c *Controller) Busy() bool { return c.fly != nil || c.glide != nil || c.Dragging() }

// recognise follows taps, double taps and long presses, and the speed of a
// drag for the glide after it. It runs before the event moves the camera.
func (c *Controller) recognise(e Event) {
	switch e.Kind {
	case PointerDown:
		if c.press != nil && c.press.id != e.ID {
			c.press.cancelled = true // a second finger: a pinch, not a tap
			return
		}
		c.glide = nil
		if e.Buttons != Left || e.Mods&(Shift|Ctrl) != 0 {
			c.press = nil // taps and holds are a finger's or the left button's
			c.samples = append(c.samples[:0], sample{e.X, e.Y, e.Time})
			return
		}
		c.press = &press{id: e.ID, x: e.X, y: e.Y, t: e.Time}
		c.samples = append(c.samples[:0], sample{e.X, e.Y, e.Time})
	case PointerMove:
		d := c.drag
		if d == nil || d.id != e.ID || d.g == gestureTwo {
			return
		}
		if p := c.press; p != nil && p.id == e.ID && math.Hypot(e.X-p.x, e.Y-p.y) > TapSlop {
			p.moved = true
		}
		c.samples = append(c.samples, sample{e.X, e.Y, e.Time})
		// Keep the last velocityWindow of moves (and one before it).
		for len(c.samples) > 2 && e.Time-c.samples[1].t > velocityWindow {
			c.samples = c.samples[1:]
		}
	case PointerUp:
		p := c.press
		if p == nil || p.id != e.ID {
			if d := c.drag; d != nil && d.id == e.ID && d.g == gesturePan {
				c.startGlide(e) // a right-button pan glides too
			}
			return
		}
		c.press = nil
		if p.cancelled || p.held {
			return
		}
		if p.moved {
			c.startGlide(e)
			return
		}
		if e.Time-p.t > TapMax {
			return
		}
		if c.lastTap != nil && e.Time-c.lastTap.Time <= DoubleTapGap &&
			math.Hypot(e.X-c.lastTap.X, e.Y-c.lastTap.Y) <= DoubleTapSlop {
			c.lastTap = nil
			c.out = append(c.out, Gesture{Kind: DoubleTap, X: e.X, Y: e.Y, Time: e.Time})
			c.zoomTo(e.X, e.Y, e.Time)
			return
		}
		t := Gesture{Kind: Tap, X: e.X, Y: e.Y, Time: e.Time}
		c.lastTap = &t
		c.out = append(c.out, t)
	}
}

// startGlide starts the inertia of the drag released by e, from the speed
// of its last velocityWindow of moves.
func (c *Controller) startGlide(e Event) {
	d := c.drag
	if d == nil || (d.g != gestureOrbit && d.g != gesturePan) || len(c.samples) < 2 {
		return
	}
	// The oldest sample within the window before the release.
	first := c.samples[0]
	for _, s := range c.samples {
		if e.Time-s.t <= velocityWindow {
			first = s
			break
		}
	}
	last := c.samples[len(c.samples)-1]
	dt := (e.Time - first.t).Seconds()
	if e.Time-last.t > velocityWindow/2 || dt <= 0 {
		return // the pointer rested before it was lifted
	}
	vx, vy := (last.x-first.x)/dt, (last.y-first.y)/dt
	if s := math.Hypot(vx, vy); s < glideMin {
		return
	} else if s > glideMax {
		vx, vy = vx*glideMax/s, vy*glideMax/s
	}
	c.glide = &glide{g: d.g, vx: vx, vy: vy, last: e.Time}
}

// tickGestures reports a long press held until now and moves the glide.
func (c *Controller) tickGestures(now time.Duration) bool {
	if p := c.press; p != nil && !p.moved && !p.held && !p.cancelled && now-p.t >= LongPress {
		p.held = true
		c.out = append(c.out, Gesture{Kind: Hold, X: p.x, Y: p.y, Time: now})
	}
	g := c.glide
	if g == nil {
		return false
	}
	dt := (now - g.last).Seconds()
	if dt <= 0 {
		return false
	}
	g.last = now
	// Integrate the exponential decay exactly over dt.
	k := math.Exp(-dt / glideTau)
	dx, dy := g.vx*glideTau*(1-k), g.vy*glideTau*(1-k)
	g.vx, g.vy = g.vx*k, g.vy*k
	before := c.cam
	switch g.g {
	case gestureOrbit:
		c.cam.Heading -= dx * orbitDegPerPx
		c.cam.Pitch += dy * orbitDegPerPx
	case gesturePan:
		c.pan(&drag{}, 0, 0, dx, dy)
	}
	c.cam = c.clamp(c.cam)
	if math.Hypot(g.vx, g.vy) < glideMin {
		c.glide = nil
	}
	return c.cam != before
}

// zoomTo flies (DoubleTapFlight) to half the range keeping the ground
// point under (x, y) where it is on screen.
func (c *Controller) zoomTo(x, y float64, now time.Duration) {
	cam := c.cam
	nr := math.Max(cam.Range*DoubleTapZoom, MinRange)
	f := nr / cam.Range
	if g, ok := c.groundAt(x, y); ok {
		cam.Target[0] = g[0] + (cam.Target[0]-g[0])*f
		cam.Target[1] = g[1] + (cam.Target[1]-g[1])*f
	}
	cam.Range = nr
	c.FlyTo(cam, now, DoubleTapFlight)
}

// twoMode is what two fingers do, decided once they have moved.
type twoMode uint8

const (
	twoUndecided twoMode = iota
	twoPinch             // zoom, twist and pan
	twoTilt              // both fingers up or down together: tilt
)

// twoDecide is how far (pixels) two fingers move before their gesture is
// decided.
const twoDecide = 8.0

// decide classifies two fingers now at (ax, ay) and (bx, by) against where
// they started, and reports whether it could.
func (d *drag) decide(ax, ay, bx, by float64) bool {
	dax, day := ax-d.sx, ay-d.sy
	dbx, dby := bx-d.sx2, by-d.sy2
	ma, mb := math.Hypot(dax, day), math.Hypot(dbx, dby)
	// Fingers report their moves one at a time: wait until both have
	// moved, or one has moved far.
	if math.Max(ma, mb) < twoDecide || (math.Min(ma, mb) < twoDecide/2 && math.Max(ma, mb) < 3*twoDecide) {
		return false
	}
	sideBySide := math.Abs(d.sy2-d.sy) < math.Abs(d.sx2-d.sx)
	vertical := math.Abs(day) > 2*math.Abs(dax) && math.Abs(dby) > 2*math.Abs(dbx)
	together := day*dby > 0 && math.Min(math.Abs(day), math.Abs(dby)) >= 0.4*math.Max(math.Abs(day), math.Abs(dby))
	if sideBySide && vertical && together {
		d.two = twoTilt
	} else {
		d.two = twoPinch
	}
	return true
}

// Home returns the home camera (where KeyHome goes).
func (c *Controller) Home() scene.Camera { return c.home }

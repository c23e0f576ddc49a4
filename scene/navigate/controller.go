package navigate

import (
	"math"

	"citytwin/scene"
)

// Limits of the camera (degrees, metres).
const (
	MinPitch = -89.5 // looking straight down, never flipping over
	MaxPitch = -5.0  // never under the ground, never above the horizon
)

// Speeds.
const (
	orbitDegPerPx = 0.25 // heading/pitch change per dragged pixel
	zoomPerNotch  = 0.85 // range factor per wheel notch towards the user
	keyPanFrac    = 0.1  // arrow key pan, fraction of the range
	keyTiltDeg    = 5.0  // PageUp/PageDown
	keyTurnDeg    = 5.0  // shift+arrows
)

// gesture is what a held pointer does.
type gesture uint8

const (
	gestureNone gesture = iota
	gestureOrbit
	gesturePan
	gestureTilt
	gestureTwo // two fingers: pinch zooms, twist turns, moving pans
)

// drag is the state of one held pointer (and a second one for two-finger
// gestures).
type drag struct {
	id     int
	g      gesture
	x, y   float64    // last position
	anchor scene.Vec3 // pan: the ground point grabbed
	ok     bool       // pan: anchor is on the ground
	id2    int        // two fingers: the second pointer
	x2, y2 float64    // its last position
	two    twoMode    // two fingers: what they do, once decided
	sx, sy float64    // two fingers: where they were when the second landed
	sx2    float64
	sy2    float64
	cam0   scene.Camera // two fingers: the camera when the second landed
}

// Controller turns input events into camera changes. It is a pure state
// machine: no window, no clock of its own. The zero value is not usable;
// build one with New. It is not safe for concurrent use.
type Controller struct {
	cam, home scene.Camera
	bounds    scene.Box
	maxRange  float64
	w, h      float64
	drag      *drag
	fly       *flight // an eased flight under way (flight.go)

	// Recognised gestures and inertia (gesture.go).
	press       *press
	samples     []sample
	lastTap     *Gesture
	glide       *glide
	out, outBuf []Gesture
}

// New returns a controller starting at home, limited to a range of a few
// times the size of bounds (local frame, metres).
func New(home scene.Camera, bounds scene.Box) *Controller {
	c := &Controller{home: home, bounds: bounds, w: 1280, h: 720}
	size := 1000.0
	if !bounds.Empty() {
		dx, dy, dz := bounds.Max[0]-bounds.Min[0], bounds.Max[1]-bounds.Min[1], bounds.Max[2]-bounds.Min[2]
		size = math.Max(math.Sqrt(dx*dx+dy*dy+dz*dz), 250)
	}
	c.maxRange = math.Max(4*size, home.Range)
	c.home = c.clamp(home)
	c.cam = c.home
	return c
}

// SetViewport sets the window size in pixels that event positions refer to.
func (c *Controller) SetViewport(w, h float64) {
	if w > 0 && h > 0 {
		c.w, c.h = w, h
	}
}

// Camera returns the current camera.
func (c *Controller) Camera() scene.Camera { return c.cam }

// SetCamera jumps to cam (clamped to the limits), ending any flight.
func (c *Controller) SetCamera(cam scene.Camera) { c.cam, c.fly = c.clamp(cam), nil }

// Dragging reports whether a pointer gesture is in progress, i.e. the
// camera may keep moving.
func (c *Controller) Dragging() bool { return c.drag != nil && c.drag.g != gestureNone }

// projector returns the projector of the current camera.
func (c *Controller) projector() scene.Projector {
	return scene.NewProjector(c.cam, c.w, c.h, 0.5, 1e7)
}

// groundAt returns the point under pixel (x, y) on the horizontal plane
// through the target; ok is false when the ray misses it (above the horizon
// or too far away).
func (c *Controller) groundAt(x, y float64) (scene.Vec3, bool) {
	pr := c.projector()
	o, d := pr.Ray(x, y)
	if d[2] > -1e-6 {
		return scene.Vec3{}, false
	}
	t := (c.cam.Target[2] - o[2]) / d[2]
	if t <= 0 || t > 20*c.maxRange {
		return scene.Vec3{}, false
	}
	return scene.Vec3{o[0] + t*d[0], o[1] + t*d[1], c.cam.Target[2]}, true
}

// Handle applies one event and reports whether the camera changed.
func (c *Controller) Handle(e Event) bool {
	if e.Kind != PointerMove || c.drag != nil {
		c.fly, c.glide = nil, nil // the user takes over
	}
	c.recognise(e)
	before := c.cam
	switch e.Kind {
	case PointerDown:
		if d := c.drag; d != nil && d.id != e.ID {
			if d.g == gestureTwo || e.ID == 0 || d.id == 0 {
				return false // a third finger, or the mouse with a finger
			}
			d.g, d.id2, d.x2, d.y2 = gestureTwo, e.ID, e.X, e.Y
			d.two, d.sx, d.sy, d.sx2, d.sy2 = twoUndecided, d.x, d.y, e.X, e.Y
			d.cam0 = c.cam
			return false
		}
		d := &drag{id: e.ID, x: e.X, y: e.Y}
		switch {
		case e.Buttons&Left != 0 && e.Mods&Ctrl != 0, e.Buttons&Middle != 0:
			d.g = gestureTilt
		case e.Buttons&Right != 0, e.Buttons&Left != 0 && e.Mods&Shift != 0:
			d.g = gesturePan
			d.anchor, d.ok = c.groundAt(e.X, e.Y)
		case e.Buttons&Left != 0:
			d.g = gestureOrbit
		}
		c.drag = d
	case PointerMove:
		d := c.drag
		if d != nil && d.g == gestureTwo && (e.ID == d.id || e.ID == d.id2) {
			c.twoFingers(d, e)
			break
		}
		if d == nil || d.id != e.ID {
			return false
		}
		dx, dy := e.X-d.x, e.Y-d.y
		d.x, d.y = e.X, e.Y
		switch d.g {
		case gestureOrbit:
			c.cam.Heading -= dx * orbitDegPerPx
			c.cam.Pitch += dy * orbitDegPerPx
		case gestureTilt:
			c.cam.Pitch += dy * orbitDegPerPx
		case gesturePan:
			c.pan(d, e.X, e.Y, dx, dy)
		}
	case PointerUp:
		if d := c.drag; d != nil && (d.id == e.ID || d.g == gestureTwo && d.id2 == e.ID) {
			c.drag = nil // lifting either finger ends the gesture
		}
	case Wheel:
		c.zoomAt(e.X, e.Y, math.Pow(zoomPerNotch, e.DeltaY))
	case KeyPress:
		c.key(e.Key, e.Mods)
	}
	c.cam = c.clamp(c.cam)
	return c.cam != before
}

// pan moves the target so that the grabbed ground point stays under the
// pointer; without a ground point it moves by screen distance.
func (c *Controller) pan(d *drag, x, y, dx, dy float64) {
	if d.ok {
		if p, ok := c.groundAt(x, y); ok {
			c.cam.Target[0] += d.anchor[0] - p[0]
			c.cam.Target[1] += d.anchor[1] - p[1]
			return
		}
	}
	pr := c.projector()
	k := c.cam.Range / pr.Focal
	_, r, _ := c.cam.Basis()
	sh, ch := math.Sincos(c.cam.Heading * math.Pi / 180)
	c.cam.Target[0] += -dx*k*r[0] + dy*k*sh
	c.cam.Target[1] += -dx*k*r[1] + dy*k*ch
}

// twoFingers applies a move of one of two fingers. Both moving up or down
// side by side tilts; otherwise the change of their
// distance zooms about their midpoint, the change of their angle turns the
// heading, the move of the midpoint pans.
func (c *Controller) twoFingers(d *drag, e Event) {
	ax, ay, bx, by := d.x, d.y, d.x2, d.y2
	nax, nay, nbx, nby := ax, ay, bx, by
	if e.ID == d.id {
		nax, nay = e.X, e.Y
	} else {
		nbx, nby = e.X, e.Y
	}
	d.x, d.y, d.x2, d.y2 = nax, nay, nbx, nby
	undecided := d.two == twoUndecided
	if undecided && d.decide(nax, nay, nbx, nby) {
		undecided = false
		if d.two == twoTilt {
			// Undo the little zoom and twist of the wait, tilt by the
			// whole move since the second finger landed.
			c.cam = d.cam0
			ax, ay, bx, by = d.sx, d.sy, d.sx2, d.sy2
		}
	}
	if d.two == twoTilt {
		c.cam.Pitch += ((nay - ay) + (nby - by)) / 2 * orbitDegPerPx
		return
	}
	mx, my := (ax+bx)/2, (ay+by)/2
	nmx, nmy := (nax+nbx)/2, (nay+nby)/2
	// Pan first, anchored at the old midpoint (not while it may still be
	// a tilt: zoom and twist wait for no one, they hardly move then).
	if g, ok := c.groundAt(mx, my); ok && !undecided {
		if p, ok := c.groundAt(nmx, nmy); ok {
			c.cam.Target[0] += g[0] - p[0]
			c.cam.Target[1] += g[1] - p[1]
		}
	}
	old, now := math.Hypot(bx-ax, by-ay), math.Hypot(nbx-nax, nby-nay)
	if old > 1 && now > 1 {
		c.zoomAt(nmx, nmy, old/now)
	}
	turn := math.Atan2(nby-nay, nbx-nax) - math.Atan2(by-ay, bx-ax)
	c.cam.Heading -= turn * 180 / math.Pi
}

// zoomAt scales the range by f keeping the ground point under (x, y)
// fixed on screen (or the target, when the pixel shows sky).
func (c *Controller) zoomAt(x, y, f float64) {
	nr := math.Min(math.Max(c.cam.Range*f, MinRange), c.maxRange)
	f = nr / c.cam.Range
	if g, ok := c.groundAt(x, y); ok {
		c.cam.Target[0] = g[0] + (c.cam.Target[0]-g[0])*f
		c.cam.Target[1] = g[1] + (c.cam.Target[1]-g[1])*f
	}
	c.cam.Range = nr
}

func (c *Controller) key(k Key, m Mods) {
	sh, ch := math.Sincos(c.cam.Heading * math.Pi / 180)
	step := keyPanFrac * c.cam.Range
	switch {
	case k == KeyLeft && m&Shift != 0:
		c.cam.Heading -= keyTurnDeg
	case k == KeyRight && m&Shift != 0:
		c.cam.Heading += keyTurnDeg
	case k == KeyLeft:
		c.cam.Target[0] -= step * ch
		c.cam.Target[1] += step * sh
	case k == KeyRight:
		c.cam.Target[0] += step * ch
		c.cam.Target[1] -= step * sh
	case k == KeyUp:
		c.cam.Target[0] += step * sh
		c.cam.Target[1] += step * ch
	case k == KeyDown:
		c.cam.Target[0] -= step * sh
		c.cam.Target[1] -= step * ch
	case k == KeyPageUp:
		c.cam.Pitch += keyTiltDeg
	case k == KeyPageDown:
		c.cam.Pitch -= keyTiltDeg
	case k == KeyPlus:
		c.zoomAt(c.w/2, c.h/2, 0.8)
	case k == KeyMinus:
		c.zoomAt(c.w/2, c.h/2, 1.25)
	case k == KeyHome:
		c.cam = c.home
		c.drag = nil
	}
}

// clamp keeps cam within the limits: pitch in [MinPitch, MaxPitch], range
// in [MinRange, maxRange], heading in [0, 360), the target within the
// scene's extent plus its size.
func (c *Controller) clamp(cam scene.Camera) scene.Camera {
	cam.Pitch = math.Min(math.Max(cam.Pitch, MinPitch), MaxPitch)
	cam.Range = math.Min(math.Max(cam.Range, MinRange), c.maxRange)
	cam.Heading = math.Mod(cam.Heading, 360)
	if cam.Heading < 0 {
		cam.Heading += 360
	}
	if !c.bounds.Empty() {
		m := c.maxRange / 4
		for i := 0; i < 2; i++ {
			cam.Target[i] = math.Min(math.Max(cam.Target[i], c.bounds.Min[i]-m), c.bounds.Max[i]+m)
		}
	}
	return cam
}

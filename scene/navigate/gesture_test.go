package navigate

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"citytwin/scene"
)

const ms = time.Millisecond

func ev(k Kind, id int, x, y float64, t time.Duration) Event {
	e := Event{Kind: k, ID: id, X: x, Y: y, Time: t}
	if k != PointerUp {
		e.Buttons = Left
	}
	return e
}

func TestGlideAfterRelease(t *testing.T) {
	c := New(testHome(), testBounds())
	c.SetViewport(1280, 720)
	c.Handle(ev(PointerDown, 1, 100, 300, 0))
	for i := 1; i <= 10; i++ { // 20 px per 10 ms: 2000 px/s to the right
		c.Handle(ev(PointerMove, 1, 100+20*float64(i), 300, time.Duration(i)*10*ms))
	}
	c.Handle(ev(PointerUp, 1, 300, 300, 105*ms))
	if !c.Gliding() {
		t.Fatal("no glide after a fast release")
	}
	released := c.Camera().Heading
	prev := released
	var steps []float64
	for now := 110 * ms; now < 5*time.Second && c.Gliding(); now += 16 * ms {
		c.Tick(now)
		h := c.Camera().Heading
		steps = append(steps, math.Abs(wrap180(h-prev)))
		prev = h
	}
	if c.Gliding() {
		t.Fatal("the glide never stopped")
	}
	total := math.Abs(wrap180(prev - released))
	// 2000 px/s × τ (0.35 s) × 0.25°/px ≈ 175°, less the tail under glideMin.
	if total < 100 || total > 180 {
		t.Errorf("glided %g°, want about 170°", total)
	}
	for i := 2; i < len(steps); i++ { // the first tick is a short one
		if steps[i] > steps[i-1]+1e-9 {
			t.Fatalf("step %d (%g°) faster than the one before (%g°): not decaying", i, steps[i], steps[i-1])
		}
	}
}

func TestNoGlideAfterRest(t *testing.T) {
	c := New(testHome(), testBounds())
	c.Handle(ev(PointerDown, 1, 100, 300, 0))
	c.Handle(ev(PointerMove, 1, 300, 300, 50*ms))
	c.Handle(ev(PointerUp, 1, 300, 300, 400*ms)) // held still, then lifted
	if c.Gliding() {
		t.Error("glides although the finger rested before lifting")
	}
}

func TestAnyInputStopsGlide(t *testing.T) {
	c := New(testHome(), testBounds())
	c.Handle(ev(PointerDown, 1, 100, 300, 0))
	c.Handle(ev(PointerMove, 1, 200, 300, 50*ms))
	c.Handle(ev(PointerUp, 1, 200, 300, 60*ms))
	if !c.Gliding() {
		t.Fatal("no glide")
	}
	c.Handle(ev(PointerDown, 1, 500, 300, 100*ms))
	if c.Gliding() {
		t.Error("a new touch did not catch the city")
	}
}

func TestTapDoubleTapHold(t *testing.T) {
	t.Run("tap", func(t *testing.T) {
		c := New(testHome(), testBounds())
		c.Handle(ev(PointerDown, 1, 640, 360, 0))
		c.Handle(ev(PointerMove, 1, 643, 361, 40*ms))
		c.Handle(ev(PointerUp, 1, 643, 361, 90*ms))
		g := c.Gestures()
		if len(g) != 1 || g[0].Kind != Tap {
			t.Fatalf("gestures %+v, want one tap", g)
		}
		if len(c.Gestures()) != 0 {
			t.Error("gestures reported twice")
		}
	})
	t.Run("double tap zooms towards the point", func(t *testing.T) {
		c := New(testHome(), testBounds())
		c.SetViewport(1280, 720)
		before := c.Camera()
		g, _ := c.groundAt(900, 500)
		c.Handle(ev(PointerDown, 1, 900, 500, 0))
		c.Handle(ev(PointerUp, 1, 900, 500, 80*ms))
		c.Handle(ev(PointerDown, 1, 905, 498, 200*ms))
		c.Handle(ev(PointerUp, 1, 905, 498, 260*ms))
		gs := c.Gestures()
		if len(gs) != 2 || gs[1].Kind != DoubleTap {
			t.Fatalf("gestures %+v, want tap, double tap", gs)
		}
		if !c.Flying() {
			t.Fatal("a double tap does not fly")
		}
		c.Tick(260*ms + DoubleTapFlight/2)
		mid := c.Camera()
		if !(mid.Range < before.Range && mid.Range > before.Range/2) {
			t.Errorf("mid-flight range %g: not eased between %g and %g", mid.Range, before.Range, before.Range/2)
		}
		c.Tick(time.Second)
		a := c.Camera()
		if !near(a.Range, before.Range/2, 1e-6) {
			t.Errorf("range %g, want %g", a.Range, before.Range/2)
		}
		// The tapped ground point stays where it was on screen.
		p, _ := c.groundAt(905, 498)
		if math.Hypot(p[0]-g[0], p[1]-g[1]) > 0.05*before.Range {
			t.Errorf("ground under the tap moved from %v to %v", g, p)
		}
	})
	t.Run("taps far apart are two taps", func(t *testing.T) {
		c := New(testHome(), testBounds())
		c.Handle(ev(PointerDown, 1, 100, 100, 0))
		c.Handle(ev(PointerUp, 1, 100, 100, 50*ms))
		c.Handle(ev(PointerDown, 1, 600, 400, 150*ms))
		c.Handle(ev(PointerUp, 1, 600, 400, 200*ms))
		if g := c.Gestures(); len(g) != 2 || g[1].Kind != Tap || c.Flying() {
			t.Errorf("gestures %+v, want two taps and no flight", g)
		}
	})
	t.Run("long press", func(t *testing.T) {
		c := New(testHome(), testBounds())
		c.Handle(ev(PointerDown, 1, 300, 200, 0))
		c.Tick(300 * ms)
		c.Handle(ev(PointerMove, 1, 304, 203, 350*ms))
		if len(c.Gestures()) != 0 {
			t.Fatal("held too early")
		}
		c.Tick(LongPress + 10*ms)
		g := c.Gestures()
		if len(g) != 1 || g[0].Kind != Hold || g[0].X != 300 {
			t.Fatalf("gestures %+v, want a hold at 300,200", g)
		}
		c.Tick(2 * time.Second)
		c.Handle(ev(PointerUp, 1, 304, 203, 2*time.Second))
		if g := c.Gestures(); len(g) != 0 {
			t.Errorf("after the hold: %+v, want nothing (no tap)", g)
		}
	})
	t.Run("a drag is no long press", func(t *testing.T) {
		c := New(testHome(), testBounds())
		c.Handle(ev(PointerDown, 1, 300, 200, 0))
		c.Handle(ev(PointerMove, 1, 340, 200, 100*ms))
		c.Tick(time.Second)
		if g := c.Gestures(); len(g) != 0 {
			t.Errorf("gestures %+v, want none", g)
		}
	})
}

func TestTwoFingerGestures(t *testing.T) {
	t.Run("vertical drag side by side tilts", func(t *testing.T) {
		c := New(testHome(), testBounds())
		b := c.Camera()
		c.Handle(ev(PointerDown, 1, 500, 400, 0))
		c.Handle(ev(PointerDown, 2, 700, 400, 5*ms))
		for i := 1; i <= 8; i++ {
			y := 400 + 5*float64(i)
			c.Handle(ev(PointerMove, 1, 500, y, time.Duration(i)*16*ms))
			c.Handle(ev(PointerMove, 2, 700, y, time.Duration(i)*16*ms+ms))
		}
		a := c.Camera()
		if !near(a.Pitch-b.Pitch, 40*orbitDegPerPx, 0.5) || a.Range != b.Range || a.Heading != b.Heading || a.Target != b.Target {
			t.Errorf("before %+v after %+v: want only the pitch raised by %g°", b, a, 40*orbitDegPerPx)
		}
	})
	t.Run("pinch zooms about the fingers' centre", func(t *testing.T) {
		c := New(testHome(), testBounds())
		c.SetViewport(1280, 720)
		b := c.Camera()
		g, _ := c.groundAt(900, 500)
		c.Handle(ev(PointerDown, 1, 850, 500, 0))
		c.Handle(ev(PointerDown, 2, 950, 500, 5*ms))
		for i := 1; i <= 10; i++ {
			c.Handle(ev(PointerMove, 1, 850-5*float64(i), 500, time.Duration(i)*16*ms))
			c.Handle(ev(PointerMove, 2, 950+5*float64(i), 500, time.Duration(i)*16*ms+ms))
		}
		a := c.Camera()
		if !near(a.Range, b.Range/2, 1) {
			t.Errorf("range %g, want %g (fingers twice as far apart)", a.Range, b.Range/2)
		}
		p, _ := c.groundAt(900, 500)
		if math.Hypot(p[0]-g[0], p[1]-g[1]) > 1 {
			t.Errorf("ground under the centre moved from %v to %v", g, p)
		}
	})
	t.Run("twist turns", func(t *testing.T) {
		c := New(testHome(), testBounds())
		b := c.Camera()
		c.Handle(ev(PointerDown, 1, 600, 400, 0))
		c.Handle(ev(PointerDown, 2, 700, 400, 5*ms))
		c.Handle(ev(PointerMove, 2, 650+50*math.Cos(math.Pi/6), 400+50*math.Sin(math.Pi/6), 20*ms))
		c.Handle(ev(PointerMove, 1, 650-50*math.Cos(math.Pi/6), 400-50*math.Sin(math.Pi/6), 30*ms))
		if d := wrap180(c.Camera().Heading - b.Heading); !near(d, -30, 0.5) {
			t.Errorf("heading turned %g°, want -30°", d)
		}
	})
}

// readTrace reads a trace file: lines "ms id down|move|up x y".
func readTrace(t *testing.T, name string) []Event {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Event
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) != 5 {
			t.Fatalf("%s:%d: want 5 fields", name, n)
		}
		num := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s:%d: %v", name, n, err)
			}
			return v
		}
		k := map[string]Kind{"down": PointerDown, "move": PointerMove, "up": PointerUp}[fs[2]]
		if k == 0 {
			t.Fatalf("%s:%d: kind %q", name, n, fs[2])
		}
		out = append(out, ev(k, int(num(fs[1])), num(fs[3]), num(fs[4]), time.Duration(num(fs[0]))*ms))
	}
	return out
}

// jump is how far the view moved between two cameras, as a fraction of
// the range (target and range) plus degrees of heading and pitch / 90.
func jump(a, b scene.Camera) float64 {
	t := math.Hypot(a.Target[0]-b.Target[0], a.Target[1]-b.Target[1]) / a.Range
	r := math.Abs(math.Log(b.Range / a.Range))
	ang := (math.Abs(wrap180(a.Heading-b.Heading)) + math.Abs(a.Pitch-b.Pitch)) / 90
	return t + r + ang
}

func TestSecondHandMidPinchNeverJumps(t *testing.T) {
	c := New(testHome(), testBounds())
	c.SetViewport(1920, 1080)
	prev := c.Camera()
	for i, e := range readTrace(t, "testdata/second-hand-mid-pinch.trace") {
		c.Handle(e)
		c.Tick(e.Time)
		cam := c.Camera()
		if j := jump(prev, cam); j > 0.1 {
			t.Fatalf("event %d %+v: the view jumped (%.3f) from %+v to %+v", i, e, j, prev, cam)
		}
		prev = cam
	}
	for now := 300 * ms; now < 3*time.Second; now += 16 * ms {
		c.Tick(now)
		if j := jump(prev, c.Camera()); j > 0.1 {
			t.Fatalf("after the trace, at %v: jumped %.3f", now, j)
		}
		prev = c.Camera()
	}
	if g := c.Gestures(); len(g) != 0 {
		t.Errorf("gestures %+v: a pinch with a second hand is no tap", g)
	}
}

func TestRightButtonPanGlidesButNeverTaps(t *testing.T) {
	c := New(testHome(), testBounds())
	right := func(k Kind, x float64, at time.Duration) Event {
		e := Event{Kind: k, X: x, Y: 300, Time: at}
		if k != PointerUp {
			e.Buttons = Right
		}
		return e
	}
	c.Handle(right(PointerDown, 100, 0))
	c.Handle(right(PointerUp, 100, 50*ms))
	if g := c.Gestures(); len(g) != 0 {
		t.Errorf("a right click is no tap: %+v", g)
	}
	c.Handle(right(PointerDown, 100, 100*ms))
	for i := 1; i <= 5; i++ {
		c.Handle(right(PointerMove, 100+30*float64(i), 100*ms+time.Duration(i)*16*ms))
	}
	c.Handle(right(PointerUp, 250, 190*ms))
	if !c.Gliding() {
		t.Error("a fast pan does not glide")
	}
	before := c.Camera().Target
	c.Tick(300 * ms)
	if c.Camera().Target == before {
		t.Error("the glide does not pan")
	}
}

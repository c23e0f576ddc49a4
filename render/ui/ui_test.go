package ui

import (
	"image"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/internal/rendertest"
)

func TestMain(m *testing.M) { rendertest.Main(m) }

// tick records one tick of a UI with a button, a toggle, a radio and a
// slider, returning what they answered.
type answers struct {
	clicked   bool
	on, radio bool
	v         float64
}

var (
	btn    = Rect{10, 10, 100, 36}
	toggle = Rect{10, 50, 100, 36}
	radio  = Rect{10, 90, 100, 36}
	slider = Rect{10, 130, 120, 36}
)

func tick(c *Context, p Pointer, k Keys, a *answers) {
	c.Begin(p, k)
	c.Panel(Rect{0, 0, 140, 180})
	a.clicked = c.Button("b", btn, "Go", false, Plain)
	a.on = c.Toggle("t", toggle, "Layer", a.on, false)
	a.radio = c.Toggle("r", radio, "Choice", a.radio, true)
	a.v = c.Slider("s", slider, a.v, 0, 10, 1)
	c.End()
}

func TestButtonClick(t *testing.T) {
	c := &Context{Theme: NewTheme(1)}
	var a answers
	tick(c, Pointer{X: 20, Y: 20, Down: true, Pressed: true}, Keys{}, &a)
	if a.clicked {
		t.Fatal("a press alone clicked")
	}
	if !c.Captured() {
		t.Error("a press on the panel does not capture the pointer")
	}
	tick(c, Pointer{X: 22, Y: 21, Released: true}, Keys{}, &a)
	if !a.clicked {
		t.Error("press and release over the button did not click")
	}
	// Pressed on the button, released elsewhere: no click.
	tick(c, Pointer{X: 20, Y: 20, Down: true, Pressed: true}, Keys{}, &a)
	tick(c, Pointer{X: 300, Y: 300, Down: true}, Keys{}, &a)
	if !c.Captured() {
		t.Error("a drag that began on the UI lost its capture")
	}
	tick(c, Pointer{X: 300, Y: 300, Released: true}, Keys{}, &a)
	if a.clicked {
		t.Error("release off the button clicked")
	}
	tick(c, Pointer{X: 300, Y: 300}, Keys{}, &a)
	if c.Captured() {
		t.Error("the pointer off the UI is captured")
	}
	// Pressed elsewhere, released over the button: no click.
	tick(c, Pointer{X: 300, Y: 300, Down: true, Pressed: true}, Keys{}, &a)
	tick(c, Pointer{X: 20, Y: 20, Released: true}, Keys{}, &a)
	if a.clicked {
		t.Error("a press that began off the button clicked it")
	}
}

func TestToggleAndRadio(t *testing.T) {
	c := &Context{Theme: NewTheme(1)}
	var a answers
	click := func(x, y float64) {
		tick(c, Pointer{X: x, Y: y, Down: true, Pressed: true}, Keys{}, &a)
		tick(c, Pointer{X: x, Y: y, Released: true}, Keys{}, &a)
	}
	click(20, 60)
	if !a.on {
		t.Error("the toggle did not switch on")
	}
	click(20, 60)
	if a.on {
		t.Error("the toggle did not switch off")
	}
	click(20, 100)
	click(20, 100)
	if !a.radio {
		t.Error("a second click switched the radio button off")
	}
}

func TestSlider(t *testing.T) {
	c := &Context{Theme: NewTheme(1)}
	var a answers
	// The track runs from 20 to 120 (10 dp of knob room on each side).
	tick(c, Pointer{X: 70, Y: 140, Down: true, Pressed: true}, Keys{}, &a)
	if a.v != 5 {
		t.Errorf("press at the middle: %g, want 5", a.v)
	}
	tick(c, Pointer{X: 400, Y: 400, Down: true}, Keys{}, &a)
	if a.v != 10 {
		t.Errorf("dragged past the end: %g, want 10", a.v)
	}
	tick(c, Pointer{X: 400, Y: 400, Released: true}, Keys{}, &a)
	tick(c, Pointer{X: 0, Y: 400}, Keys{}, &a)
	if a.v != 10 {
		t.Errorf("moving after the release changed the value to %g", a.v)
	}
}

func TestKeyboardFocus(t *testing.T) {
	c := &Context{Theme: NewTheme(1)}
	var a answers
	p := Pointer{X: 500, Y: 500}
	tick(c, p, Keys{Next: true}, &a)
	if c.Focused() != "b" {
		t.Fatalf("Tab focused %q, want the first widget", c.Focused())
	}
	tick(c, p, Keys{Activate: true}, &a)
	if !a.clicked {
		t.Error("Enter on the focused button did not click it")
	}
	tick(c, p, Keys{Next: true}, &a)
	tick(c, p, Keys{Activate: true}, &a)
	if c.Focused() != "t" || !a.on {
		t.Errorf("focus %q, toggle %v: want the toggle switched on", c.Focused(), a.on)
	}
	tick(c, p, Keys{Prev: true}, &a)
	tick(c, p, Keys{Prev: true}, &a)
	if c.Focused() != "s" {
		t.Errorf("Shift+Tab twice from the toggle: %q, want the slider (wrapping)", c.Focused())
	}
	tick(c, p, Keys{Right: true}, &a)
	tick(c, p, Keys{Right: true}, &a)
	if a.v != 2 {
		t.Errorf("two arrow steps: %g, want 2", a.v)
	}
}

func TestWrap(t *testing.T) {
	th := NewTheme(1)
	s := "Two extra floors on every harbour block that is taller than ten metres today"
	lines := th.Wrap(s, 120, nil)
	if len(lines) < 3 {
		t.Fatalf("%d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if th.Measure(l) > 120 {
			t.Errorf("line %q is %g px wide", l, th.Measure(l))
		}
	}
	if strings.Join(lines, " ") != s {
		t.Errorf("words lost: %q", lines)
	}
	if e := th.Ellipsize(s, 80); !strings.HasSuffix(e, "…") || th.Measure(e) > 80 {
		t.Errorf("ellipsized %q (%g px)", e, th.Measure(e))
	}
}

// Recording a UI at rest allocates nothing.
func TestRecordingAllocatesNothing(t *testing.T) {
	c := &Context{Theme: NewTheme(1)}
	var a answers
	tick(c, Pointer{}, Keys{}, &a)
	if n := testing.AllocsPerRun(100, func() { tick(c, Pointer{X: 20, Y: 20}, Keys{}, &a) }); n != 0 {
		t.Errorf("%g allocations per tick", n)
	}
}

// A selected button is drawn in the accent colour, and the focused widget
// gets a ring.
func TestDraw(t *testing.T) {
	th := NewTheme(1)
	c := &Context{Theme: th}
	c.Begin(Pointer{X: 500, Y: 500}, Keys{})
	c.Button("sel", Rect{10, 10, 120, 40}, "Baseline", true, Plain)
	c.Button("plain", Rect{10, 60, 120, 40}, "Park", false, Plain)
	c.End()
	c.SetFocus("plain")
	c.Begin(Pointer{X: 500, Y: 500}, Keys{})
	c.Button("sel", Rect{10, 10, 120, 40}, "Baseline", true, Plain)
	c.Button("plain", Rect{10, 60, 120, 40}, "Park", false, Plain)
	c.End()
	img := ebiten.NewImage(200, 120)
	c.Draw(img)
	pix := image.NewRGBA(image.Rect(0, 0, 200, 120))
	img.ReadPixels(pix.Pix)
	if got := pix.RGBAAt(120, 14); got.R != th.AccentColor.R || got.G != th.AccentColor.G || got.B != th.AccentColor.B {
		t.Errorf("selected button fill %v, want the accent %v", got, th.AccentColor)
	}
	if got := pix.RGBAAt(60, 60); got.B != th.AccentColor.B || got.R != th.AccentColor.R {
		t.Errorf("focus ring %v, want the accent %v", got, th.AccentColor)
	}
	if got := pix.RGBAAt(120, 80); got.R < 200 {
		t.Errorf("plain button fill %v, want light", got)
	}
}

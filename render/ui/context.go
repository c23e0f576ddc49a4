package ui

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
)

// Context records the widgets of one tick and answers the pointer and the
// keys for them. It is immediate mode with a split for Ebiten's loop: in
// Update, call Begin, then the widget functions (each says at once whether
// it was used this tick), then End; in Draw, call Draw, which draws what
// the last Update recorded. Widgets are named by an id that must be unique
// and stable from tick to tick (a constant string, or one kept by the
// caller: Context keeps no copy).
//
// Recording allocates nothing once the Context has seen as many widgets
// as it records, so a UI at rest costs no garbage.
type Context struct {
	// Theme is the look and the sizes (required).
	Theme *Theme

	els     []element
	p       Pointer
	k       Keys
	active  string   // the widget the pointer went down on ("" none)
	focus   string   // the widget the keyboard works ("" none)
	capture bool     // the current press began over the UI
	over    bool     // the pointer is over the UI this tick
	order   []string // the focusable widgets of this tick, in order

	cache *ebiten.Image // the widgets as last drawn (draw.go)
	drawn []element     // what cache shows
	fresh bool          // cache holds drawn
	look  themeLook     // the theme cache was drawn with
	op    ebiten.DrawImageOptions
}

type kind uint8

const (
	kindPanel kind = iota
	kindLabel
	kindButton
	kindToggle
	kindSlider
	kindSwatch
	kindRule
	kindGrab
)

// element is one recorded widget.
type element struct {
	kind   kind
	id     string
	r      Rect
	text   string
	on     bool    // toggle on, button selected
	v      float64 // slider value as a fraction 0–1
	col    color.NRGBA
	style  Style
	hot    bool // under the pointer
	down   bool // pressed
	focus  bool
	radio  bool // a toggle drawn as a radio button
	square bool // a swatch drawn as a square
}

// Style picks how a label or button looks.
type Style uint8

const (
	// Plain is body text, or a quiet button.
	Plain Style = iota
	// Title is a heading, or a button that stands out.
	Title
	// Muted is secondary text.
	Muted
)

// Begin starts recording the widgets of a tick with its pointer and keys.
func (c *Context) Begin(p Pointer, k Keys) {
	c.els = c.els[:0]
	c.p, c.k = p, k
	c.over = false
	if p.Pressed {
		c.active = ""
		c.capture = false
	}
	c.order = c.order[:0]
}

// End finishes the tick: the keyboard focus moves (Tab, Shift+Tab),
// cycling through the focusable widgets in the order they were recorded,
// and the pointer is released.
func (c *Context) End() {
	at := -1
	for i, id := range c.order {
		if id == c.focus {
			at = i
		}
	}
	if at < 0 {
		c.focus = ""
	}
	if n := len(c.order); n > 0 {
		switch {
		case c.k.Next && at < 0:
			c.focus = c.order[0]
		case c.k.Next:
			c.focus = c.order[(at+1)%n]
		case c.k.Prev && at < 0:
			c.focus = c.order[n-1]
		case c.k.Prev:
			c.focus = c.order[(at+n-1)%n]
		}
	}
	if c.p.Released || !c.p.Down {
		c.active = ""
		if !c.p.Down {
			c.capture = false
		}
	}
}

// Captured reports whether the pointer belongs to the UI this tick: it is
// over a panel or widget, or the current press began on one. The viewer
// then leaves the pointer alone (no orbit, no pick).
func (c *Context) Captured() bool { return c.over || c.capture }

// Focused returns the id of the widget the keyboard works, or "".
func (c *Context) Focused() string { return c.focus }

// SetFocus gives the keyboard focus to widget id ("" to nobody).
func (c *Context) SetFocus(id string) { c.focus = id }

// add records e, answering whether the pointer is over it.
func (c *Context) add(e element) *element {
	e.hot = e.r.Contains(c.p.X, c.p.Y)
	if e.hot {
		c.over = true
		if c.p.Pressed {
			c.capture = true
		}
	}
	c.els = append(c.els, e)
	return &c.els[len(c.els)-1]
}

// focusable notes a widget that the keyboard can reach and reports
// whether it has the focus.
func (c *Context) focusable(id string) bool {
	c.order = append(c.order, id)
	return id == c.focus
}

// pressed runs the pointer logic of a clickable widget: it reports
// whether the widget was clicked (pressed and released over it) or
// activated from the keyboard.
func (c *Context) pressed(e *element) bool {
	if e.hot && c.p.Pressed {
		c.active = e.id
		c.focus = ""
	}
	e.down = c.active == e.id && c.p.Down && e.hot
	clicked := c.active == e.id && c.p.Released && e.hot
	e.focus = c.focusable(e.id)
	return clicked || (e.focus && c.k.Activate)
}

// Element is a recorded widget as tests and tools see it: its id ("" for
// labels, rules and swatches), rectangle and text.
type Element struct {
	ID   string
	R    Rect
	Text string
}

// Elements returns the widgets recorded in the last tick, in order. It
// allocates; it is meant for tests and tools, not for every frame.
func (c *Context) Elements() []Element {
	out := make([]Element, len(c.els))
	for i, e := range c.els {
		out[i] = Element{ID: e.id, R: e.r, Text: e.text}
	}
	return out
}

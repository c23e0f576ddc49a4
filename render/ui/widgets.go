package ui

import "image/color"

// Panel records a panel background at r: the pointer over it belongs to
// the UI. Record panels before the widgets on them.
func (c *Context) Panel(r Rect) {
	c.add(element{kind: kindPanel, r: r})
}

// Label records text at r (one line, top left, cut with "…" to fit r.W).
func (c *Context) Label(r Rect, s string, st Style) {
	c.els = append(c.els, element{kind: kindLabel, r: r, text: s, style: st})
}

// Rule records a thin horizontal line across r (a separator).
func (c *Context) Rule(r Rect) {
	c.els = append(c.els, element{kind: kindRule, r: r})
}

// Swatch records a colour sample at r: a disc, or a square when square.
func (c *Context) Swatch(r Rect, col color.NRGBA, square bool) {
	c.els = append(c.els, element{kind: kindSwatch, r: r, col: col, square: square})
}

// Button records a button labelled s at r and reports whether it was
// clicked (or tapped, or activated with the keyboard) this tick. A
// selected button is drawn filled with the accent colour (the current
// choice of a group); st Title draws it outlined in the accent colour.
func (c *Context) Button(id string, r Rect, s string, selected bool, st Style) bool {
	e := c.add(element{kind: kindButton, id: id, r: r, text: s, on: selected, style: st})
	return c.pressed(e)
}

// Toggle records a check box (or a radio button, with radio) labelled s
// at r, in state on, and returns the state after this tick (flipped when
// clicked). A radio button is only ever switched on by a click.
func (c *Context) Toggle(id string, r Rect, s string, on, radio bool) bool {
	e := c.add(element{kind: kindToggle, id: id, r: r, text: s, on: on, radio: radio})
	if c.pressed(e) {
		if radio {
			on = true
		} else {
			on = !on
		}
		e.on = on
	}
	return on
}

// Slider records a horizontal slider at r for value v between lo and hi
// and returns the value after this tick: dragged by the pointer, or moved
// by step with the arrow keys while focused.
func (c *Context) Slider(id string, r Rect, v, lo, hi, step float64) float64 {
	e := c.add(element{kind: kindSlider, id: id, r: r})
	if e.hot && c.p.Pressed {
		c.active = id
		c.focus = ""
	}
	e.focus = c.focusable(id)
	if c.active == id && c.p.Down {
		k := c.Theme.Dp(10)
		f := (c.p.X - r.X - k) / max(1, r.W-2*k)
		v = lo + min(1, max(0, f))*(hi-lo)
	}
	if e.focus && c.k.Left {
		v = max(lo, v-step)
	}
	if e.focus && c.k.Right {
		v = min(hi, v+step)
	}
	if hi > lo {
		e.v = (v - lo) / (hi - lo)
	}
	e.down = c.active == id
	return v
}

// Offscreen records a focusable widget that is out of view this tick
// (scrolled away in a panel): it keeps its place in the Tab order but is
// neither drawn nor hit by the pointer. It reports whether the widget has
// the keyboard focus, so the caller can scroll it into view.
func (c *Context) Offscreen(id string) bool { return c.focusable(id) }

// Grab records an invisible region at r that takes the pointer (a drag
// handle: a divider, a grip) and reports whether the press that began on
// it is still held this tick.
func (c *Context) Grab(id string, r Rect) bool {
	e := c.add(element{kind: kindGrab, id: id, r: r})
	if e.hot && c.p.Pressed {
		c.active = id
		c.focus = ""
	}
	return c.active == id && c.p.Down
}

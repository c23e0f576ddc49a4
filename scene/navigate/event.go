package navigate

import "time"

// Kind is what an Event reports.
type Kind uint8

// Event kinds.
const (
	PointerDown Kind = iota + 1 // a button pressed or a finger down
	PointerMove                 // a pointer moved (buttons held or not)
	PointerUp                   // a button released or a finger up
	Wheel                       // a wheel turned; DeltaY notches
	KeyPress                    // a key pressed (repeats arrive as more KeyPress events)
)

// Buttons is a set of pointer buttons held.
type Buttons uint8

// Pointer buttons.
const (
	Left Buttons = 1 << iota
	Right
	Middle
)

// Mods is a set of keyboard modifiers held.
type Mods uint8

// Keyboard modifiers.
const (
	Shift Mods = 1 << iota
	Ctrl
	Alt
)

// Key is a navigation key.
type Key uint8

// Navigation keys.
const (
	KeyNone Key = iota
	KeyLeft
	KeyRight
	KeyUp
	KeyDown
	KeyPageUp   // tilt up (towards the horizon)
	KeyPageDown // tilt down
	KeyPlus     // zoom in
	KeyMinus    // zoom out
	KeyHome     // back to the home view
)

// Event is one input event, in window pixels (origin top-left, y down).
// ID tells pointers apart: the mouse is 0, touches their own ids, so
// two-finger gestures can be told from drags.
type Event struct {
	Kind    Kind
	ID      int
	X, Y    float64
	Buttons Buttons // buttons held after the event (PointerDown: including the pressed one)
	Mods    Mods
	DeltaY  float64 // Wheel: notches, positive away from the user (zoom in)
	Key     Key
	Time    time.Duration // since any fixed start; only differences matter
}

package ui

// Pointer is the state of the pointer (mouse, or one finger) in one tick,
// in screen pixels.
type Pointer struct {
	X, Y float64
	// Down is true while the button or finger is down; Pressed in the tick
	// it went down, Released in the tick it went up.
	Down, Pressed, Released bool
}

// Keys are the keys the widgets answer in one tick (true: just pressed,
// or repeating).
type Keys struct {
	// Next and Prev move the keyboard focus (Tab, Shift+Tab).
	Next, Prev bool
	// Activate presses the focused button or flips the focused toggle
	// (Enter, Space).
	Activate bool
	// Left and Right move the focused slider by a step.
	Left, Right bool
}

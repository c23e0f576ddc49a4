// Package navigate is citytwin's camera controller: a pure state machine
// that takes input events (pointers with ids, wheel, keys, all with times)
// and changes a scene.Camera: orbit (left drag), ground-anchored pan (right
// drag, shift+left drag), zoom towards the cursor (wheel), tilt (ctrl+drag,
// middle drag, PageUp/PageDown), keyboard moves and the home view, and on
// touch screens two-finger gestures (pinch zooms about the fingers'
// centre, twist turns, moving pans, both fingers up or down side by side
// tilt; a third finger or a second hand is ignored, so the view never
// jumps). Released drags glide to a stop (Tick); taps, double taps (which
// zoom towards the point) and long presses are reported by Gestures. Pitch stays within [MinPitch, MaxPitch] and the range within
// [MinRange, a few times the scene's size]. It imports only scene
// and needs no window, so it is tested with tables of events.
//
//	c := navigate.New(home, bounds)
//	c.Handle(navigate.Event{Kind: navigate.PointerDown, ID: 0, X: 100, Y: 80, Buttons: navigate.Left}, pr)
//	c.Handle(navigate.Event{Kind: navigate.PointerMove, ID: 0, X: 140, Y: 80, Buttons: navigate.Left}, pr)
//	cam := c.Camera() // orbited 40 px worth to the left
package navigate

// MinRange is the closest the camera gets to its target, in metres.
const MinRange = 20.0

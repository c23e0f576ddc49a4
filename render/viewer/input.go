package viewer

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"citytwin/render/ui"
	"citytwin/scene/navigate"
)

// pointerInput turns Ebiten's mouse and keyboard state into navigate
// events, once per Update.
type pointerInput struct {
	start   time.Time
	x, y    int
	buttons navigate.Buttons
	events  []navigate.Event
	touches map[ebiten.TouchID][2]int // last positions
	ids     []ebiten.TouchID
	// ui is this tick's pointer for the widgets: the mouse's left button,
	// or the first finger.
	ui ui.Pointer
}

var navKeys = []struct {
	k ebiten.Key
	n navigate.Key
}{
	{ebiten.KeyArrowLeft, navigate.KeyLeft},
	{ebiten.KeyArrowRight, navigate.KeyRight},
	{ebiten.KeyArrowUp, navigate.KeyUp},
	{ebiten.KeyArrowDown, navigate.KeyDown},
	{ebiten.KeyPageUp, navigate.KeyPageUp},
	{ebiten.KeyPageDown, navigate.KeyPageDown},
	{ebiten.KeyEqual, navigate.KeyPlus},
	{ebiten.KeyNumpadAdd, navigate.KeyPlus},
	{ebiten.KeyMinus, navigate.KeyMinus},
	{ebiten.KeyNumpadSubtract, navigate.KeyMinus},
	{ebiten.KeyHome, navigate.KeyHome},
}

// poll returns this tick's events. The slice is reused by the next call.
func (in *pointerInput) poll() []navigate.Event {
	in.events = in.events[:0]
	now := time.Since(in.start)
	var mods navigate.Mods
	if ebiten.IsKeyPressed(ebiten.KeyShift) {
		mods |= navigate.Shift
	}
	if ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta) {
		mods |= navigate.Ctrl
	}
	if ebiten.IsKeyPressed(ebiten.KeyAlt) {
		mods |= navigate.Alt
	}
	x, y := ebiten.CursorPosition()
	var held navigate.Buttons
	for _, b := range []struct {
		e ebiten.MouseButton
		n navigate.Buttons
	}{{ebiten.MouseButtonLeft, navigate.Left}, {ebiten.MouseButtonRight, navigate.Right}, {ebiten.MouseButtonMiddle, navigate.Middle}} {
		if ebiten.IsMouseButtonPressed(b.e) {
			held |= b.n
		}
	}
	ev := navigate.Event{X: float64(x), Y: float64(y), Mods: mods, Time: now}
	if x != in.x || y != in.y {
		e := ev
		e.Kind, e.Buttons = navigate.PointerMove, in.buttons
		in.events = append(in.events, e)
	}
	if pressed := held &^ in.buttons; pressed != 0 {
		e := ev
		e.Kind, e.Buttons = navigate.PointerDown, held
		in.events = append(in.events, e)
	}
	if released := in.buttons &^ held; released != 0 {
		e := ev
		e.Kind, e.Buttons = navigate.PointerUp, held
		in.events = append(in.events, e)
	}
	in.ui = ui.Pointer{X: float64(x), Y: float64(y), Down: held&navigate.Left != 0,
		Pressed: (held&^in.buttons)&navigate.Left != 0, Released: (in.buttons&^held)&navigate.Left != 0}
	in.x, in.y, in.buttons = x, y, held
	if _, wy := ebiten.Wheel(); wy != 0 {
		e := ev
		e.Kind, e.DeltaY = navigate.Wheel, wy
		in.events = append(in.events, e)
	}
	in.pollTouches(ev)
	for _, k := range navKeys {
		d := inpututil.KeyPressDuration(k.k)
		if d == 1 || (d > 20 && d%3 == 0) {
			e := ev
			e.Kind, e.Key = navigate.KeyPress, k.n
			in.events = append(in.events, e)
		}
	}
	return in.events
}

// pollTouches turns touches into pointer events with their own ids (the
// touch id + 1; the mouse is 0), as a held left button.
func (in *pointerInput) pollTouches(ev navigate.Event) {
	if in.touches == nil {
		in.touches = map[ebiten.TouchID][2]int{}
	}
	in.ids = inpututil.AppendJustReleasedTouchIDs(in.ids[:0])
	for _, id := range in.ids {
		p := in.touches[id]
		e := ev
		e.Kind, e.ID, e.X, e.Y, e.Buttons = navigate.PointerUp, int(id)+1, float64(p[0]), float64(p[1]), 0
		in.events = append(in.events, e)
		delete(in.touches, id)
	}
	in.ids = ebiten.AppendTouchIDs(in.ids[:0])
	for _, id := range in.ids {
		x, y := ebiten.TouchPosition(id)
		p, known := in.touches[id]
		e := ev
		e.ID, e.X, e.Y, e.Buttons = int(id)+1, float64(x), float64(y), navigate.Left
		switch {
		case !known:
			e.Kind = navigate.PointerDown
		case p != [2]int{x, y}:
			e.Kind = navigate.PointerMove
		default:
			continue
		}
		in.touches[id] = [2]int{x, y}
		in.events = append(in.events, e)
	}
	// The first finger works the widgets like the mouse.
	for _, e := range in.events {
		if e.ID != 1 {
			continue
		}
		in.ui.X, in.ui.Y = e.X, e.Y
		switch e.Kind {
		case navigate.PointerDown:
			in.ui.Down, in.ui.Pressed = true, true
		case navigate.PointerMove:
			in.ui.Down = true
		case navigate.PointerUp:
			in.ui.Down, in.ui.Released = false, true
		}
	}
	if _, ok := in.touches[0]; ok && !in.ui.Released {
		in.ui.Down = true
	}
}

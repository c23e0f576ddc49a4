package viewer

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/viewer/touch"
	"citytwin/scene/navigate"
)

// touchIDBase is added to the kernel's tracking ids so that they never
// meet the mouse's id (0) or Ebiten's touch ids (small numbers + 1);
// each device gets its own block.
const (
	touchIDBase  = 1 << 20
	touchIDBlock = 1 << 16
	// mouseQuiet is how long after a real touch the window's emulated
	// mouse pointer is ignored (X turns the first finger into one).
	mouseQuiet = 500 * time.Millisecond
)

// touchState is the kernel's multi-touch devices and the contacts they
// reported since the last tick.
type touchState struct {
	mu      sync.Mutex
	devs    []*touch.Device
	pending []touchContact
	down    int       // contacts down now
	last    time.Time // the last contact change (for mouseQuiet)
}

// touchContact is a contact change of device dev, with the time it came.
type touchContact struct {
	c   touch.Contact
	dev int
	at  time.Duration // on the navigate clock
}

// startTouch opens the multi-touch devices and reads them on their own
// goroutines; when none can be opened it says why, once, in the status
// line, and the pointer works as before.
func (v *viewer) startTouch() {
	ts := &v.rooms.touch
	devs, err := touch.Open()
	if errors.Is(err, touch.ErrNoDevice) {
		v.log.Info("multi-touch", "err", err) // a desktop: nothing to say
		return
	}
	if err != nil {
		msg := fmt.Sprintf(v.tr("Multi-touch: %s; using the pointer"), err)
		v.log.Warn("multi-touch", "err", err)
		v.hud.Status += "  ·  " + msg
		v.showToast(msg)
		return
	}
	ts.devs = devs
	for i, d := range devs {
		v.log.Info("multi-touch device", "path", d.Path, "name", d.Name, "x", d.X, "y", d.Y)
		go func() {
			err := d.Read(func(cs []touch.Contact) {
				at := time.Since(v.in.start)
				ts.mu.Lock()
				for _, c := range cs {
					ts.pending = append(ts.pending, touchContact{c: c, dev: i, at: at})
				}
				ts.mu.Unlock()
			})
			v.log.Warn("multi-touch device stopped", "path", d.Path, "err", err)
		}()
	}
	v.showToast(fmt.Sprintf(v.tr("Multi-touch: %d device(s)"), len(devs)))
}

// touchEvents adds the kernel's contacts to this tick's events, mapped
// from the devices' ranges onto the window (a touchscreen covers the
// monitor; the window's position is taken off), and drops the emulated
// mouse while fingers are on the screen.
func (v *viewer) touchEvents(events []navigate.Event) []navigate.Event {
	ts := &v.rooms.touch
	if len(ts.devs) == 0 {
		return events
	}
	ts.mu.Lock()
	pending := ts.pending
	ts.pending = ts.pending[len(ts.pending):]
	ts.mu.Unlock()
	if len(pending) > 0 || ts.down > 0 || time.Since(ts.last) < mouseQuiet {
		out := events[:0]
		for _, e := range events {
			if e.ID == 0 && e.Kind != navigate.KeyPress && e.Kind != navigate.Wheel {
				continue // the first finger again, as X's emulated mouse
			}
			out = append(out, e)
		}
		events = out
	}
	if len(pending) == 0 {
		return events
	}
	mw, mh := ebiten.Monitor().Size()
	wx, wy := 0, 0
	if !ebiten.IsFullscreen() {
		wx, wy = ebiten.WindowPosition()
	}
	scale := ebiten.Monitor().DeviceScaleFactor()
	for _, tc := range pending {
		d := ts.devs[tc.dev]
		x := (d.X.Scale(tc.c.X, float64(mw)) - float64(wx)) * scale
		y := (d.Y.Scale(tc.c.Y, float64(mh)) - float64(wy)) * scale
		e := navigate.Event{ID: touchIDBase + tc.dev*touchIDBlock + int(tc.c.ID)%touchIDBlock, X: x, Y: y, Time: tc.at, Buttons: navigate.Left}
		switch tc.c.Kind {
		case touch.Down:
			e.Kind = navigate.PointerDown
			ts.down++
		case touch.Move:
			e.Kind = navigate.PointerMove
		case touch.Up:
			e.Kind, e.Buttons = navigate.PointerUp, 0
			ts.down = max(0, ts.down-1)
		}
		events = append(events, e)
	}
	ts.last = time.Now()
	return events
}

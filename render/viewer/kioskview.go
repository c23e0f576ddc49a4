package viewer

import (
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/assets/i18n"
	"citytwin/render/ui"
	"citytwin/scene/kiosk"
)

// Kiosk exit: an operator holds the top-left corner this long, then types
// the PIN on the keypad that opens.
const (
	exitHold    = 3 * time.Second
	exitPadIdle = 30 * time.Second // the keypad closes by itself
	pinMax      = 12
)

// exitPad is the operator's way out of a kiosk.
type exitPad struct {
	held   time.Time // when the corner press began (zero: none)
	open   bool
	opened time.Time
	typed  []byte
}

// tickKiosk runs the kiosk's idle timer and tour, and follows the
// operator's press in the corner.
func (v *viewer) tickKiosk() {
	a := v.rooms.attract
	if a == nil {
		return
	}
	now := v.now()
	switch act := a.Tick(now); act.Kind {
	case kiosk.Reset:
		v.log.Info("kiosk: idle, reset", "home_view", act.View)
		v.kioskReset(act.View)
	case kiosk.Show:
		v.log.Info("kiosk: tour", "view", act.View)
		v.goSlide(act.View, true)
	}
	if now.Sub(v.rooms.healthAt) >= time.Hour { // an hourly health line for the log
		v.rooms.healthAt = now
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		v.log.Info("kiosk: health", "fps", ebiten.ActualFPS(), "heap_mib", ms.HeapAlloc>>20, "sys_mib", ms.Sys>>20, "resets", a.Resets())
	}
	x := &v.rooms.exit
	p := v.in.ui
	corner := 2 * v.theme.Target()
	switch {
	case p.Down && p.X < corner && p.Y < corner:
		if x.held.IsZero() {
			x.held = now
		} else if now.Sub(x.held) >= exitHold && !x.open {
			x.open, x.opened, x.typed = true, now, x.typed[:0]
		}
	default:
		x.held = time.Time{}
	}
	if x.open && now.Sub(x.opened) > exitPadIdle {
		x.open = false
	}
}

// kioskReset puts the kiosk back as a new visitor should find it: the
// home view (view index home, -1: the scene's home), the baseline, no
// selection, cards and panels closed, the default language.
func (v *viewer) kioskReset(home int) {
	v.rooms.exit = exitPad{}
	v.rooms.vote = votePanel{file: v.rooms.vote.file} // the file stays open
	v.rooms.lang = i18n.New(v.opts.Rooms.Lang)
	v.rooms.caption = ""
	v.selectFeature(-1, -1)
	if v.live != nil {
		v.live.ClearSelection()
	}
	v.ui.SetFocus("")
	v.setScenarios(nil)
	cam := v.nav.Home()
	if home >= 0 && home < len(v.sc.Views) {
		cam = v.sc.Views[home].Camera
	}
	v.nav.FlyTo(cam, v.navNow(), 0)
}

// navNow is the time on the camera controller's clock.
func (v *viewer) navNow() time.Duration { return time.Since(v.in.start) }

// layoutExit records the operator's PIN keypad while it is open.
func (v *viewer) layoutExit() {
	x := &v.rooms.exit
	if !x.open {
		return
	}
	th := v.theme
	t, p, lh := th.Target(), th.Pad(), th.LineH()
	w := 3*t + 4*p
	h := 2*lh + 5*(t+p) + 2*p
	r := ui.Rect{X: (float64(v.w) - w) / 2, Y: (float64(v.h) - h) / 2, W: w, H: h}
	v.ui.Panel(r)
	v.ui.Label(ui.Rect{X: r.X + p, Y: r.Y + p, W: w - 2*p, H: lh}, v.tr("Operator PIN"), ui.Title)
	v.ui.Label(ui.Rect{X: r.X + p, Y: r.Y + p + lh, W: w - 2*p, H: lh}, strings.Repeat("•", len(x.typed)), ui.Plain)
	keys := [...]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "←", "0", "OK"}
	for i, k := range keys {
		b := ui.Rect{X: r.X + p + float64(i%3)*(t+p), Y: r.Y + 2*p + 2*lh + float64(i/3)*(t+p), W: t, H: t}
		if !v.ui.Button(pinIDs[i], b, k, false, ui.Title) {
			continue
		}
		x.opened = v.now()
		switch k {
		case "←":
			if len(x.typed) > 0 {
				x.typed = x.typed[:len(x.typed)-1]
			}
		case "OK":
			v.checkPIN()
		default:
			if len(x.typed) < pinMax {
				x.typed = append(x.typed, k[0])
			}
		}
	}
	c := ui.Rect{X: r.X + p, Y: r.Y + 2*p + 2*lh + 4*(t+p), W: w - 2*p, H: t}
	if v.ui.Button("pin.cancel", c, v.tr("Cancel"), false, ui.Plain) {
		*x = exitPad{}
	}
}

var pinIDs = [...]string{"pin.1", "pin.2", "pin.3", "pin.4", "pin.5", "pin.6", "pin.7", "pin.8", "pin.9", "pin.back", "pin.0", "pin.ok"}

// checkPIN ends the viewer when the typed PIN is the one in the scene's
// kiosk.pin_env variable.
func (v *viewer) checkPIN() {
	x := &v.rooms.exit
	want := ""
	if env := v.sc.Kiosk.PinEnv; env != "" {
		want = os.Getenv(env)
	}
	switch {
	case want == "":
		v.showToast(v.tr("No PIN is set: stop the kiosk from its computer"))
	case string(x.typed) == want:
		v.log.Info("kiosk: the operator left")
		v.err = ebiten.Termination
	default:
		v.showToast(v.tr("Wrong PIN"))
	}
	x.typed = x.typed[:0]
}

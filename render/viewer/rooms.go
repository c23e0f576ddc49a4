package viewer

import (
	"strconv"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"citytwin/assets/i18n"
	"citytwin/render/ui"
	"citytwin/scene/kiosk"
	"citytwin/scene/navigate"
)

// Rooms configures the viewer for the rooms it is used in: a touch table
// (multi-touch), a council chamber (presentations, screenshots) and a
// public exhibition (kiosk, visitors' votes, languages).
type Rooms struct {
	// Present makes the scene's named views slides: the window starts on
	// the first, and PageDown/PageUp, the arrows and Space step them
	// (a presenter's clicker); B blanks the screen.
	Present bool
	// Screenshots is the folder F12 and the screenshot button write to
	// ("": the current folder).
	Screenshots string
	// Lang is the interface language's code (en, de, fr, el; "": en). In
	// a kiosk it is the language the window returns to when idle.
	Lang string
	// HighContrast draws the interface black, white and yellow, larger.
	HighContrast bool
	// Votes is the CSV file visitors' votes are appended to ("": no
	// voting).
	Votes string
	// Multitouch reads the kernel's multi-touch devices (Linux evdev) for
	// real pinch and twist; the mouse pointer is the fallback.
	Multitouch bool
	// Now is the clock of the kiosk's idle timer and tour (nil:
	// time.Now); tests pass a fast one.
	Now func() time.Time
}

// roomsState is the viewer's state for Rooms (its files: controls.go,
// present.go, shot.go, drop.go, kioskview.go, vote.go, touchview.go).
type roomsState struct {
	started bool
	blank   bool // presentation: the screen is blanked
	shot    bool // a screenshot is asked for (taken in Draw)
	slide   int  // presentation: the current slide (index in Views)
	caption string
	// captionFace is the caption's face (present.go).
	captionFace *text.GoTextFace
	toast       string
	toastAt     time.Time
	lang        *i18n.Catalogue
	// attract is the kiosk's idle timer and tour.
	attract  *kiosk.Attract
	healthAt time.Time // the last hourly health line (kioskview.go)
	exit     exitPad
	vote     votePanel
	touch    touchState
}

// now is the rooms' clock.
func (v *viewer) now() time.Time {
	if v.opts.Rooms.Now != nil {
		return v.opts.Rooms.Now()
	}
	return time.Now()
}

// startRooms sets up what the rooms need once the scene is shown.
func (v *viewer) startRooms() {
	r := &v.rooms
	r.started = true
	r.lang = i18n.New(v.opts.Rooms.Lang)
	if v.opts.Rooms.HighContrast {
		th := ui.HighContrastTheme(1)
		th.Scale = v.theme.Scale * ui.HighContrastScale
		*v.theme = *th
		v.opts.UIScale = v.uiScale() * ui.HighContrastScale // for Layout
	}
	if v.opts.Kiosk {
		ebiten.SetWindowClosingHandled(true) // visitors cannot close it
		r.attract = kiosk.NewAttract(v.sc.Kiosk, v.sc.Views, v.now())
	}
	if v.opts.Rooms.Multitouch {
		v.startTouch()
	}
	if v.opts.Rooms.Present {
		ebiten.SetFullscreen(true)
		if len(v.sc.Views) > 0 {
			v.goSlide(0, false)
		}
	}
}

// roomsInput filters this tick's events before the widgets and the camera
// see them: touches from the kernel join them, the emulated mouse of a
// touchscreen leaves, a presentation's clicker keys step slides instead of
// moving the camera, and any input wakes a kiosk.
func (v *viewer) roomsInput(events []navigate.Event) []navigate.Event {
	if !v.rooms.started {
		v.startRooms()
	}
	events = v.touchEvents(events)
	if v.opts.Rooms.Present {
		out := events[:0]
		for _, e := range events {
			if e.Kind == navigate.KeyPress && clickerKey(e.Key) {
				continue
			}
			out = append(out, e)
		}
		events = out
	}
	if v.rooms.attract != nil {
		active := false
		for _, e := range events {
			if e.Kind != navigate.PointerMove || e.Buttons != 0 {
				active = true
			}
		}
		if active || len(inpututil.AppendJustPressedKeys(nil)) > 0 {
			v.rooms.attract.Input(v.now())
		}
	}
	return events
}

// clickerKey reports whether k steps slides in a presentation.
func clickerKey(k navigate.Key) bool {
	switch k {
	case navigate.KeyLeft, navigate.KeyRight, navigate.KeyPageUp, navigate.KeyPageDown:
		return true
	}
	return false
}

// roomsUpdate runs after the camera had its events: long presses show
// details, the rooms' keys, dropped files, the kiosk's timer.
func (v *viewer) roomsUpdate() {
	for _, g := range v.nav.Gestures() {
		if g.Kind == navigate.Hold {
			v.pickAt(g.X, g.Y)
		}
	}
	if v.opts.Rooms.Present {
		v.presentKeys()
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyF12) && !v.opts.Kiosk {
		v.rooms.shot = true
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyL) {
		v.nextLanguage()
	}
	if !v.opts.Kiosk { // an exhibition takes no files
		v.dropFiles()
	}
	v.tickKiosk()
	if v.opts.Kiosk && ebiten.IsWindowBeingClosed() {
		v.showToast(v.tr("This window stays open"))
	}
}

// num formats x with decimals digits the way the interface language
// writes numbers ("12,345.6", "12.345,6"); for the panels' key figures.
func (v *viewer) num(x float64, decimals int) string {
	if v.rooms.lang == nil {
		return strconv.FormatFloat(x, 'f', decimals, 64)
	}
	return v.rooms.lang.Number(x, decimals)
}

// layoutRooms records the rooms' widgets (before the controls).
func (v *viewer) layoutRooms() {
	if !v.rooms.started {
		return // a viewer not started by init (tests of other parts)
	}
	v.layoutLanguage()
	v.layoutVote()
	v.layoutExit()
}

// showToast shows s for a few seconds at the top of the window.
func (v *viewer) showToast(s string) {
	v.rooms.toast, v.rooms.toastAt = s, v.now()
}

// toastTime is how long a toast stays.
const toastTime = 4 * time.Second

// drawRooms draws the rooms' pictures over everything else: the
// screenshot is taken first (without them), then the caption, the slide
// counter, the toast, the keypad, and the blank screen over all.
func (v *viewer) drawRooms(screen *ebiten.Image) {
	if v.rooms.shot {
		v.rooms.shot = false
		v.takeScreenshot()
	}
	v.drawSlide(screen)
	if v.rooms.toast != "" && v.now().Sub(v.rooms.toastAt) < toastTime {
		th := v.theme
		w := th.Measure(v.rooms.toast)
		th.Text(screen, v.rooms.toast, (float64(v.w)-w)/2, 3*th.Pad(), th.TitleColor, true)
	}
	if v.rooms.blank {
		screen.Fill(blackColor)
	}
}

// nextLanguage switches the interface to the next language.
func (v *viewer) nextLanguage() {
	v.rooms.lang = i18n.New(i18n.Next(v.rooms.lang.Code()))
	v.showToast(v.rooms.lang.Name())
}

// layoutLanguage records the language button, on top of the on-screen
// controls (the top right belongs to the live legend).
func (v *viewer) layoutLanguage() {
	t, p := v.theme.Target(), v.theme.Pad()
	c := v.controlsRect()
	r := ui.Rect{X: c.X, Y: c.Y - t - p, W: c.W, H: t}
	if v.ui.Button("rooms.lang", r, v.rooms.lang.Short(), false, ui.Title) {
		v.nextLanguage()
	}
}

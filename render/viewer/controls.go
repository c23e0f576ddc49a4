package viewer

import (
	"time"

	"citytwin/render/ui"
)

// Steps of the on-screen controls.
const (
	controlZoom   = 0.7  // range factor of "+" (and its inverse for "−")
	controlTurn   = 30.0 // degrees of heading per rotate press
	controlTilt   = 10.0 // degrees of pitch per tilt press
	controlFlight = 250 * time.Millisecond
)

// control is one on-screen control: a button's id, label and what it
// does to the camera.
type control struct {
	id, label, help string
}

// controls are the on-screen controls, two per row, bottom right.
var controls = [...]control{
	{"ctl.zoomin", "+", "Zoom in"}, {"ctl.zoomout", "−", "Zoom out"},
	{"ctl.left", "←", "Rotate left"}, {"ctl.right", "→", "Rotate right"},
	{"ctl.up", "▲", "Tilt up"}, {"ctl.down", "▼", "Tilt down"},
	{"ctl.home", "⌂", "Home"}, {"ctl.shot", "◙", "Screenshot"},
}

// controlsRect is where the on-screen controls go: bottom right, above
// the credit line, each button Theme.Target() square.
func (v *viewer) controlsRect() ui.Rect {
	t, p := v.theme.Target(), v.theme.Pad()
	rows := float64((len(controls) + 1) / 2)
	w, h := 2*t+p, rows*t+(rows-1)*p
	return ui.Rect{X: float64(v.w) - w - 2*p, Y: float64(v.h) - h - v.theme.LineH() - 4*p, W: w, H: h}
}

// layoutControls records the on-screen controls: zoom, rotate, tilt,
// home and a screenshot, for a single pointer; Tab reaches each of them
// and Enter or Space presses it. In a kiosk the screenshot button is left
// out; in a blanked presentation all of them are.
func (v *viewer) layoutControls() {
	if v.nav == nil || v.rooms.blank {
		return
	}
	v.layoutRooms() // presentation, kiosk and visitor widgets (rooms.go)
	r := v.controlsRect()
	t, p := v.theme.Target(), v.theme.Pad()
	for i, c := range controls {
		if c.id == "ctl.shot" && v.opts.Kiosk {
			continue
		}
		b := ui.Rect{X: r.X + float64(i%2)*(t+p), Y: r.Y + float64(i/2)*(t+p), W: t, H: t}
		if v.ui.Focused() == c.id { // say what the focused symbol does
			help := v.tr(c.help)
			hw := v.theme.Measure(help) + 2*p
			hr := ui.Rect{X: r.X - hw - p, Y: b.Y + (t-v.theme.LineH())/2 - p/2, W: hw, H: v.theme.LineH() + p}
			v.ui.Panel(hr)
			v.ui.Label(hr.Inset(p/2), help, ui.Plain)
		}
		if v.ui.Button(c.id, b, c.label, false, ui.Title) {
			v.control(c.id)
		}
	}
}

// control does what the on-screen control id asks: a short eased flight.
func (v *viewer) control(id string) {
	v.log.Info("control", "id", id)
	now := time.Since(v.in.start)
	cam := v.nav.Camera()
	switch id {
	case "ctl.zoomin":
		cam.Range *= controlZoom
	case "ctl.zoomout":
		cam.Range /= controlZoom
	case "ctl.left":
		cam.Heading -= controlTurn
	case "ctl.right":
		cam.Heading += controlTurn
	case "ctl.up":
		cam.Pitch += controlTilt
	case "ctl.down":
		cam.Pitch -= controlTilt
	case "ctl.home":
		cam = v.nav.Home()
	case "ctl.shot":
		v.rooms.shot = true
		return
	}
	v.nav.FlyTo(cam, now, controlFlight)
}

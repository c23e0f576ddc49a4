package viewer

import (
	"fmt"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"citytwin/render"
	"citytwin/render/ui"
	"citytwin/scene"
)

// sunView is the window's sun: the instant it lights the scene at (in the
// scene's time zone), whether it is on (shadows), whether its panel shows,
// and the play state of the day's animation.
type sunView struct {
	on      bool      // shadows on at t
	t       time.Time // in the scene's location
	up      bool      // the sun is above the horizon at t
	shown   bool      // the time panel is open
	playing bool
	last    time.Time // wall time of the last animation step
	// label is sunLabel's text for labelFor (so a panel at rest allocates
	// nothing).
	label    string
	labelFor sunLabelKey
}

// sunLabelKey is what the panel's label depends on.
type sunLabelKey struct {
	t      time.Time
	on, up bool
	lang   string
}

// playRate is how fast play runs the clock: scene seconds per wall
// second by daylight, and at night (skipped quickly).
const (
	playRate      = 3600.0
	playNightRate = 6 * 3600.0
)

// startSun returns the instant the viewer starts lit at: wall (a -sun
// clock reading, read in the scene's time zone) when set, else the
// scene's sun, else none (zero).
func startSun(sc *scene.Scene, wall time.Time) time.Time {
	if !wall.IsZero() {
		return sc.LocalTime(wall)
	}
	if !sc.Sun.IsZero() {
		return sc.Sun.In(sc.Location())
	}
	return time.Time{}
}

// applySun lights r by sc's sun at t (zero: the fixed light, no shadows)
// and reports whether the sun is up then.
func applySun(r *render.Renderer, sc *scene.Scene, t time.Time) (bool, error) {
	if t.IsZero() {
		return false, r.SetSun(scene.Vec3{}, false)
	}
	dir, up := sc.SunDirection(t)
	return up, r.SetSun(dir, up)
}

// initSun sets the starting sun from the options or the scene.
func (v *viewer) initSun() {
	t := startSun(v.sc, v.opts.Sun)
	if t.IsZero() {
		// Noon today in the scene's zone, for when the panel opens.
		now := time.Now().In(v.sc.Location())
		v.sun.t = time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, v.sc.Location())
		return
	}
	v.sun.t, v.sun.on, v.sun.shown = t, true, true
	v.setSunTime(t)
}

// setSunTime moves the sun to t and turns it on.
func (v *viewer) setSunTime(t time.Time) {
	v.sun.t, v.sun.on = t, true
	up, err := applySun(v.r, v.sc, t)
	if err != nil {
		v.log.Warn("sun", "err", err)
		v.sun.on = false
	}
	v.sun.up = up
	v.dirty = true
}

// setSunOff turns the sun off: the fixed light, no shadows.
func (v *viewer) setSunOff() {
	v.sun.on, v.sun.playing = false, false
	if _, err := applySun(v.r, v.sc, time.Time{}); err != nil {
		v.log.Warn("sun", "err", err)
	}
	v.dirty = true
}

// updateSun answers the sun's keys and runs the animation: [ and ] move
// the hour, { and } the day (shift+[ and shift+]), P plays or pauses.
// Any of them opens the panel and turns the sun on.
func (v *viewer) updateSun() {
	shift := ebiten.IsKeyPressed(ebiten.KeyShift)
	var step time.Duration
	days := 0
	switch {
	case repeating(ebiten.KeyBracketLeft) && shift:
		days = -1
	case repeating(ebiten.KeyBracketRight) && shift:
		days = 1
	case repeating(ebiten.KeyBracketLeft):
		step = -time.Hour
	case repeating(ebiten.KeyBracketRight):
		step = time.Hour
	}
	if step != 0 || days != 0 {
		v.sun.shown = true
		v.setSunTime(v.sun.t.AddDate(0, 0, days).Add(step))
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyP) {
		v.sun.shown = true
		v.toggleSunPlay()
	}
	if v.sun.playing {
		now := time.Now()
		dt := now.Sub(v.sun.last).Seconds()
		v.sun.last = now
		rate := playRate
		if !v.sun.up {
			rate = playNightRate
		}
		t := v.sun.t.Add(time.Duration(min(dt, 0.5) * rate * float64(time.Second)))
		// Stay on the same day: wrap at midnight.
		if t.YearDay() != v.sun.t.YearDay() {
			t = t.AddDate(0, 0, -1)
		}
		v.setSunTime(t)
	}
}

func (v *viewer) toggleSunPlay() {
	v.sun.playing = !v.sun.playing
	v.sun.last = time.Now()
	if v.sun.playing && !v.sun.on {
		v.setSunTime(v.sun.t)
	}
}

// sunLabel is the panel's line: the date and time in the scene's zone,
// the sun's position or "sun down".
func (v *viewer) sunLabel() string {
	key := sunLabelKey{t: v.sun.t, on: v.sun.on, up: v.sun.up}
	if v.rooms.lang != nil {
		key.lang = v.rooms.lang.Code()
	}
	if key != v.sun.labelFor || v.sun.label == "" {
		v.sun.label, v.sun.labelFor = v.makeSunLabel(), key
	}
	return v.sun.label
}

func (v *viewer) makeSunLabel() string {
	t := v.sun.t
	s := t.Format("Mon 2 Jan 2006 15:04 MST")
	if !v.sun.on {
		return s + " · " + v.tr("sun off")
	}
	if !v.sun.up {
		return s + " · " + v.tr("sun down (night)")
	}
	dir, _ := v.sc.SunDirection(t)
	el := math.Asin(dir[2]) * 180 / math.Pi
	az := math.Mod(math.Atan2(dir[0], dir[1])*180/math.Pi+360, 360)
	return fmt.Sprintf("%s · %s %.0f° %s %.0f°", s, v.tr("sun"), el, v.tr("az"), az)
}

// sunBar returns where the tool bar's panel goes (bottom centre, above
// the status line and the live sources' lines) and its Sun and Measure
// buttons.
func (v *viewer) sunBar() (panel, sunB, measB ui.Rect) {
	th := v.theme
	p, t, lh := th.Pad(), th.Target(), th.LineH()
	bw := th.Dp(92)
	w := 3*bw + 4*p // Sun, Measure, Clear
	h := t + 2*p
	if v.sun.shown {
		w = max(w, min(float64(v.w)-2*p, th.Dp(520)))
		h += 2*(t+p) + lh + p
	}
	above := lh + 3*p // the status line
	if v.live != nil {
		above += float64(v.live.SourceLines()) * (lh + 3)
	}
	panel = ui.Rect{X: math.Round((float64(v.w) - w) / 2), Y: float64(v.h) - h - above, W: w, H: h}
	sunB = ui.Rect{X: panel.X + p, Y: panel.Y + p, W: bw, H: t}
	measB = ui.Rect{X: sunB.X + bw + p, Y: sunB.Y, W: bw, H: t}
	return panel, sunB, measB
}

// layoutSun records the bottom-centre tool bar (Sun and Measure buttons)
// and, while open, the time panel: the day-of-year and hour sliders, play
// and the date and time in the scene's zone.
func (v *viewer) layoutSun() {
	if v.opts.Rooms.Present && !v.sun.shown && !v.meas.on {
		return // slides keep the bottom centre for their captions; the keys still work
	}
	th := v.theme
	p, t, lh := th.Pad(), th.Target(), th.LineH()
	panel, sunB, measB := v.sunBar()
	v.ui.Panel(panel)
	col := ui.Column{Area: panel.Inset(p), Gap: p}
	row := col.Next(t)
	_, rest := row.CutLeft(sunB.W + measB.W + 2*p)
	bw := sunB.W
	if v.ui.Button("sun.toggle", sunB, v.tr("Sun"), v.sun.shown, ui.Plain) {
		v.sun.shown = !v.sun.shown
		if v.sun.shown && !v.sun.on {
			v.setSunTime(v.sun.t)
		} else if !v.sun.shown {
			v.setSunOff()
		}
	}
	if v.ui.Button("measure.toggle", measB, v.tr("Measure"), v.meas.on, ui.Plain) {
		v.setMeasuring(!v.meas.on)
	}
	if v.meas.on || len(v.meas.done) > 0 {
		clr, _ := rest.CutLeft(bw)
		if clr.W >= bw && v.ui.Button("measure.clear", clr, v.tr("Clear"), false, ui.Plain) {
			v.clearMeasures()
		}
	}
	if !v.sun.shown {
		return
	}
	v.ui.Label(col.Next(lh), v.sunLabel(), ui.Title)
	// Day of the year.
	row = col.Next(t)
	lab, sl := row.CutLeft(th.Dp(56))
	v.ui.Label(lab, v.tr("Day"), ui.Muted)
	day := float64(v.sun.t.YearDay())
	last := float64(time.Date(v.sun.t.Year(), 12, 31, 0, 0, 0, 0, time.UTC).YearDay())
	if nd := math.Round(v.ui.Slider("sun.day", sl, day, 1, last, 1)); nd != day {
		v.setSunTime(v.sun.t.AddDate(0, 0, int(nd-day)))
	}
	// Hour of the day, with play.
	row = col.Next(t)
	lab, rest = row.CutLeft(th.Dp(56))
	sl, play := rest.CutLeft(rest.W - bw - p)
	_, play = play.CutLeft(p)
	v.ui.Label(lab, v.tr("Hour"), ui.Muted)
	hour := float64(v.sun.t.Hour()) + float64(v.sun.t.Minute())/60
	if nh := v.ui.Slider("sun.hour", sl, hour, 0, 24-1.0/12, 0.25); nh != hour {
		mins := int(math.Round(nh*60/5)) * 5
		y, m, d := v.sun.t.Date()
		v.setSunTime(time.Date(y, m, d, mins/60, mins%60, 0, 0, v.sun.t.Location()))
	}
	label := v.tr("Play")
	if v.sun.playing {
		label = v.tr("Pause")
	}
	if v.ui.Button("sun.play", play, label, v.sun.playing, ui.Plain) {
		v.toggleSunPlay()
	}
}

// drawToolsShot burns the measuring figures into a screenshot and, with
// the sun on, its date and time under the title (and caption) top left.
func (v *viewer) drawToolsShot(img *ebiten.Image) {
	v.drawMeasure(img, v.drawn)
	if v.sun.on {
		th := v.theme
		p, lh := th.Pad(), th.LineH()
		y := 2*p + lh + p
		if v.opts.Rooms.Present && v.rooms.caption != "" {
			y += lh + p // below the caption
		}
		th.Text(img, v.sunLabel(), 2*p, y, th.TextColor, true)
	}
}

// updateTools answers the keys of the sun and of the measuring tool.
func (v *viewer) updateTools() {
	v.updateSun()
	v.updateMeasure()
	v.syncSwipeSun()
}

// syncSwipeSun lights the swipe comparison's baseline renderer (swipe.go)
// with the window's sun, so both sides show the same hour.
func (v *viewer) syncSwipeSun() {
	sw := &v.panel.swipe
	if sw.r == nil {
		return
	}
	dir, on := v.r.Sun()
	if d, o := sw.r.Sun(); o == on && (d == dir || !on) {
		return
	}
	if err := sw.r.SetSun(dir, on); err != nil {
		v.log.Warn("sun", "err", err)
		return
	}
	sw.dirty = true
}

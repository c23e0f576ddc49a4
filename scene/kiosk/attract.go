// Package kiosk is the exhibition's idle timer and attract mode, a pure
// state machine on an injected clock: after the scene's
// kiosk.idle_seconds without input it asks for a reset (fly to
// kiosk.home_view, the baseline, panels closed, the default language),
// then steps through kiosk.tour, one view per Dwell, looping, until
// someone touches the screen. It imports only scene; the viewer
// (citytwin/render/viewer) does what it asks.
//
//	a := kiosk.NewAttract(sc.Kiosk, sc.Views, now)
//	a.Input(now)             // on every touch, click or key
//	switch act := a.Tick(now); act.Kind { ... } // every frame
package kiosk

import (
	"time"

	"citytwin/scene"
)

// DefaultIdle is the idle time when the scene sets none.
const DefaultIdle = 120 * time.Second

// DefaultDwell is how long the tour stays on each view, flight included.
const DefaultDwell = 12 * time.Second

// ActionKind is what Tick asks the viewer to do.
type ActionKind uint8

// Actions.
const (
	None  ActionKind = iota
	Reset            // back to the home view and the baseline, panels closed, default language
	Show             // fly to Views[View], show its scenarios and caption (a tour step)
)

// Action is one thing to do, asked by Tick.
type Action struct {
	Kind ActionKind
	// View is the index in the scene's views: the home view for Reset
	// (-1: the scene's home camera), the tour's view for Show.
	View int
}

// Attract is the idle timer and the tour. The zero value is not usable:
// make one with NewAttract. It is not safe for concurrent use.
type Attract struct {
	// Idle is the time without input before the reset.
	Idle time.Duration
	// Dwell is the time on each view of the tour.
	Dwell time.Duration

	home  int   // index of kiosk.home_view (-1: the scene's home)
	tour  []int // indexes of kiosk.tour's views
	last  time.Time
	idle  bool // the reset was asked; the tour runs
	step  int  // the next tour step
	next  time.Time
	total int // resets so far
}

// NewAttract makes the timer for k over the scene's views (names not
// found are skipped), starting at now.
func NewAttract(k scene.Kiosk, views []scene.View, now time.Time) *Attract {
	a := &Attract{Idle: DefaultIdle, Dwell: DefaultDwell, home: -1, last: now}
	if k.IdleSeconds > 0 {
		a.Idle = time.Duration(k.IdleSeconds * float64(time.Second))
	}
	index := func(name string) int {
		for i, v := range views {
			if v.Name == name {
				return i
			}
		}
		return -1
	}
	a.home = index(k.HomeView)
	for _, n := range k.Tour {
		if i := index(n); i >= 0 {
			a.tour = append(a.tour, i)
		}
	}
	return a
}

// Input records input at now: the idle time starts again and the tour
// stops where it is.
func (a *Attract) Input(now time.Time) {
	a.last = now
	a.idle = false
}

// Idling reports whether the kiosk is in attract mode (reset, touring).
func (a *Attract) Idling() bool { return a.idle }

// Resets returns how many times the kiosk was reset.
func (a *Attract) Resets() int { return a.total }

// Tick returns what to do at now: a Reset once the idle time has passed,
// then a Show for each tour step (the first one Dwell after the reset).
// Between them it returns None.
func (a *Attract) Tick(now time.Time) Action {
	if !a.idle {
		if now.Sub(a.last) < a.Idle {
			return Action{}
		}
		a.idle, a.step, a.next = true, 0, now.Add(a.Dwell)
		a.total++
		return Action{Kind: Reset, View: a.home}
	}
	if len(a.tour) == 0 || now.Before(a.next) {
		return Action{}
	}
	v := a.tour[a.step%len(a.tour)]
	a.step++
	a.next = now.Add(a.Dwell)
	return Action{Kind: Show, View: v}
}

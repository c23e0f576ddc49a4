package kiosk

import (
	"testing"
	"time"

	"citytwin/scene"
)

func views() []scene.View {
	return []scene.View{{Name: "home"}, {Name: "harbour"}, {Name: "park"}, {Name: "towers"}}
}

// clock is a fake clock that the test moves.
type clock struct{ t time.Time }

func (c *clock) step(d time.Duration) time.Time { c.t = c.t.Add(d); return c.t }

func TestIdleResetThenTourLoops(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)}
	k := scene.Kiosk{IdleSeconds: 60, HomeView: "home", Tour: []string{"harbour", "missing", "park"}}
	a := NewAttract(k, views(), c.t)
	a.Dwell = 10 * time.Second
	var got []Action
	// A day of frames at 10 per second of fake time, with a visitor
	// touching the screen at 09:00 into the run.
	for i := 0; i < 2000; i++ {
		now := c.step(100 * time.Millisecond)
		if i == 1000 {
			a.Input(now)
		}
		if act := a.Tick(now); act.Kind != None {
			got = append(got, act)
		}
	}
	want := []Action{
		{Reset, 0},                                 // at 60 s
		{Show, 1}, {Show, 2}, {Show, 1}, {Show, 2}, // at 70, 80, 90, 100 s
	}
	if len(got) < len(want) {
		t.Fatalf("actions %v, want at least %v", got, want)
	}
	for i, w := range want {
		if got[i] != w {
			t.Fatalf("action %d: %v, want %v (all: %v)", i, got[i], w, got)
		}
	}
	if a.Resets() != 2 {
		t.Errorf("resets %d, want 2 (one before the visitor, one after)", a.Resets())
	}
}

func TestInputKeepsAwake(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	a := NewAttract(scene.Kiosk{IdleSeconds: 5}, nil, c.t)
	for i := 0; i < 100; i++ {
		now := c.step(time.Second)
		if i%4 == 0 {
			a.Input(now)
		}
		if act := a.Tick(now); act.Kind != None {
			t.Fatalf("at %d s: %v while a visitor is busy", i, act)
		}
	}
	c.step(5 * time.Second)
	if act := a.Tick(c.t); act.Kind != Reset || act.View != -1 {
		t.Errorf("got %v, want a reset to the scene's home", act)
	}
	if act := a.Tick(c.step(time.Hour)); act.Kind != None {
		t.Errorf("no tour but got %v", act)
	}
}

package viewer

import (
	"context"
	"slices"
	"time"

	"citytwin/live/screensync"
	"citytwin/scene"
)

// SyncOptions connect the viewer to a room of screens (screensync): a
// leader publishes what it shows, a follower shows what the leader
// publishes.
type SyncOptions struct {
	// URL is the room: mqtt+ws://host:port/path?topic=ROOM ("": no sync).
	URL string
	// Leader makes this screen the one that drives the room; otherwise it
	// follows.
	Leader bool
}

// syncFlight is how long a follower takes to ease to each camera the
// leader sends (they come up to 10 times a second).
const syncFlight = 350 * time.Millisecond

// syncState is the viewer's side of screen sync.
type syncState struct {
	started bool
	lead    *screensync.Leader
	follow  *screensync.Follower
	seq     uint64 // the follower's last applied state
	view    int    // the view index last applied
	stop    context.CancelFunc
}

// updateSync runs once per Update: it connects on the first call, then a
// leader publishes the current state (the leader rate-limits and skips
// unchanged states), a follower applies a new state it received.
func (v *viewer) updateSync() {
	sy := &v.sync
	if v.opts.Sync.URL == "" || v.frameHook != nil {
		return
	}
	if !sy.started {
		sy.started, sy.view = true, -1
		opts := screensync.Options{URL: v.opts.Sync.URL, Logger: v.log}
		ctx, stop := context.WithCancel(context.Background())
		sy.stop = stop
		var err error
		if v.opts.Sync.Leader {
			sy.lead, err = screensync.NewLeader(ctx, opts)
		} else {
			sy.follow, err = screensync.NewFollower(ctx, opts)
		}
		if err != nil {
			v.log.Warn("screen sync", "err", err)
		}
	}
	switch {
	case sy.lead != nil:
		sy.lead.Set(v.syncNow())
	case sy.follow != nil:
		if s, n := sy.follow.Latest(); n != sy.seq {
			sy.seq = n
			v.applySync(s)
		}
	}
}

// stopSync disconnects from the room (the window's end does it too).
func (v *viewer) stopSync() {
	if v.sync.stop != nil {
		v.sync.stop()
	}
}

// syncNow is what this screen shows, as a screensync.State.
func (v *viewer) syncNow() screensync.State {
	cam := v.nav.Camera()
	g := v.sc.Frame.ToGeo(cam.Target)
	s := screensync.State{Camera: screensync.Camera{Lon: g.Lon, Lat: g.Lat, Alt: g.Alt, Heading: cam.Heading,
		Pitch: cam.Pitch, Range: cam.Range, FOV: cam.FovY}, Scenarios: v.ev.Active, View: -1}
	if n := len(v.sc.Views); n > 0 && v.view > 0 {
		s.View = (v.view - 1) % n
	}
	if v.panel.swipe.on {
		s.Compare, s.Swipe = scene.BaselineID, v.panel.swipe.split
	}
	return s
}

// applySync shows state s: the camera eases there, the scenarios, the
// view's caption and the swipe follow.
func (v *viewer) applySync(s screensync.State) {
	c := s.Camera
	cam := scene.Camera{Target: v.sc.Frame.FromGeo(c.Lon, c.Lat, c.Alt), Heading: c.Heading, Pitch: c.Pitch,
		Range: c.Range, FovY: c.FOV}
	v.nav.FlyTo(cam, v.elapsed(), syncFlight)
	if !slices.Equal(v.ev.Active, s.Scenarios) {
		v.setScenarios(s.Scenarios)
	}
	if s.View != v.sync.view && s.View >= 0 && s.View < len(v.sc.Views) {
		v.view = s.View + 1
		v.panel.caption = v.tr(v.sc.Views[s.View].Caption)
		v.panel.captionW = 0
	}
	v.sync.view = s.View
	if on := s.Compare != ""; on != v.panel.swipe.on {
		v.toggleSwipe()
	}
	if v.panel.swipe.on && s.Swipe > 0 && s.Swipe < 1 && s.Swipe != v.panel.swipe.split {
		v.panel.swipe.split = s.Swipe
		v.panel.swipe.dirty = true
	}
	v.dirty = true
}

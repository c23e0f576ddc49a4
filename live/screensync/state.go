// Package screensync lets one viewer (the leader) drive others (the
// followers) through an MQTT broker, the same one that carries the
// sensors: the leader publishes a small JSON State, retained at QoS 1,
// whenever what it shows changes (at most MaxRate times a second);
// followers apply each State they receive, and one that joins late gets
// the retained State at once. It sits beside live's sources: it imports
// nothing of ours and no Ebiten, so it is tested without a window; the
// viewer's glue (render/viewer/sync.go) turns States into camera flights,
// scenarios, views and the swipe.
//
// Example:
//
//	lead, err := screensync.NewLeader(ctx, screensync.Options{URL: "mqtt+ws://broker:9001/mqtt?topic=room1"})
//	lead.Set(screensync.State{Camera: screensync.Camera{Lon: 7.42, Lat: 43.73, Pitch: -30, Range: 800}})
//
//	follow, err := screensync.NewFollower(ctx, screensync.Options{URL: "mqtt+ws://broker:9001/mqtt?topic=room1"})
//	if s, seq := follow.Latest(); seq != lastSeq { /* apply s */ }
package screensync

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Version is the State format's version; a State of another version is
// rejected.
const Version = 1

// Camera is where the leader looks, as the contract's -camera: the target
// in WGS84 degrees (Alt metres in the scene's vertical frame), the compass
// heading and the pitch in degrees, the range in metres, the vertical
// field of view in degrees (0: the default).
type Camera struct {
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	Alt     float64 `json:"alt"`
	Heading float64 `json:"heading"`
	Pitch   float64 `json:"pitch"`
	Range   float64 `json:"range"`
	FOV     float64 `json:"fov,omitempty"`
}

// State is what a leader shows, published as JSON:
//
//	{"v": 1, "camera": {"lon": 7.42, "lat": 43.73, "alt": 0, "heading": 20,
//	 "pitch": -30, "range": 800}, "scenarios": ["tower"], "view": 2,
//	 "compare": "baseline", "swipe": 0.5}
//
// View is the index of the scene's named view last chosen (-1 none);
// Compare, when not "", is the scenario shown left of the swipe divider,
// at Swipe (a fraction of the width).
type State struct {
	V         int      `json:"v"`
	Camera    Camera   `json:"camera"`
	Scenarios []string `json:"scenarios"`
	View      int      `json:"view"`
	Compare   string   `json:"compare,omitempty"`
	Swipe     float64  `json:"swipe,omitempty"`
}

// Equal reports whether s and t show the same thing (cameras within a
// millimetre and a hundredth of a degree).
func (s State) Equal(t State) bool {
	near := func(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
	a, b := s.Camera, t.Camera
	return near(a.Lon, b.Lon, 1e-8) && near(a.Lat, b.Lat, 1e-8) && near(a.Alt, b.Alt, 1e-3) &&
		near(a.Heading, b.Heading, 1e-2) && near(a.Pitch, b.Pitch, 1e-2) && near(a.Range, b.Range, 1e-3) &&
		near(a.FOV, b.FOV, 1e-2) && slices.Equal(s.Scenarios, t.Scenarios) && s.View == t.View &&
		s.Compare == t.Compare && near(s.Swipe, t.Swipe, 1e-4)
}

// Marshal returns s as JSON, with V set.
func (s State) Marshal() []byte {
	s.V = Version
	if s.Scenarios == nil {
		s.Scenarios = []string{}
	}
	b, _ := json.Marshal(s) // plain fields: cannot fail
	return b
}

// maxState bounds a State message, bytes.
const maxState = 64 << 10

// Parse reads a State and checks it: its version, finite numbers, a
// latitude and longitude in range, a positive range, a swipe in [0, 1].
func Parse(b []byte) (State, error) {
	var s State
	if len(b) > maxState {
		return s, fmt.Errorf("screensync: state of %d bytes, over %d", len(b), maxState)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return State{}, fmt.Errorf("screensync: %w", err)
	}
	if s.V != Version {
		return State{}, fmt.Errorf("screensync: state version %d, want %d", s.V, Version)
	}
	c := s.Camera
	for _, f := range []float64{c.Lon, c.Lat, c.Alt, c.Heading, c.Pitch, c.Range, c.FOV, s.Swipe} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return State{}, errors.New("screensync: a number is not finite")
		}
	}
	switch {
	case c.Lon < -180 || c.Lon > 180 || c.Lat < -90 || c.Lat > 90:
		return State{}, fmt.Errorf("screensync: camera at lon %g, lat %g: out of range", c.Lon, c.Lat)
	case c.Range <= 0:
		return State{}, fmt.Errorf("screensync: camera range %g: not positive", c.Range)
	case s.Swipe < 0 || s.Swipe > 1:
		return State{}, fmt.Errorf("screensync: swipe %g: not in [0, 1]", s.Swipe)
	}
	return s, nil
}

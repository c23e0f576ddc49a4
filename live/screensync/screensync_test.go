package screensync

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"citytwin/internal/mosquittotest"

	"github.com/eclipse/paho.golang/paho"
)

func TestStateRoundTrip(t *testing.T) {
	s := State{Camera: Camera{Lon: 7.42, Lat: 43.73, Alt: 5, Heading: 20, Pitch: -30, Range: 800},
		Scenarios: []string{"tower"}, View: 2, Compare: "baseline", Swipe: 0.4}
	got, err := Parse(s.Marshal())
	if err != nil || !got.Equal(s) || got.V != Version {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	moved := s
	moved.Camera.Heading += 1
	if moved.Equal(s) {
		t.Error("a turned camera is equal")
	}
	for _, bad := range []string{`{`, `{"v":2,"camera":{"range":1}}`, `{"v":1,"camera":{"range":0}}`,
		`{"v":1,"camera":{"lat":91,"range":1}}`, `{"v":1,"camera":{"range":1},"swipe":2}`, `[]`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
	for _, bad := range []string{"ws://h/?topic=a", "mqtt+ws://h/", "mqtt+ws://h/?topic=a/%23"} {
		if _, _, err := broker(bad); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
	if u, topic, err := broker("mqtt+wss://h:9001/mqtt?topic=room1"); err != nil || u.String() != "wss://h:9001/mqtt" || topic != "room1" {
		t.Errorf("broker: %v %q %v", u, topic, err)
	}
}

// waitState waits until f has received a state for which ok holds.
func waitState(t *testing.T, f *Follower, what string, ok func(State, uint64) bool) State {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s, n := f.Latest()
		if ok(s, n) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: last state %+v (%d received, error %q)", what, s, n, f.Err())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A leader's states reach a follower through a real mosquitto, rate
// limited; a follower that joins late gets the retained state at once.
func TestLeaderFollowerMosquitto(t *testing.T) {
	wsPort, _ := mosquittotest.Start(t)
	url := fmt.Sprintf("mqtt+ws://127.0.0.1:%d/?topic=citytwin/room1", wsPort)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	follow, err := NewFollower(ctx, Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	lead, err := NewLeader(ctx, Options{URL: url, MaxRate: 10})
	if err != nil {
		t.Fatal(err)
	}
	s := State{Camera: Camera{Lon: 7.42, Lat: 43.73, Heading: 10, Pitch: -30, Range: 800}, View: -1}
	lead.Set(s)
	waitState(t, follow, "first state", func(got State, _ uint64) bool { return got.Equal(s) })

	// A burst of 50 camera moves in 0.5 s: the follower ends on the last,
	// and the leader published at most about 10 a second.
	before := lead.Published()
	start := time.Now()
	for i := range 50 {
		s.Camera.Heading = float64(11 + i)
		s.Scenarios = []string{"tower"}
		lead.Set(s)
		time.Sleep(10 * time.Millisecond)
	}
	last := waitState(t, follow, "last of the burst", func(got State, _ uint64) bool { return got.Equal(s) })
	n, took := lead.Published()-before, time.Since(start).Seconds()
	if float64(n) > 10*took+2 {
		t.Errorf("%d states published in %.2f s, over 10 a second", n, took)
	}
	if len(last.Scenarios) != 1 || last.Scenarios[0] != "tower" {
		t.Errorf("scenarios %v", last.Scenarios)
	}

	// A screen joining now catches up from the retained state.
	late, err := NewFollower(ctx, Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, late, "retained state", func(got State, n uint64) bool { return n > 0 && got.Equal(s) })
	if lead.Err() != "" {
		t.Errorf("leader error %q", lead.Err())
	}
}

func TestFollowerKeepsGoodStateOnGarbage(t *testing.T) {
	f := &Follower{}
	f.receive(&paho.Publish{Payload: State{Camera: Camera{Range: 5}}.Marshal()})
	f.receive(&paho.Publish{Payload: []byte("not json")})
	if s, n := f.Latest(); n != 1 || s.Camera.Range != 5 || !strings.Contains(f.Err(), "screensync") {
		t.Errorf("after garbage: %+v, %d, %q", s, n, f.Err())
	}
}

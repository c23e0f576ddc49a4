package main

import (
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"citytwin/cmd/internal/viewflags"
	"citytwin/live"
	"citytwin/scene"
)

func TestStartLiveBadInput(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name string
		sc   scene.Scene
		urls []string
	}{
		{"scene url", scene.Scene{Live: []scene.LiveSource{{ID: "air", URL: "http://example.org"}}}, nil},
		{"scene format", scene.Scene{Live: []scene.LiveSource{{ID: "air", URL: "ws://127.0.0.1:1", Format: "xml"}}}, nil},
		{"-live url", scene.Scene{}, []string{"ftp://x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := startLive(&tt.sc, &viewflags.Options{Live: tt.urls}, false, log)
			if !errors.As(err, new(usageError)) {
				t.Errorf("got %v, want a usage error", err)
			}
		})
	}
}

func TestStartLiveNothing(t *testing.T) {
	lv, err := startLive(&scene.Scene{}, &viewflags.Options{}, false, nil)
	if err != nil || lv.opts != nil {
		t.Fatalf("no sources: got %+v, %v; want no live options", lv, err)
	}
	lv.stop()
}

// The demo runs the simulator in-process, placed over the scene, and
// connects to it like any other source; the scene's quantities reach the
// overlay.
func TestStartLiveDemo(t *testing.T) {
	origin := scene.Geo{Lon: 2.17, Lat: 41.39}
	sc := &scene.Scene{Origin: origin, Frame: scene.NewFrame(origin), Live: []scene.LiveSource{
		{ID: "down", URL: "ws://127.0.0.1:1", Quantities: map[string]scene.QuantityInfo{"no2": {Name: "NO2 here"}}}}}
	lv, err := startLive(sc, &viewflags.Options{}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lv.stop()
	if lv.opts == nil || lv.opts.Quantities["no2"].Name != "NO2 here" {
		t.Fatalf("live options %+v", lv.opts)
	}
	deadline := time.Now().Add(5 * time.Second)
	var v *live.View
	for time.Now().Before(deadline) {
		if v = lv.opts.Sensors.Snapshot(); len(v.Sensors) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(v.Sensors) == 0 {
		t.Fatal("no simulated sensor heard within 5 s")
	}
	s := v.Sensors[0]
	if p := sc.Frame.FromGeo(s.Lon, s.Lat, 0); p[0]*p[0]+p[1]*p[1] > 1000*1000 {
		t.Errorf("simulated sensor %s is %v m from the scene's origin", s.ID, p)
	}
	st := lv.opts.Statuses(nil)
	if len(st) != 2 || st[1].ID != "demo (simulated)" || st[1].State != live.StateLive {
		t.Errorf("statuses %+v", st)
	}
}

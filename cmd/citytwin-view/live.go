package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"time"

	"citytwin/cmd/internal/viewflags"
	"citytwin/live"
	"citytwin/live/sim"
	"citytwin/render/overlay"
	"citytwin/scene"
)

// liveSetup is what startLive started: the options the renderer reads and
// a stop function that ends the sources (and the simulator).
type liveSetup struct {
	opts *overlay.Options // nil: no live sources
	stop func()
}

// usageError is a problem with the command line or the scene's live[]
// entries (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

// startLive connects the scene's live[] sources and the -live URLs, and for
// the demo (no FILE) starts the simulator in-process over the scene and
// connects to it like any other source. It returns at once: readings
// arrive in the background. A bad URL or format is a usageError.
func startLive(sc *scene.Scene, o *viewflags.Options, demo bool, log *slog.Logger) (liveSetup, error) {
	var srcs []live.SourceOptions
	quantities := map[string]scene.QuantityInfo{}
	for i, ls := range sc.Live {
		f, err := live.ParseFormat(ls.Format)
		if err != nil {
			return liveSetup{}, usageError{fmt.Errorf("scene live[%d] (%s): %w", i, ls.ID, err)}
		}
		srcs = append(srcs, liveSourceOptions(live.SourceOptions{ID: ls.ID, URL: ls.URL, Format: f, TokenEnv: ls.TokenEnv, CAPEM: ls.CAPEM,
			History: historyOptions(ls)}, log))
		for k, q := range ls.Quantities {
			quantities[k] = q
		}
	}
	for _, u := range o.Live {
		srcs = append(srcs, liveSourceOptions(live.SourceOptions{URL: u}, log))
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopSim := func() {}
	if demo {
		// Sensors on the streets within demoSensorRadius of the scene's origin (the
		// demo district's centre), the same ones every run.
		so := sim.Options{Seed: 1, Logger: log, Center: [2]float64{sc.Origin.Lon, sc.Origin.Lat},
			Sites: streetSites(sc, demoSensorRadius)}
		url, stop, err := sim.Start(ctx, so)
		if err != nil {
			cancel()
			return liveSetup{}, fmt.Errorf("demo simulator: %w", err)
		}
		stopSim = stop
		srcs = append(srcs, liveSourceOptions(live.SourceOptions{ID: "demo (simulated)", URL: url}, log))
	}
	if len(srcs) == 0 {
		cancel()
		return liveSetup{stop: func() {}}, nil
	}
	reg := live.NewRegistry(live.RegistryOptions{})
	feed, err := live.StartFeed(ctx, reg, srcs)
	if err != nil {
		cancel()
		stopSim()
		return liveSetup{}, usageError{err}
	}
	stop := func() {
		cancel()
		feed.Wait()
		stopSim()
	}
	return liveSetup{
		opts: &overlay.Options{Sensors: reg, Statuses: feed.Statuses, Quantities: quantities, Ramp: o.Ramp},
		stop: stop,
	}, nil
}

// liveSourceOptions adds the viewer's defaults to a source: quick first
// reconnects, so a snapshot's -wait is not spent in backoff.
func liveSourceOptions(o live.SourceOptions, log *slog.Logger) live.SourceOptions {
	o.MinBackoff = 250 * time.Millisecond
	o.MaxBackoff = 15 * time.Second
	o.Logger = log
	return o
}

// demoSensorRadius (metres) reaches every view of a scene about the size
// of the demo district (Monaco's Larvotto view is 1.2 km from its centre).
const demoSensorRadius = 1500

// streetSites are places every 40 m along the scene's roads within radius
// metres of its origin, where simulated street sensors stand (none in the
// sea or on a roof); nil when the scene has no roads there.
func streetSites(sc *scene.Scene, radius float64) [][2]float64 {
	var out [][2]float64
	for _, s := range sc.LineSites("roads", 40) {
		p := sc.Frame.FromGeo(s[0], s[1], 0)
		if math.Hypot(p[0], p[1]) <= radius {
			out = append(out, s)
		}
	}
	return out
}

// historyOptions are the temporal API settings of a scene's live source,
// or nil when it names no temporal endpoint.
func historyOptions(ls scene.LiveSource) *live.TemporalOptions {
	if ls.Temporal == "" {
		return nil
	}
	hours := ls.TemporalHours
	if hours <= 0 {
		hours = 24
	}
	return &live.TemporalOptions{URL: ls.Temporal, Types: ls.TemporalTypes,
		Since: time.Now().Add(-time.Duration(hours * float64(time.Hour)))}
}

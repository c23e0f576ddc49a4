package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"citytwin/cmd/internal/viewflags"
	"citytwin/loaders/open"
	"citytwin/render/overlay"
	"citytwin/render/viewer"
	"citytwin/scene"
	"citytwin/scene/navigate"
)

// Exit statuses (CONTRACTS.md).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func run(args []string) int {
	fs := flag.NewFlagSet("citytwin-view", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	viewflags.Usage(fs, "")
	o, err := viewflags.Parse(args, fs)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		return exitUsage
	}
	wait := o.Wait
	viewer.TuneAllocator()
	level := slog.LevelWarn
	if os.Getenv("CITYTWIN_LOG") == "info" { // the kiosk's activity too (resets, tour, votes)
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	oo, err := o.OpenOptions(log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		return exitFailure
	}
	sc, err := openScene(o.Files, oo)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		if open.IsInputError(err) {
			return exitUsage
		}
		return exitFailure
	}
	cam, err := startCamera(sc, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		return exitUsage
	}
	if base, _, ok := o.Swipe(); ok {
		if _, err := sc.Evaluate(base); err != nil {
			fmt.Fprintln(os.Stderr, "citytwin-view: -compare:", err)
			return exitUsage
		}
	}
	if _, err := sc.Evaluate(o.Scenarios...); err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view: -scenario:", err)
		return exitUsage
	}
	// The demo is alive: the viewer (and a snapshot that waits for data)
	// runs the simulator in-process.
	demo := len(o.Files) == 0 && !o.Bench && (!o.Snapshot || wait > 0)
	lv, err := startLive(sc, o, demo, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		if errors.As(err, new(usageError)) {
			return exitUsage
		}
		return exitFailure
	}
	defer lv.stop()
	switch {
	case o.Snapshot:
		if lv.opts != nil {
			time.Sleep(wait)
		}
		return snapshot(sc, cam, o, lv.opts)
	case o.Bench:
		if o.CPUProfile != "" {
			f, err := os.Create(o.CPUProfile)
			if err != nil {
				fmt.Fprintln(os.Stderr, "citytwin-view:", err)
				return exitFailure
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				fmt.Fprintln(os.Stderr, "citytwin-view:", err)
				return exitFailure
			}
			defer pprof.StopCPUProfile()
		}
		res, err := viewer.Bench(sc, viewer.BenchOptions{Width: o.Width, Height: o.Height, Frames: o.Frames, Orbit: o.Orbit, Camera: cam, Scenarios: o.Scenarios, Start: start, Live: lv.opts, TileBudget: o.TileBudgetMiB << 20, Sun: o.Sun})
		if err != nil {
			fmt.Fprintln(os.Stderr, "citytwin-view:", err)
			return exitFailure
		}
		enc := json.NewEncoder(os.Stdout)
		if err := enc.Encode(res); err != nil {
			return exitFailure
		}
		return exitOK
	default:
		err := viewer.Run(sc, viewer.Options{Width: o.Width, Height: o.Height, Camera: cam, Scenarios: o.Scenarios, Kiosk: o.Kiosk, Logger: log, Live: lv.opts, TileBudget: o.TileBudgetMiB << 20, UIScale: o.UIScale, Sun: o.Sun,
			Rooms: viewer.Rooms{Present: o.Present, Screenshots: o.Screenshots, Lang: o.Lang, HighContrast: o.Theme == "high-contrast", Votes: o.Votes, Multitouch: o.Multitouch, Now: kioskClock()},
			Sync:  viewer.SyncOptions{URL: o.Sync.URL, Leader: o.Sync.Role == "leader"}})
		if err != nil {
			fmt.Fprintln(os.Stderr, "citytwin-view:", err)
			return exitFailure
		}
		return exitOK
	}
}

// start is when the process started (for bench's load_ms).
var start = time.Now()

// openScene opens files with opts, or the built-in demo without files.
func openScene(files []string, opts open.Options) (*scene.Scene, error) {
	if len(files) == 0 {
		return open.Demo()
	}
	return open.FilesWith(files, opts)
}

// startCamera picks the camera: -camera, else -view, else the scene's home,
// else a view of everything.
func startCamera(sc *scene.Scene, o *viewflags.Options) (scene.Camera, error) {
	if o.Camera != "" {
		return parseCamera(o.Camera, sc.Frame, o.Fov)
	}
	if o.View != "" {
		for _, v := range sc.Views {
			if v.Name == o.View {
				c := v.Camera
				c.FovY = o.Fov
				o.Scenarios = append(o.Scenarios, v.Scenarios...)
				return c, nil
			}
		}
		return scene.Camera{}, fmt.Errorf("-view %q: the scene has no such view", o.View)
	}
	if sc.Home.Range > 0 {
		c := sc.Home
		c.FovY = o.Fov
		return c, nil
	}
	b := scene.EmptyBox()
	for _, l := range sc.Layers {
		b = b.Union(l.Bounds)
	}
	return navigate.HomeCamera(b, float64(o.Width)/float64(o.Height), o.Fov), nil
}

func snapshot(sc *scene.Scene, cam scene.Camera, o *viewflags.Options, lv *overlay.Options) int {
	so := viewer.SnapshotOptions{Width: o.Width, Height: o.Height, Camera: cam, Scenarios: o.Scenarios, Live: lv, TileBudget: o.TileBudgetMiB << 20, Sun: o.Sun}
	if base, split, ok := o.Swipe(); ok {
		so.Compare, so.Split = []string{base}, split
	}
	img, err := viewer.Snapshot(sc, so)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		return exitFailure
	}
	if err := writePNG(o.Out, img); err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		return exitFailure
	}
	return exitOK
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

// kioskClock is the kiosk's clock: nil (time.Now), or, for soak tests,
// one running CITYTWIN_CLOCK_SPEED times faster than the wall clock.
func kioskClock() func() time.Time {
	speed, err := strconv.ParseFloat(os.Getenv("CITYTWIN_CLOCK_SPEED"), 64)
	if err != nil || speed <= 0 {
		return nil
	}
	t0 := time.Now()
	return func() time.Time { return t0.Add(time.Duration(float64(time.Since(t0)) * speed)) }
}

package main

import (
	"citytwin/loaders/open"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"citytwin/render"
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
	o, err := parseFlags(args, fs)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		return exitUsage
	}
	wait, err := parseWait(o.wait)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		return exitUsage
	}
	render.TuneAllocator()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	sc, err := openScene(o.files, open.TileMode(o.tiles), log)
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
	if _, err := sc.Evaluate(o.scenarios...); err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view: -scenario:", err)
		return exitUsage
	}
	// The demo is alive: the viewer (and a snapshot that waits for data)
	// runs the simulator in-process.
	demo := len(o.files) == 0 && !o.bench && (!o.snapshot || wait > 0)
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
	case o.snapshot:
		if lv.opts != nil {
			time.Sleep(wait)
		}
		return snapshot(sc, cam, o, lv.opts)
	case o.bench:
		if o.cpuprofile != "" {
			f, err := os.Create(o.cpuprofile)
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
		res, err := render.Bench(sc, render.BenchOptions{Width: o.width, Height: o.height, Frames: o.frames, Orbit: o.orbit, Camera: cam, Scenarios: o.scenarios, Start: start, Live: lv.opts, TileBudget: o.tileBudget << 20})
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
		err := render.RunViewer(sc, render.ViewerOptions{Width: o.width, Height: o.height, Camera: cam, Scenarios: o.scenarios, Kiosk: o.kiosk, Logger: log, Live: lv.opts, TileBudget: o.tileBudget << 20})
		if err != nil {
			fmt.Fprintln(os.Stderr, "citytwin-view:", err)
			return exitFailure
		}
		return exitOK
	}
}

// start is when the process started (for bench's load_ms).
var start = time.Now()

func openScene(files []string, tiles open.TileMode, log *slog.Logger) (*scene.Scene, error) {
	if len(files) == 0 {
		return open.Demo()
	}
	return open.FilesWith(files, open.Options{Logger: log, Tiles: tiles})
}

// startCamera picks the camera: -camera, else -view, else the scene's home,
// else a view of everything.
func startCamera(sc *scene.Scene, o *options) (scene.Camera, error) {
	if o.camera != "" {
		return parseCamera(o.camera, sc.Frame, o.fov)
	}
	if o.view != "" {
		for _, v := range sc.Views {
			if v.Name == o.view {
				c := v.Camera
				c.FovY = o.fov
				o.scenarios = append(o.scenarios, v.Scenarios...)
				return c, nil
			}
		}
		return scene.Camera{}, fmt.Errorf("-view %q: the scene has no such view", o.view)
	}
	if sc.Home.Range > 0 {
		c := sc.Home
		c.FovY = o.fov
		return c, nil
	}
	b := scene.EmptyBox()
	for _, l := range sc.Layers {
		b = b.Union(l.Bounds)
	}
	return navigate.HomeCamera(b, float64(o.width)/float64(o.height), o.fov), nil
}

func snapshot(sc *scene.Scene, cam scene.Camera, o *options, lv *render.LiveOptions) int {
	img, err := render.Snapshot(sc, render.SnapshotOptions{Width: o.width, Height: o.height, Camera: cam, Scenarios: o.scenarios, Live: lv, TileBudget: o.tileBudget << 20})
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin-view:", err)
		return exitFailure
	}
	if err := writePNG(o.out, img); err != nil {
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

package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"citytwin/loaders/open"
	"citytwin/render"
	"citytwin/scene"
)

// options are the command-line flags (CONTRACTS.md: the viewer, snapshot
// and bench share them).
type options struct {
	snapshot, bench bool
	out             string
	width, height   int
	camera          string
	view            string
	scenarios       multi
	fov             float64
	frames          int
	orbit           bool
	kiosk           bool
	live            multi
	lang            string
	wait            string
	files           []string
	cpuprofile      string
	tiles           string
	tileBudget      int64 // MiB
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// sizeFlag parses WxH.
type sizeFlag struct{ w, h *int }

func (s sizeFlag) String() string {
	if s.w == nil {
		return ""
	}
	return fmt.Sprintf("%dx%d", *s.w, *s.h)
}

func (s sizeFlag) Set(v string) error {
	a, b, ok := strings.Cut(strings.ToLower(v), "x")
	w, err1 := strconv.Atoi(a)
	h, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || w <= 0 || h <= 0 || w > 16384 || h > 16384 {
		return fmt.Errorf("want WIDTHxHEIGHT in pixels, like 1280x720")
	}
	*s.w, *s.h = w, h
	return nil
}

func parseFlags(args []string, fs *flag.FlagSet) (*options, error) {
	o := &options{width: 1280, height: 720, frames: 300}
	fs.BoolVar(&o.snapshot, "snapshot", false, "render one frame to -o and exit")
	fs.BoolVar(&o.bench, "bench", false, "measure frame times and print JSON")
	fs.StringVar(&o.out, "o", "", "output PNG of -snapshot")
	fs.Var(sizeFlag{&o.width, &o.height}, "size", "picture or window size WxH")
	fs.StringVar(&o.camera, "camera", "", "camera LON,LAT,ALT,HEADING,PITCH,RANGE (degrees, metres)")
	fs.StringVar(&o.view, "view", "", "named view of the scene")
	fs.Var(&o.scenarios, "scenario", "active scenario id (repeatable)")
	fs.Float64Var(&o.fov, "fov", 45, "vertical field of view in degrees")
	fs.IntVar(&o.frames, "frames", 300, "frames of -bench")
	fs.BoolVar(&o.orbit, "orbit", false, "-bench: keep the camera moving so every frame is redrawn")
	fs.BoolVar(&o.kiosk, "kiosk", false, "fullscreen exhibition mode")
	fs.Var(&o.live, "live", "live source URL (repeatable)")
	fs.StringVar(&o.lang, "lang", "", "user interface language")
	fs.StringVar(&o.wait, "wait", "", "-snapshot: wait this long for live data")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile to this file (for -bench)")
	fs.Int64Var(&o.tileBudget, "tile-budget", render.DefaultTileBudget>>20, "memory in MiB that a streamed tileset may hold (tiles out of view are evicted)")
	fs.StringVar(&o.tiles, "tiles", "auto", "3D Tiles: stream (load the tiles the view needs), load (everything up front), auto (stream tilesets over 32 MiB)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o.files = fs.Args()
	if o.snapshot && o.bench {
		return nil, fmt.Errorf("-snapshot and -bench exclude each other")
	}
	if o.snapshot && o.out == "" {
		return nil, fmt.Errorf("-snapshot needs -o OUT.png")
	}
	if o.fov <= 0 || o.fov >= 180 {
		return nil, fmt.Errorf("-fov %g: want degrees between 0 and 180", o.fov)
	}
	if _, err := open.ParseTileMode(o.tiles); err != nil {
		return nil, fmt.Errorf("-tiles: %w", err)
	}
	if o.tileBudget <= 0 || o.tileBudget > 1<<20 {
		return nil, fmt.Errorf("-tile-budget %d: want MiB between 1 and 1048576", o.tileBudget)
	}
	if o.frames <= 0 {
		return nil, fmt.Errorf("-frames %d: want a positive count", o.frames)
	}
	return o, nil
}

// parseCamera reads LON,LAT,ALT,HEADING,PITCH,RANGE into a camera in the
// scene's local frame: the target's x, y from the frame at height 0, z=ALT.
func parseCamera(s string, f *scene.Frame, fov float64) (scene.Camera, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 6 {
		return scene.Camera{}, fmt.Errorf("-camera %q: want LON,LAT,ALT,HEADING,PITCH,RANGE", s)
	}
	var v [6]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return scene.Camera{}, fmt.Errorf("-camera %q: value %d: %w", s, i+1, err)
		}
		v[i] = x
	}
	if v[1] < -90 || v[1] > 90 || v[0] < -180 || v[0] > 360 {
		return scene.Camera{}, fmt.Errorf("-camera %q: longitude/latitude out of range", s)
	}
	if v[5] <= 0 {
		return scene.Camera{}, fmt.Errorf("-camera %q: range must be positive metres", s)
	}
	t := f.FromGeo(v[0], v[1], 0)
	return scene.Camera{Target: scene.Vec3{t[0], t[1], v[2]}, Heading: v[3], Pitch: v[4], Range: v[5], FovY: fov}, nil
}

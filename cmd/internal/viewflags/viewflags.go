// Package viewflags is the command line of citytwin's window commands (the
// viewer, snapshot and bench; CONTRACTS.md). It links no Ebiten, so the
// citytwin command checks these flags and prints their usage where no
// display exists, before it starts citytwin-view, which parses them again.
//
// It embeds the IANA time zone database (time/tzdata), so that both
// executables read scene time zones on machines without zoneinfo.
package viewflags

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // scene time zones where the system has no zoneinfo

	"citytwin/loaders/limit"
	"citytwin/loaders/open"
	"citytwin/scene/sun"
)

// MaxFileMBUsage is the help text of -max-file-mb, shared by every command
// that loads files.
const MaxFileMBUsage = "largest file loaded, in `MiB`, for every kind (default: GeoJSON and glTF 1024, 3D Tiles contents 256, scene files 64)"

// DefaultTileBudgetMiB is the memory a streamed tileset may hold unless
// -tile-budget says otherwise.
const DefaultTileBudgetMiB = 512

// Options are the parsed flags.
//
// Sun is -sun YYYY-MM-DDTHH:MM: the wall-clock date and time to light the
// scene at (shadows on), its fields held in a UTC Time; the zero Time when
// not given (the scene's own "sun", else no sun). The scene's time zone is
// only known once it is loaded: the viewer reads the clock there with
// scene.Scene.LocalTime(o.Sun).
type Options struct {
	Snapshot, Bench bool
	Out             string // -o: the snapshot's PNG
	Width, Height   int
	Camera          string // LON,LAT,ALT,HEADING,PITCH,RANGE
	View            string
	Scenarios       Multi
	Fov             float64
	Frames          int
	Orbit           bool
	Kiosk           bool
	Live            Multi
	Lang            string
	Wait            time.Duration // -wait: how long a snapshot waits for live data
	Sun             time.Time     // -sun, see Options
	Files           []string
	CPUProfile      string
	Tiles           string // open.TileMode: auto, stream or load
	TileBudgetMiB   int64
	UIScale         float64 // -ui-scale: interface size on top of the monitor's scale
	// MaxFileMB (-max-file-mb), when positive, replaces the size limit of
	// every kind of file loaded (see Limits).
	MaxFileMB int64
	Cache     CacheFlags // -cache, -cache-mb
	// Compare is the scenario drawn left of the swipe divider (-compare;
	// "" with Split 0: no swipe picture).
	Compare string
	// Split is where the swipe divider stands, as a fraction of the width
	// (-split; 0: 0.5).
	Split       float64
	Present     bool      // -present: named views are slides, fullscreen
	Screenshots string    // -screenshots: the folder F12 writes to
	Theme       string    // -theme: default or high-contrast
	Votes       string    // -votes: the visitors' votes CSV
	Multitouch  bool      // -multitouch: read the kernel's touch devices (Linux)
	CrashLog    string    // -crash-log: where citytwin -kiosk logs window crashes
	Ramp        string    // -ramp: "" (the bands' colours) or cividis
	Sync        SyncFlags // -sync, -sync-role
}

// Swipe reports whether a snapshot draws the swipe picture (-compare or
// -split given), and the scenario on its left.
func (o *Options) Swipe() (base string, split float64, ok bool) {
	if o.Compare == "" && o.Split == 0 {
		return "", 0, false
	}
	base, split = o.Compare, o.Split
	if base == "" {
		base = "baseline"
	}
	if split == 0 {
		split = 0.5
	}
	return base, split, true
}

// CheckMaxFileMB checks a -max-file-mb value (0: the defaults), for every
// command that has the flag.
func CheckMaxFileMB(mb int64) error {
	if mb < 0 || mb > 1<<30 {
		return fmt.Errorf("-max-file-mb %d: want MiB between 1 and 1073741824 (0: the defaults)", mb)
	}
	return nil
}

// Limits returns the loaders' size limits that -max-file-mb asks for
// (limit's defaults without it), for open.Options.Limits.
func (o *Options) Limits() limit.Limits { return limit.MaxFileMB(o.MaxFileMB) }

// Themes are the values -theme accepts.
var Themes = []string{"default", "high-contrast"}

// Languages are the codes -lang accepts (citytwin/assets/i18n's; this
// package links no catalogues, a test checks the two agree).
var Languages = []string{"en", "de", "fr", "el"}

// Multi is a repeatable string flag.
type Multi []string

// String joins the values with commas.
func (m *Multi) String() string { return strings.Join(*m, ",") }

// Set appends v.
func (m *Multi) Set(v string) error { *m = append(*m, v); return nil }

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

// waitFlag parses a non-negative duration.
type waitFlag struct{ d *time.Duration }

func (w waitFlag) String() string {
	if w.d == nil || *w.d == 0 {
		return ""
	}
	return w.d.String()
}

func (w waitFlag) Set(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return fmt.Errorf("want a duration such as 2s")
	}
	*w.d = d
	return nil
}

// sunFlag parses a local date-time YYYY-MM-DDTHH:MM.
type sunFlag struct{ t *time.Time }

func (f sunFlag) String() string {
	if f.t == nil || f.t.IsZero() {
		return ""
	}
	return f.t.Format(sun.LocalLayout)
}

func (f sunFlag) Set(v string) error {
	t, err := sun.ParseLocal(v, time.UTC)
	if err != nil {
		return err
	}
	*f.t = t
	return nil
}

// usages are the synopsis lines of each mode ("" is the viewer).
var usages = map[string]string{
	"": "Usage: citytwin [-kiosk | -present] [-live URL]... [-lang CODE] [-view NAME] [-scenario ID]... [-sun YYYY-MM-DDTHH:MM] [-votes FILE] [FILE...]\n\n" +
		"Opens the viewer window. FILE is a scene file (.json), a model (.glb, .gltf), a 3D Tiles\n" +
		"tileset (tileset.json, or an http(s)://…/tileset.json URL) or a layer (.geojson).\n" +
		"With no FILE it opens the built-in demo with a simulated live feed.\n" +
		"Needs a display (under Xvfb it works headless).\n",
	"snapshot": "Usage: citytwin snapshot -o OUT.png [-size WxH] [-view NAME | -camera LON,LAT,ALT,HEADING,PITCH,RANGE]\n" +
		"                         [-scenario ID]... [-compare BASE] [-split F] [-fov DEG] [-sun YYYY-MM-DDTHH:MM] [-live URL]... [-wait 2s] [FILE...]\n\n" +
		"Renders one frame exactly as the viewer would and writes a PNG, then exits. With -compare\n" +
		"(or -split) it writes the swipe picture: BASE (default baseline) left of a divider at\n" +
		"fraction F of the width (default 0.5), the -scenario right of it.\n" +
		"Needs a display; under Xvfb it works headless (xvfb-run -a citytwin snapshot ...).\n",
	"bench": "Usage: citytwin bench [-frames 300] [-size WxH] [-orbit] [-live URL]... [FILE...]\n\n" +
		"Measures the viewer's own work on this machine and prints one JSON object\n" +
		"(frames, fps, frame_ms, prepare_ms, triangles, draw_calls, load_ms, rss_mb, ...).\n",
}

// Usage sets fs's usage text for mode ("" for the viewer, "snapshot" or
// "bench") after its flags are defined by Parse.
func Usage(fs *flag.FlagSet, mode string) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usages[mode], "\nFlags:\n")
		fs.PrintDefaults()
	}
}

// Define adds the flags to fs, writing into o (defaults set).
func Define(fs *flag.FlagSet, o *Options) {
	*o = Options{Width: 1280, Height: 720, Frames: 300, Fov: 45, Tiles: "auto", TileBudgetMiB: DefaultTileBudgetMiB, UIScale: 1, Theme: "default", Multitouch: true}
	fs.BoolVar(&o.Snapshot, "snapshot", false, "render one frame to -o and exit (citytwin snapshot)")
	fs.BoolVar(&o.Bench, "bench", false, "measure frame times and print JSON (citytwin bench)")
	fs.StringVar(&o.Out, "o", "", "output `PNG` of a snapshot")
	fs.Var(sizeFlag{&o.Width, &o.Height}, "size", "picture or window size `WxH` (default 1280x720)")
	fs.StringVar(&o.Camera, "camera", "", "camera `LON,LAT,ALT,HEADING,PITCH,RANGE` (degrees, metres; as Cesium's HeadingPitchRange)")
	fs.StringVar(&o.View, "view", "", "start from the scene's view `NAME`")
	fs.Var(&o.Scenarios, "scenario", "switch on scenario `ID` (repeatable)")
	fs.StringVar(&o.Compare, "compare", "", "snapshot: draw the swipe picture with scenario `BASE` left of the divider (default baseline when -split is given)")
	fs.Float64Var(&o.Split, "split", 0, "snapshot: the swipe divider at `fraction` F of the width (default 0.5)")
	fs.Float64Var(&o.Fov, "fov", o.Fov, "vertical field of view in `degrees`")
	fs.IntVar(&o.Frames, "frames", o.Frames, "frames to measure (bench)")
	fs.BoolVar(&o.Orbit, "orbit", false, "keep the camera moving so every frame is redrawn (bench)")
	fs.BoolVar(&o.Kiosk, "kiosk", false, "fullscreen exhibition mode")
	fs.Var(&o.Live, "live", "also show live source `URL` (ws://, wss://, mqtt+ws://...?topic=, mqtt://host:port?topic=; repeatable)")
	fs.StringVar(&o.Lang, "lang", "", "user interface language `CODE`: en, de, fr or el")
	fs.BoolVar(&o.Present, "present", false, "presentation: fullscreen, the scene's named views are slides (PageDown/PageUp, arrows, Space; B blanks)")
	fs.StringVar(&o.Screenshots, "screenshots", "", "`DIR` where F12 and the screenshot button save PNGs (default: the current folder)")
	fs.StringVar(&o.Theme, "theme", o.Theme, "interface `theme`: default or high-contrast (black and white, larger)")
	fs.StringVar(&o.Votes, "votes", "", "append visitors' votes to `FILE` (CSV: time,scenario,reason,lang) and show the voting button")
	fs.StringVar(&o.Ramp, "ramp", "", "live markers' colours: the bands' own (default) or `cividis` (colour-blind safe)")
	fs.StringVar(&o.CrashLog, "crash-log", "", "kiosk: append window crashes (with their stack) to `FILE` (default: citytwin/crashes.log in the user's cache folder)")
	fs.BoolVar(&o.Multitouch, "multitouch", o.Multitouch, "read the kernel's multi-touch devices (Linux evdev) for pinch and twist")
	fs.Float64Var(&o.UIScale, "ui-scale", o.UIScale, "interface size `factor` on top of the monitor's device scale (e.g. 1.5 for a touch table)")
	fs.Var(waitFlag{&o.Wait}, "wait", "wait this `long` for live data before the snapshot (e.g. 2s)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile to `FILE` (bench)")
	fs.Int64Var(&o.TileBudgetMiB, "tile-budget", o.TileBudgetMiB, "`MiB` a streamed tileset may hold (tiles out of view are evicted)")
	fs.Var(sunFlag{&o.Sun}, "sun", "light the scene at local `YYYY-MM-DDTHH:MM` in the scene's time zone (timezone, default UTC), with shadows")
	fs.Int64Var(&o.MaxFileMB, "max-file-mb", 0, MaxFileMBUsage)
	DefineCache(fs, &o.Cache)
	DefineSync(fs, &o.Sync)
	fs.StringVar(&o.Tiles, "tiles", o.Tiles, "3D Tiles: stream (load the tiles the view needs), load (everything up front), auto (stream tilesets over 32 MiB)")
}

// Parse defines the flags on fs, parses args and checks the values.
func Parse(args []string, fs *flag.FlagSet) (*Options, error) {
	o := &Options{}
	Define(fs, o)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o.Files = fs.Args()
	if err := o.Check(); err != nil {
		return nil, err
	}
	return o, nil
}

// Check checks the values of parsed flags that each parse on its own but
// not together (a snapshot without -o) or out of range.
func (o *Options) Check() error {
	switch {
	case o.Snapshot && o.Bench:
		return fmt.Errorf("-snapshot and -bench exclude each other")
	case o.Snapshot && o.Out == "":
		return fmt.Errorf("a snapshot needs -o OUT.png")
	case o.Fov <= 0 || o.Fov >= 180:
		return fmt.Errorf("-fov %g: want degrees between 0 and 180", o.Fov)
	case o.TileBudgetMiB <= 0 || o.TileBudgetMiB > 1<<20:
		return fmt.Errorf("-tile-budget %d: want MiB between 1 and 1048576", o.TileBudgetMiB)
	case !(o.UIScale >= 0.5 && o.UIScale <= 4):
		return fmt.Errorf("-ui-scale %g: want a factor between 0.5 and 4", o.UIScale)
	case CheckMaxFileMB(o.MaxFileMB) != nil:
		return CheckMaxFileMB(o.MaxFileMB)
	case o.Split < 0 || o.Split >= 1:
		return fmt.Errorf("-split %g: want a fraction between 0 and 1", o.Split)
	case o.Theme != Themes[0] && o.Theme != Themes[1]:
		return fmt.Errorf("-theme %q: want default or high-contrast", o.Theme)
	case o.Lang != "" && !slices.Contains(Languages, o.Lang):
		return fmt.Errorf("-lang %q: want one of %s", o.Lang, strings.Join(Languages, ", "))
	case o.Ramp != "" && o.Ramp != "cividis":
		return fmt.Errorf("-ramp %q: want cividis (or nothing for the bands' colours)", o.Ramp)
	case o.Frames <= 0:
		return fmt.Errorf("-frames %d: want a positive count", o.Frames)
	}
	if _, err := open.ParseTileMode(o.Tiles); err != nil {
		return fmt.Errorf("-tiles: %w", err)
	}
	if err := o.Sync.Check(); err != nil {
		return err
	}
	return o.Cache.Check()
}

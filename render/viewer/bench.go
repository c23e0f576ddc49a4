package viewer

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render"
	"citytwin/render/overlay"
	"citytwin/scene"
)

// BenchOptions configures Bench.
type BenchOptions struct {
	// Width and Height are the window size (0: 1280×720).
	Width, Height int
	// Frames is the number of frames measured (0: 300), after a few
	// warm-up frames.
	Frames int
	// Orbit turns the camera a little every frame, so every frame is fully
	// redrawn (sorted); otherwise the camera stays still and the cached
	// picture is composited.
	Orbit bool
	// Camera is the camera (a zero Range: the scene's home).
	Camera scene.Camera
	// Scenarios are the active scenario ids.
	Scenarios []string
	// Build makes the layers' meshes (nil: DefaultBuilder).
	Build render.MeshBuilder
	// Start is when the process started, for LoadMS (zero: when Bench is
	// called).
	Start time.Time
	// Live, when set, draws live sensors and adds the "live" figures.
	Live *overlay.Options
	// TileBudget is the memory, in bytes, that each streamed tileset may
	// hold (0: render.DefaultTileBudget).
	TileBudget int64
	// Sun lights the scene with shadows (viewer Options.Sun).
	Sun time.Time
}

// BenchResult is the JSON object `citytwin bench` prints (CONTRACTS.md).
type BenchResult struct {
	Frames    int       `json:"frames"`
	FPS       float64   `json:"fps"`
	FrameMS   Quantiles `json:"frame_ms"`
	PrepareMS Quantiles `json:"prepare_ms"`
	Triangles int       `json:"triangles"`
	DrawCalls int       `json:"draw_calls"`
	LoadMS    float64   `json:"load_ms"`
	RSSMB     float64   `json:"rss_mb"`
	// RSSMaxMB is the most the process held resident (VmHWM), loading
	// included: what /usr/bin/time -v reports as maximum resident set size.
	RSSMaxMB float64 `json:"rss_max_mb"`
	Mode     string  `json:"mode"`
	Width    int     `json:"width"`
	Height   int     `json:"height"`
	// TilesMS is the time from start until every tile the view needs was
	// loaded (streamed tilesets only; 0 when the frames ran out first),
	// TilesMB what the streamed tiles held at the end.
	TilesMS float64 `json:"tiles_ms,omitempty"`
	TilesMB float64 `json:"tiles_mb,omitempty"`
	// Live is set when the bench ran with live sources.
	Live *overlay.BenchResult `json:"live,omitempty"`
}

// Quantiles of a duration sample, in milliseconds.
type Quantiles struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	Max float64 `json:"max"`
}

// warmupFrames are drawn before measuring.
const warmupFrames = 10

// Bench runs the viewer without input for opts.Frames frames with vsync off
// and measures it. Frame times are the wall time between successive Draw
// calls; prepare is the CPU time of the renderer before its draw calls
// (zero for frames that only composite the cached picture). Triangles and
// DrawCalls are the most that one redraw of the 3D picture submitted (for
// a still camera, the exact picture composited every frame). It must be called from the
// main goroutine and needs a display.
func Bench(sc *scene.Scene, opts BenchOptions) (BenchResult, error) {
	if opts.Width <= 0 || opts.Height <= 0 {
		opts.Width, opts.Height = 1280, 720
	}
	if opts.Frames <= 0 {
		opts.Frames = 300
	}
	if opts.Start.IsZero() {
		opts.Start = time.Now()
	}
	v, err := newViewer(sc, Options{Width: opts.Width, Height: opts.Height, Camera: opts.Camera, Scenarios: opts.Scenarios, Build: opts.Build, Live: opts.Live, TileBudget: opts.TileBudget, Sun: opts.Sun})
	if err != nil {
		return BenchResult{}, err
	}
	v.mem = &memoryTuner{}
	res := BenchResult{Frames: opts.Frames, Mode: "still", Width: opts.Width, Height: opts.Height}
	if opts.Orbit {
		res.Mode = "orbit"
	}
	var frames, prepares []float64
	var last time.Time
	var liveFrom overlay.Counters
	n := 0
	v.frameHook = func(v *viewer) {
		now := time.Now()
		if n == 0 {
			res.LoadMS = ms(now.Sub(opts.Start))
		}
		if res.TilesMS == 0 && v.r.Streaming() && v.r.TilesSettled() {
			res.TilesMS = ms(now.Sub(opts.Start))
		}
		if n == warmupFrames && opts.Live != nil {
			liveFrom = overlay.ReadCounters(opts.Live)
		}
		if n > warmupFrames {
			frames = append(frames, ms(now.Sub(last)))
			prepares = append(prepares, ms(v.stats.Prepare))
			res.Triangles = max(res.Triangles, v.redraw.Triangles)
			res.DrawCalls = max(res.DrawCalls, v.redraw.DrawCalls)
		}
		last = now
		n++
		if opts.Orbit {
			c := v.nav.Camera()
			c.Heading += 360.0 / float64(opts.Frames)
			v.nav.SetCamera(c)
		}
	}
	ebiten.SetWindowSize(opts.Width, opts.Height)
	ebiten.SetWindowTitle("citytwin bench")
	ebiten.SetVsyncEnabled(false)
	ebiten.SetTPS(ebiten.SyncWithFPS)
	g := &benchGame{viewer: v, want: opts.Frames + warmupFrames + 1, n: &n}
	if err := ebiten.RunGame(g); err != nil && !errors.Is(err, ebiten.Termination) {
		return res, fmt.Errorf("bench: %w", err)
	}
	if v.err != nil {
		return res, fmt.Errorf("bench: %w", v.err)
	}
	// Each sample is the interval from one Draw to the next, which holds
	// the earlier Draw's work: its stats are the ones recorded with it.
	res.FrameMS = quantiles(frames)
	total := 0.0
	for _, f := range frames {
		total += f
	}
	if total > 0 {
		res.FPS = float64(len(frames)) / total * 1000
	}
	res.PrepareMS = quantiles(prepares)
	res.RSSMB = procStatusMB("VmRSS")
	res.RSSMaxMB = procStatusMB("VmHWM")
	res.TilesMB = round2(float64(v.r.TileStats().Bytes) / (1 << 20))
	if opts.Live != nil && v.live != nil {
		res.Live = overlay.Bench(opts.Live, liveFrom, overlay.ReadCounters(opts.Live), v.live.Markers())
	}
	return res, nil
}

// benchGame stops the viewer after the wanted number of frames.
type benchGame struct {
	*viewer
	want int
	n    *int
}

func (g *benchGame) Update() error {
	if *g.n >= g.want {
		return ebiten.Termination
	}
	return g.viewer.Update()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func quantiles(xs []float64) Quantiles {
	if len(xs) == 0 {
		return Quantiles{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	at := func(q float64) float64 { return s[min(int(q*float64(len(s))), len(s)-1)] }
	return Quantiles{P50: round2(at(0.5)), P95: round2(at(0.95)), Max: round2(s[len(s)-1])}
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// procStatusMB reads a memory field of /proc/self/status (VmRSS: the
// resident set size; VmHWM: its peak) in MiB (0 elsewhere).
func procStatusMB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, err := strconv.ParseFloat(f[0], 64)
				if err == nil {
					return round2(kb / 1024)
				}
			}
		}
	}
	return 0
}

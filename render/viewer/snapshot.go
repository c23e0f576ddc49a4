package viewer

import (
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render"
	"citytwin/render/overlay"
	"citytwin/render/ui"
	"citytwin/scene"
)

// SnapshotOptions says what Snapshot draws.
type SnapshotOptions struct {
	// Width and Height are the picture size in pixels (0: 1280×720).
	Width, Height int
	// Camera is the camera to draw from (its FovY 0 means 45°).
	Camera scene.Camera
	// Scenarios are the ids of the active scenarios (none: the baseline).
	Scenarios []string
	// Build makes the layers' meshes (nil: DefaultBuilder).
	Build render.MeshBuilder
	// Live, when set, draws the live sensors as they are at the frame.
	Live *overlay.Options
	// TileBudget is the memory, in bytes, that each streamed tileset may
	// hold (0: render.DefaultTileBudget).
	TileBudget int64
	// Compare, when not nil, makes the swipe picture: the scenarios
	// Compare (empty: the baseline) left of a divider at Split (a fraction
	// of the width, 0: 0.5), Scenarios right of it. Each side is the plain
	// snapshot of its scenarios, pixel for pixel, apart from the 2-pixel
	// divider (SwipePicture).
	Compare []string
	Split   float64
	// Sun is a wall-clock date and time read in the scene's time zone to
	// light the scene at, with shadows (zero: the scene's Sun, else none).
	Sun time.Time
}

// Snapshot renders one frame of sc exactly as the viewer does at rest
// (exact depth) and returns it. It runs Ebiten's game loop for the frame,
// so it needs a display (Xvfb works), must be called from the main
// goroutine, and cannot be called while another Ebiten game runs.
func Snapshot(sc *scene.Scene, opts SnapshotOptions) (*image.RGBA, error) {
	if opts.Width <= 0 || opts.Height <= 0 {
		opts.Width, opts.Height = 1280, 720
	}
	g, err := newSnapshotGame(sc, opts)
	if err != nil {
		return nil, err
	}
	ebiten.SetWindowSize(min(opts.Width, 640), min(opts.Height, 360))
	ebiten.SetWindowTitle("citytwin snapshot")
	ebiten.SetScreenClearedEveryFrame(true)
	if err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: true, SkipTaskbar: true}); err != nil && !errors.Is(err, ebiten.Termination) {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if g.err != nil {
		return nil, fmt.Errorf("snapshot: %w", g.err)
	}
	return g.out, nil
}

// newSnapshotGame evaluates the scenarios a snapshot draws.
func newSnapshotGame(sc *scene.Scene, opts SnapshotOptions) (*snapshotGame, error) {
	ev, err := sc.Evaluate(opts.Scenarios...)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	g := &snapshotGame{sc: sc, ev: ev, opts: opts}
	if opts.Compare != nil {
		if g.base, err = sc.Evaluate(opts.Compare...); err != nil {
			return nil, fmt.Errorf("snapshot: compare: %w", err)
		}
	}
	return g, nil
}

type snapshotGame struct {
	sc   *scene.Scene
	ev   *scene.Evaluation
	base *scene.Evaluation // left of the swipe divider, or nil
	opts SnapshotOptions
	out  *image.RGBA
	err  error
}

func (g *snapshotGame) Update() error {
	g.out, g.err = renderPicture(g.sc, g.ev, g.opts)
	if g.err == nil && g.base != nil {
		var left *image.RGBA
		if left, g.err = renderPicture(g.sc, g.base, g.opts); g.err == nil {
			split := g.opts.Split
			if split <= 0 || split >= 1 {
				split = 0.5
			}
			g.out = SwipePicture(left, g.out, split)
		}
	}
	return ebiten.Termination
}

// renderPicture draws one exact frame of ev with the overlay and reads it
// back. It must run inside the game loop.
func renderPicture(sc *scene.Scene, ev *scene.Evaluation, opts SnapshotOptions) (*image.RGBA, error) {
	r, err := render.NewRenderer()
	if err != nil {
		return nil, err
	}
	r.SetTileBudget(opts.TileBudget)
	r.SetScene(sc, ev, opts.Build)
	tintChanges(r, sc, ev)
	defer r.Close()
	if _, err := applySun(r, sc, startSun(sc, opts.Sun)); err != nil {
		return nil, err
	}
	r.LoadTiles(opts.Camera, opts.Width, opts.Height) // streamed tilesets: the view's tiles, all of them
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, opts.Width, opts.Height), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	r.Draw(img, opts.Camera, render.Exact)
	if segs := ghosts(sc, ev); len(segs) > 0 {
		pr := r.Projector(opts.Camera, opts.Width, opts.Height)
		drawGhosts(img, &pr, segs, 1.5)
	}
	if opts.Live != nil && opts.Live.Sensors != nil {
		if err := overlay.DrawSnapshot(img, r, sc, opts.Camera, *opts.Live); err != nil {
			return nil, err
		}
	}
	DrawHUD(img, ui.NewTheme(1), &HUD{Attribution: Attribution(ev.Layers), Status: StatusLine(sc, ev, false, nil)})
	out := image.NewRGBA(image.Rect(0, 0, opts.Width, opts.Height))
	img.ReadPixels(out.Pix)
	return out, nil
}

func (g *snapshotGame) Draw(*ebiten.Image) {}

func (g *snapshotGame) Layout(w, h int) (int, int) { return w, h }

package viewer

import (
	"errors"
	"fmt"
	"image"
	"log/slog"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"citytwin/render"
	"citytwin/render/overlay"
	"citytwin/render/pick"
	"citytwin/render/ui"
	"citytwin/scene"
	"citytwin/scene/navigate"
)

// Options configures Run.
type Options struct {
	// Width and Height are the window size in pixels (0: 1280×720).
	Width, Height int
	// Camera is the starting camera; a zero Range starts at the scene's
	// home (or a view of everything).
	Camera scene.Camera
	// Scenarios are the ids of the scenarios active at start.
	Scenarios []string
	// Kiosk opens fullscreen.
	Kiosk bool
	// Build makes the layers' meshes (nil: DefaultBuilder).
	Build render.MeshBuilder
	// Logger receives problems met while running (nil: discarded).
	Logger *slog.Logger
	// Live, when set, draws live sensors over the city.
	Live *overlay.Options
	// TileBudget is the memory, in bytes, that each streamed tileset may
	// hold (0: render.DefaultTileBudget).
	TileBudget int64
	// UIScale multiplies the size of the interface on top of the
	// monitor's device scale factor (0: 1).
	UIScale float64
	// Rooms sets up presentations, kiosks, touch tables and languages
	// (rooms.go).
	Rooms Rooms
	// Sun is a wall-clock date and time read in the scene's time zone
	// (scene.Scene.LocalTime) to light the scene at, with shadows; zero:
	// the scene's own Sun, else no sun (the fixed light).
	Sun time.Time
	// Sync leads or follows a room of screens (sync.go).
	Sync SyncOptions
}

// Run opens the viewer window on sc and returns when it is closed.
// It must be called from the main goroutine and needs a display.
//
// Mouse: left drag orbits, right drag (or shift+left) pans, ctrl+drag tilts,
// the wheel zooms towards the cursor, a click shows a feature's properties.
// Keys: arrows move (shift+arrows turn), PageUp/PageDown tilt, +/- zoom,
// Home returns home, 1–9 show a scenario and 0 the baseline, V steps
// through the named views, Escape clears the selection. With live sensors,
// a click or tap on a marker shows its card, Q (or a tap on the legend)
// colours the markers by the next quantity. The sun: [ and ] move it an
// hour, { and } a day, P plays or pauses the day (the Sun button opens its
// panel); M (or the Measure button) measures, Escape clears the figures.
func Run(sc *scene.Scene, opts Options) error {
	if opts.Width <= 0 || opts.Height <= 0 {
		opts.Width, opts.Height = 1280, 720
	}
	v, err := newViewer(sc, opts)
	if err != nil {
		return err
	}
	v.mem = &memoryTuner{}
	defer v.stopSync() // leave the room when the window closes
	ebiten.SetWindowSize(opts.Width, opts.Height)
	ebiten.SetWindowTitle(windowTitle(sc))
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetFullscreen(opts.Kiosk)
	if err := ebiten.RunGame(v); err != nil && !errors.Is(err, ebiten.Termination) {
		return fmt.Errorf("viewer: %w", err)
	}
	if errors.Is(v.err, ebiten.Termination) {
		return nil // the kiosk's operator left
	}
	return v.err
}

func windowTitle(sc *scene.Scene) string {
	if sc.Name == "" {
		return "citytwin"
	}
	return sc.Name + " — citytwin"
}

// viewer is the window's ebiten.Game.
type viewer struct {
	sc     *scene.Scene
	ev     *scene.Evaluation
	opts   Options
	log    *slog.Logger
	r      *render.Renderer
	meshes []render.LayerMeshes
	ix     pick.Index
	nav    *navigate.Controller
	in     pointerInput

	pic    *ebiten.Image // the cached 3D picture
	drawn  scene.Camera  // camera of pic
	dirty  bool          // the scene changed: redraw
	exact  bool          // pic was drawn exactly
	stats  render.Stats  // this frame's (zero when only composited)
	redraw render.Stats  // the last redraw's
	hud    HUD
	theme  *ui.Theme
	ui     ui.Context // the widgets (ui.go)
	panel  panelState // the side panel, cross-fade and swipe (panel.go)
	w, h   int

	downX, downY int
	view         int
	picked       [2]int // layer, feature; feature -1: none
	tilePicked   bool   // a streamed tile's feature is highlighted
	err          error
	live         *overlay.Overlay
	liveEv       *scene.Evaluation // the scenario the live markers were placed for

	tileFailures int // streamed tiles that failed, logged (tileview.go)
	// tilesDrawn is the TilesDrawn the live markers were placed for, at
	// tilesPlaced (tileview.go).
	tilesDrawn  uint64
	tilesPlaced time.Time

	// frameHook, when set, runs at the start of every Draw (bench).
	frameHook func(v *viewer)
	// mem sets the collector's target from the live heap (memory.go):
	// the viewer and bench, not tests.
	mem *memoryTuner
	// rooms is the state of presentations, kiosks and touch (rooms.go).
	rooms roomsState

	sun  sunView      // the sun, its time panel and keys (sun.go)
	meas measureState // the measuring tool (measure.go)
	sync syncState    // screen sync (sync.go)
}

func newViewer(sc *scene.Scene, opts Options) (*viewer, error) {
	ev, err := sc.Evaluate(opts.Scenarios...)
	if err != nil {
		return nil, fmt.Errorf("viewer: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	v := &viewer{sc: sc, ev: ev, opts: opts, log: log, dirty: true, picked: [2]int{-1, -1}, w: opts.Width, h: opts.Height, theme: ui.NewTheme(opts.UIScale)}
	v.in.start = time.Now()
	return v, nil
}

// init builds what needs the running game: shaders, chunks, the pick index.
func (v *viewer) init() error {
	r, err := render.NewRenderer()
	if err != nil {
		return err
	}
	v.r = r
	r.SetTileBudget(v.opts.TileBudget)
	v.meshes = render.GroundOnly(r.SetScene(v.sc, v.ev, v.opts.Build))
	tintChanges(r, v.sc, v.ev)
	v.rebuildPick()
	home := v.opts.Camera
	if home.Range <= 0 {
		home = v.sc.Home
	}
	if home.Range <= 0 {
		home = navigate.HomeCamera(r.Bounds(), float64(v.w)/float64(v.h), 0)
	}
	v.nav = navigate.New(home, r.Bounds())
	v.nav.SetViewport(float64(v.w), float64(v.h))
	v.updateStatus()
	v.initLive()
	v.initSun()
	if v.mem != nil {
		v.mem.loaded()
	}
	return nil
}

func (v *viewer) rebuildPick() {
	v.ix.Reset()
	for i := range max(len(v.meshes), v.r.SolidLayers()) {
		var ground []scene.Mesh
		if i < len(v.meshes) {
			ground = v.meshes[i].Ground
		}
		v.r.AddPick(&v.ix, i, ground)
	}
	v.ix.Build()
}

func (v *viewer) Update() error {
	if v.err != nil {
		return v.err
	}
	if v.r == nil {
		if err := v.init(); err != nil {
			v.err = err
			return err
		}
	}
	v.updateTiles()
	if v.mem != nil {
		v.mem.tick(time.Now())
	}
	if v.frameHook != nil {
		return nil // bench: no input
	}
	v.nav.Tick(time.Since(v.in.start))
	events := v.roomsInput(v.in.poll())
	captured := v.tickUI()
	v.updateTools()
	for _, e := range events {
		if captured && e.Kind != navigate.KeyPress {
			continue // the pointer works a widget
		}
		v.nav.Handle(e)
		switch e.Kind {
		case navigate.PointerDown:
			v.downX, v.downY = int(e.X), int(e.Y)
		case navigate.PointerUp:
			if e.Buttons == 0 && abs(int(e.X)-v.downX)+abs(int(e.Y)-v.downY) <= 3 {
				v.tapAt(e.X, e.Y)
			}
		}
	}
	for k := ebiten.Key0; k <= ebiten.Key9; k++ {
		if inpututil.IsKeyJustPressed(k) {
			v.showScenario(int(k - ebiten.Key0))
		}
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyV) && len(v.sc.Views) > 0 {
		view := v.sc.Views[v.view%len(v.sc.Views)]
		v.view++
		v.nav.FlyTo(view.Camera, time.Since(v.in.start), 0)
		v.setScenarios(view.Scenarios)
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyEscape) {
		v.selectFeature(-1, -1)
	}
	v.updateLive(inpututil.IsKeyJustPressed(ebiten.KeyQ), inpututil.IsKeyJustPressed(ebiten.KeyEscape))
	v.roomsUpdate()
	v.updateSync()
	return nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// pickAt selects the feature under pixel (x, y).
func (v *viewer) pickAt(x, y float64) {
	if v.pickLive(x, y) {
		return
	}
	pr := v.r.Projector(v.nav.Camera(), v.w, v.h)
	o, d := pr.Ray(x, y)
	hit, ok := v.ix.Pick(o, d)
	if th, tok := v.r.PickTiles(o, d); tok && (!ok || th.Dist < hit.Dist) {
		v.showTileFeature(th) // a streamed tileset (tilepick.go)
		return
	}
	if !ok || hit.Feature < 0 || hit.Layer >= len(v.ev.Layers) {
		v.selectFeature(-1, -1)
		return
	}
	v.selectFeature(hit.Layer, hit.Feature)
}

// selectFeature selects feature f of layer l (f < 0: none): highlight and panel.
func (v *viewer) selectFeature(l, f int) {
	if v.picked == [2]int{l, f} && !v.tilePicked {
		return
	}
	if v.tilePicked {
		v.tilePicked = false
		v.r.HighlightTile(-1, -1, -1)
	}
	v.picked = [2]int{l, f}
	v.r.Highlight(l, f)
	v.dirty = true
	v.hud.Panel = nil
	if f >= 0 {
		v.hud.Panel = PropertiesPanel(v.ev.Layers[l], v.ev, f)
	}
}

// showScenario shows scenario n (1-based, in scene order), or the baseline
// for 0.
func (v *viewer) showScenario(n int) {
	if n == 0 {
		v.setScenarios(nil)
		return
	}
	if n <= len(v.sc.Scenarios) {
		v.setScenarios([]string{v.sc.Scenarios[n-1].ID})
	}
}

func (v *viewer) setScenarios(ids []string) {
	ev, err := v.sc.Evaluate(ids...)
	if err != nil {
		v.log.Warn("scenario", "ids", ids, "err", err)
		return
	}
	v.startFade()
	v.meshes = render.GroundOnly(v.r.UpdateScene(v.sc, v.ev, ev, v.meshes, v.opts.Build))
	tintChanges(v.r, v.sc, ev)
	v.ev = ev
	v.rebuildPick()
	v.dirty = true
	if v.picked[1] >= 0 && v.picked[0] < len(ev.Layers) {
		v.hud.Panel = PropertiesPanel(ev.Layers[v.picked[0]], ev, v.picked[1])
	}
	v.updateStatus()
}

func (v *viewer) updateStatus() {
	v.hud.Status = StatusLine(v.sc, v.ev, true, v.tr)
	v.hud.Attribution = Attribution(v.ev.Layers)
}

// Draw redraws the cached 3D picture when the camera or the scene changed
// (sorted while moving, exact once at rest) and composites it with the UI.
func (v *viewer) Draw(screen *ebiten.Image) {
	if v.r == nil {
		return
	}
	if v.frameHook != nil {
		v.frameHook(v)
	}
	b := screen.Bounds()
	if v.pic == nil || v.pic.Bounds().Dx() != b.Dx() || v.pic.Bounds().Dy() != b.Dy() {
		if v.pic != nil {
			v.pic.Deallocate()
		}
		v.pic = ebiten.NewImageWithOptions(image.Rect(0, 0, b.Dx(), b.Dy()), &ebiten.NewImageOptions{Unmanaged: true})
		v.dirty = true
	}
	cam := v.nav.Camera()
	v.stats = render.Stats{}
	switch {
	case v.dirty || cam != v.drawn:
		mode := render.Sorted
		if v.dirty && (cam == v.drawn || v.drawn == (scene.Camera{})) {
			// The scene changed, not the camera; or this is the first
			// picture, which would be redrawn exact at once anyway (and
			// a sorted one would grow Ebiten's queue by every vertex).
			mode = render.Exact
		}
		v.stats = v.r.Draw(v.pic, cam, mode)
		v.drawn, v.dirty, v.exact = cam, false, mode == render.Exact
		v.redraw = v.stats
	case !v.exact && !v.nav.Dragging() && !v.nav.Flying():
		v.stats = v.r.Draw(v.pic, cam, render.Exact)
		v.exact = true
		v.redraw = v.stats
	}
	screen.DrawImage(v.pic, nil)
	v.drawCompare(screen, cam)
	v.drawLive(screen, cam)
	v.drawMeasure(screen, cam)
	DrawHUD(screen, v.theme, &v.hud)
	v.ui.Draw(screen)
	v.drawRooms(screen)
}

// Layout makes the game screen the window size in device pixels (the
// window's size times the monitor's device scale factor), so the picture
// is sharp on high-density screens, and scales the UI to match.
func (v *viewer) Layout(w, h int) (int, int) {
	if s := ebiten.Monitor().DeviceScaleFactor(); s > 1 {
		w, h = int(float64(w)*s), int(float64(h)*s)
		v.theme.Scale = s * v.uiScale()
	}
	if w != v.w || h != v.h {
		v.w, v.h = w, h
		if v.nav != nil {
			v.nav.SetViewport(float64(w), float64(h))
		}
	}
	return w, h
}

// uiScale is the user's scale of the interface (Options.UIScale, 1 when
// unset).
func (v *viewer) uiScale() float64 {
	if v.opts.UIScale > 0 {
		return v.opts.UIScale
	}
	return 1
}

package render

import (
	"bytes"
	"image"
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/loaders/tiles3d"
	"citytwin/render/tiles"
	"citytwin/scene"
)

var genOrigin = scene.Geo{Lon: 4.83, Lat: 45.76}

// smallTileset is three levels over 400 m, errors 64, 32 and 0 m.
var smallTileset = genTileset{Origin: genOrigin, Size: 400, Levels: 3, PerLeaf: 1, Error: 64}

// openGenerated writes g into a temporary folder and opens it lazily.
func openGenerated(t testing.TB, g genTileset) *scene.Layer {
	t.Helper()
	dir := t.TempDir()
	g.write(t, dir)
	l, err := tiles3d.Open(os.DirFS(dir), "tileset.json", tiles3d.Options{Frame: scene.NewFrame(g.Origin)})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func streamRenderer(t testing.TB, tree *scene.TileTree) *Renderer {
	t.Helper()
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetTiles(0, tree)
	t.Cleanup(r.Close)
	return r
}

// drawView draws cam exactly on a 320×240 picture.
func drawView(r *Renderer, cam scene.Camera) *image.RGBA {
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, 320, 240), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	r.Draw(img, cam, Exact)
	out := image.NewRGBA(img.Bounds())
	img.ReadPixels(out.Pix)
	return out
}

// downAt looks straight down at (x, y) from range metres.
func downAt(x, y, rng float64) scene.Camera {
	return scene.Camera{Target: scene.Vec3{x, y, 0}, Pitch: -90, Range: rng}
}

// levelOf returns the level whose roof colour is at the picture's centre
// (-1: none).
func levelOf(img *image.RGBA) int {
	c := img.RGBAAt(160, 120)
	for l, lc := range levelColors {
		if sameColor(c, shaded(lc, up), 6) {
			return l
		}
	}
	return -1
}

func TestStreamDrawsDetailTheViewNeeds(t *testing.T) {
	l := openGenerated(t, smallTileset)
	r := streamRenderer(t, l.Tiles)
	// Root 64 m, level 1 32 m; refined above 16 px with a focal of 290 px:
	// the root under 1160 m, level 1 under 580 m.
	for _, tc := range []struct {
		rng   float64
		level int
	}{{3000, 0}, {800, 1}, {150, 2}, {3000, 0}} {
		cam := downAt(150, 150, tc.rng)
		r.LoadTiles(cam, 320, 240)
		img := drawView(r, cam)
		if !r.TilesSettled() {
			t.Errorf("range %g: not settled after LoadTiles", tc.rng)
		}
		if got := levelOf(img); got != tc.level {
			t.Errorf("range %g: centre shows level %d (%v), want %d", tc.rng, got, img.RGBAAt(160, 120), tc.level)
		}
	}
	if st := r.TileStats(); st.Loaded < 3 || st.Failed != 0 {
		t.Errorf("stats %+v: want at least a tile per level and no failure", st)
	}
}

func TestStreamSnapshotIsDeterministic(t *testing.T) {
	l := openGenerated(t, smallTileset)
	near := downAt(150, 150, 150)
	fresh := streamRenderer(t, l.Tiles)
	fresh.LoadTiles(near, 320, 240)
	a := drawView(fresh, near)
	// Another renderer that saw the whole tileset from afar first.
	warm := streamRenderer(t, l.Tiles)
	far := downAt(200, 200, 3000)
	warm.LoadTiles(far, 320, 240)
	drawView(warm, far)
	warm.LoadTiles(near, 320, 240)
	b := drawView(warm, near)
	if !bytes.Equal(a.Pix, b.Pix) {
		t.Error("the same view drew different pictures depending on what was loaded before")
	}
}

func TestStreamKeepsParentUntilChildrenLoad(t *testing.T) {
	l := openGenerated(t, smallTileset)
	gate := make(chan struct{})
	tree := *l.Tiles
	load := tree.Load
	tree.Load = func(i int) (*scene.Layer, error) {
		if tree.Nodes[i].Depth > 0 {
			<-gate
		}
		return load(i)
	}
	r := streamRenderer(t, &tree)
	defer close(gate)
	near := downAt(150, 150, 150)
	s := r.tiles.streams[0]
	for _, ok := s.Content(0); !ok; _, ok = s.Content(0) {
		drawView(r, near) // asks for the tiles, the root first
		s.WaitDone()
		r.UpdateTiles()
	}
	img := drawView(r, near)
	if got := levelOf(img); got != 0 {
		t.Errorf("children not loaded: centre shows level %d, want the root (0) drawn in their place", got)
	}
	if r.TilesSettled() {
		t.Error("settled while children are missing")
	}
}

func TestStreamEvictsUnderBudget(t *testing.T) {
	l := openGenerated(t, genTileset{Origin: genOrigin, Size: 400, Levels: 3, PerLeaf: 4, Error: 64})
	r := streamRenderer(t, l.Tiles)
	a, b := downAt(60, 60, 120), downAt(340, 340, 120)
	r.LoadTiles(a, 320, 240)
	drawView(r, a)
	need := r.TileStats().Bytes
	r.SetTileBudget(need + need/5)
	r.LoadTiles(b, 320, 240)
	img := drawView(r, b)
	st := r.TileStats()
	if st.Evicted == 0 {
		t.Errorf("nothing evicted: %+v, budget %d", st, need+need/5)
	}
	if st.Bytes > need+need/5 {
		t.Errorf("holds %d bytes, over the budget of %d", st.Bytes, need+need/5)
	}
	if !r.TilesSettled() || levelOf(img) != 2 {
		t.Errorf("view b: settled %v, level %d; want the leaves", r.TilesSettled(), levelOf(img))
	}
	// A budget smaller than one tile: the loads under way finish (the
	// root first), nothing more is loaded, and LoadTiles returns.
	r2 := streamRenderer(t, l.Tiles)
	r2.SetTileBudget(1)
	r2.LoadTiles(b, 320, 240)
	if st := r2.TileStats(); st.Loaded > tiles.Workers {
		t.Errorf("tiny budget: %d tiles loaded, want at most %d (one per loader)", st.Loaded, tiles.Workers)
	}
	if got := levelOf(drawView(r2, b)); got < 0 || got > 1 {
		t.Errorf("tiny budget: centre shows level %d, want a coarse tile (0 or 1)", got)
	}
}

func TestPickTiles(t *testing.T) {
	l := openGenerated(t, smallTileset)
	r := streamRenderer(t, l.Tiles)
	near := downAt(150, 150, 150)
	r.LoadTiles(near, 320, 240)
	drawView(r, near)
	pr := r.Projector(near, 320, 240)
	o, d := pr.Ray(160, 120)
	h, ok := r.PickTiles(o, d)
	if !ok {
		t.Fatal("the ray down the middle met no streamed feature")
	}
	if got := h.Tile.Features[h.Feature].Properties["tile"]; got != "tiles/2_1_1.glb" {
		t.Errorf("picked a feature of %v, want tiles/2_1_1.glb (the leaf under the camera)", got)
	}
	// The leaf's roof is 20 m high, the camera 150 m above the ground.
	if h.Dist < 129 || h.Dist > 131 {
		t.Errorf("hit at %.1f m, want 130 m", h.Dist)
	}
	if _, ok := r.PickTiles(o, scene.Vec3{0, 0, 1}); ok {
		t.Error("a ray up into the sky met a feature")
	}
}

func TestUpdateTilesAsksForRedraw(t *testing.T) {
	l := openGenerated(t, smallTileset)
	r := streamRenderer(t, l.Tiles)
	far := downAt(150, 150, 3000) // the root only
	if r.UpdateTiles() {
		t.Error("a redraw asked for before anything was loaded")
	}
	drawView(r, far) // asks for the root
	r.tiles.streams[0].WaitDone()
	if !r.UpdateTiles() {
		t.Error("the root arrived and nothing more is loading, but no redraw was asked for")
	}
	if r.UpdateTiles() {
		t.Error("a redraw asked for twice for the same tiles")
	}
	if got := levelOf(drawView(r, far)); got != 0 {
		t.Errorf("centre shows level %d, want the root", got)
	}
}

// TestStreamCoarsensUnderTightBudget checks that a view whose tiles do not
// fit in the budget settles on coarser tiles that do.
func TestStreamCoarsensUnderTightBudget(t *testing.T) {
	l := openGenerated(t, genTileset{Origin: genOrigin, Size: 400, Levels: 3, PerLeaf: 8, Error: 64})
	near := downAt(340, 340, 120)
	full := streamRenderer(t, l.Tiles)
	full.LoadTiles(near, 320, 240)
	if got := levelOf(drawView(full, near)); got != 2 {
		t.Fatalf("with room: centre shows level %d, want the leaves", got)
	}
	need := full.TileStats().Bytes
	r := streamRenderer(t, l.Tiles)
	r.SetTileBudget(need / 3)
	r.LoadTiles(near, 320, 240)
	img := drawView(r, near)
	if !r.TilesSettled() {
		t.Errorf("not settled with a third of the %d bytes the view needs: %+v", need, r.TileStats())
	}
	if got := levelOf(img); got < 0 || got > 1 {
		t.Errorf("tight budget: centre shows level %d, want a coarser tile (0 or 1)", got)
	}
	if st := r.TileStats(); st.Bytes > need/3 {
		t.Errorf("holds %d bytes, over the budget of %d", st.Bytes, need/3)
	}
}

// While the camera moves (Sorted), streamed buildings smaller than
// StreamMovingPixels are skipped when the tiles drawn hold more than
// StreamMovingParts; the exact picture keeps them.
func TestStreamMovingPixels(t *testing.T) {
	l := openGenerated(t, smallTileset)
	r := streamRenderer(t, l.Tiles)
	cam := downAt(150, 150, 3000)
	r.LoadTiles(cam, 320, 240)
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, 320, 240), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	r.StreamMovingPixels = 0
	all := r.Draw(img, cam, Sorted)
	r.StreamMovingPixels = 1e6
	small := r.Draw(img, cam, Sorted) // fewer buildings than StreamMovingParts
	r.StreamMovingParts = 0
	few := r.Draw(img, cam, Sorted)
	exact := r.Draw(img, cam, Exact)
	if all.Chunks == 0 || small.Chunks != all.Chunks || few.Chunks != 0 || exact.Chunks != all.Chunks {
		t.Errorf("visible chunks: %d moving with every building, %d and %d skipping those under 1e6 px in a small and a big view, %d exact; want some, as many, none and as many", all.Chunks, small.Chunks, few.Chunks, exact.Chunks)
	}
}

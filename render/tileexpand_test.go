package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citytwin/loaders/tiles3d"
	"citytwin/scene"
)

// TestStreamExpandsExternalTilesets streams a tileset whose tiles below the
// root are external tilesets (two deep), read only as the view gets near:
// the leaves get drawn, and each view draws the same picture as the same
// tiles written in one tileset.
func TestStreamExpandsExternalTilesets(t *testing.T) {
	g := smallTileset
	inline := openGenerated(t, g)
	g.External = true
	ext := openGenerated(t, g)
	if n := len(ext.Tiles.Nodes); n != 5 || !ext.Tiles.Nodes[1].Unexpanded {
		t.Fatalf("at open: %d nodes, want the root and 4 unexpanded tiles", n)
	}
	r := streamRenderer(t, ext.Tiles)
	ri := streamRenderer(t, inline.Tiles)
	for _, tc := range []struct {
		rng   float64
		level int
	}{{3000, 0}, {800, 1}, {150, 2}} {
		cam := downAt(50, 50, tc.rng)
		r.LoadTiles(cam, 320, 240)
		img := drawView(r, cam)
		if got := levelOf(img); got != tc.level || !r.TilesSettled() {
			t.Errorf("range %g: centre shows level %d (settled %v), want %d", tc.rng, got, r.TilesSettled(), tc.level)
		}
		ri.LoadTiles(cam, 320, 240)
		if !bytes.Equal(img.Pix, drawView(ri, cam).Pix) {
			t.Errorf("range %g: the picture differs from the one tileset's", tc.rng)
		}
	}
	// Tiles without content (the pointers) are passed through as soon as
	// their parent refines: from 800 m the 4 level-1 tilesets are read
	// (4 pointers each), near one corner the 4 leaves of one: 1 + 4 + 4·5 +
	// 4 nodes of the 41 of the whole tree.
	if n := len(ext.Tiles.Nodes); n != 29 {
		t.Errorf("%d nodes, want 29 (41 when everything is read)", n)
	}
	if st := r.TileStats(); st.Failed != 0 {
		t.Errorf("stats %+v", st)
	}
	// A renderer sharing the tree, which another one grows meanwhile.
	r2 := streamRenderer(t, ext.Tiles)
	far, other := downAt(150, 150, 3000), downAt(250, 250, 150)
	r2.LoadTiles(far, 320, 240)
	r.LoadTiles(other, 320, 240)
	a := drawView(r, other)
	r2.LoadTiles(other, 320, 240)
	if !bytes.Equal(a.Pix, drawView(r2, other).Pix) || levelOf(a) != 2 {
		t.Error("a renderer sharing the grown tree draws another picture")
	}
}

// TestStreamSkipsBrokenExternalTileset checks that a missing external
// tileset is a failure naming it and that the rest draws and settles.
func TestStreamSkipsBrokenExternalTileset(t *testing.T) {
	g := smallTileset
	g.External = true
	dir := t.TempDir()
	g.write(t, dir)
	if err := os.Remove(filepath.Join(dir, "ext", "1_1_1.json")); err != nil {
		t.Fatal(err)
	}
	l, err := tiles3d.Open(os.DirFS(dir), "tileset.json", tiles3d.Options{Frame: scene.NewFrame(g.Origin)})
	if err != nil {
		t.Fatal(err)
	}
	r := streamRenderer(t, l.Tiles)
	cam := downAt(200, 200, 150) // the four level-1 tiles meet under the camera
	r.LoadTiles(cam, 320, 240)
	drawView(r, cam)
	if !r.TilesSettled() {
		t.Error("not settled")
	}
	f := r.TileFailures()
	if len(f) != 1 || !strings.Contains(f[0], "ext/1_1_1.json") {
		t.Errorf("failures %q, want one naming ext/1_1_1.json", f)
	}
	near := downAt(150, 150, 150)
	r.LoadTiles(near, 320, 240)
	if got := levelOf(drawView(r, near)); got != 2 {
		t.Errorf("beside the broken tileset: level %d, want the leaves (2)", got)
	}
}

// TestStreamExpandsImplicitSubtrees streams an implicit quadtree with a
// subtree per level: the leaves get drawn once their subtrees are read,
// and the pictures are those of the same tiles written as one tileset.
func TestStreamExpandsImplicitSubtrees(t *testing.T) {
	g := smallTileset
	inline := openGenerated(t, g)
	g.Implicit = 1
	imp := openGenerated(t, g)
	if n := len(imp.Tiles.Nodes); n != 1 || !imp.Tiles.Nodes[0].Unexpanded {
		t.Fatalf("at open: %d nodes, want the root, unexpanded", n)
	}
	r, ri := streamRenderer(t, imp.Tiles), streamRenderer(t, inline.Tiles)
	for _, rng := range []float64{3000, 800, 150} {
		cam := downAt(50, 50, rng)
		r.LoadTiles(cam, 320, 240)
		ri.LoadTiles(cam, 320, 240)
		img := drawView(r, cam)
		if !bytes.Equal(img.Pix, drawView(ri, cam).Pix) || !r.TilesSettled() {
			t.Errorf("range %g: level %d, settled %v; want the one tileset's picture (level %d)", rng, levelOf(img), r.TilesSettled(), levelOf(drawView(ri, cam)))
		}
	}
	// Near one corner: the root, 4 tiles of level 1, 4 of level 2.
	if got := len(imp.Tiles.Nodes); got != 9 {
		t.Errorf("%d nodes, want 9 (21 when every subtree is read)", got)
	}
}

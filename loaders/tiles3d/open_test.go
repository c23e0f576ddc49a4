package tiles3d

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citytwin/scene"
)

// inside reports whether b lies in o grown by tol metres.
func inside(b, o scene.Box, tol float64) bool {
	for k := 0; k < 3; k++ {
		if b.Min[k] < o.Min[k]-tol || b.Max[k] > o.Max[k]+tol {
			return false
		}
	}
	return true
}

// TestOpenSamples opens every sample lazily, loads each tile on its own and
// checks that the tiles hold what Load loads at once, inside their
// bounding volumes.
func TestOpenSamples(t *testing.T) {
	root := city3d(t)
	for _, dir := range []string{"3dbag-sibbe-nl", "lyon-1er-fr", "plateau-shizuoka-jp"} {
		t.Run(dir, func(t *testing.T) {
			fsys := os.DirFS(filepath.Join(root, dir))
			eager, err := Load(fsys, "tileset.json", Options{})
			if err != nil {
				t.Fatal(err)
			}
			frame := scene.NewFrame(eager.Origin)
			eager, err = Load(fsys, "tileset.json", Options{Frame: frame})
			if err != nil {
				t.Fatal(err)
			}
			l, err := Open(fsys, "tileset.json", Options{Frame: frame})
			if err != nil {
				t.Fatal(err)
			}
			if l.Tiles == nil || len(l.Meshes) != 0 {
				t.Fatalf("Open: Tiles %v, %d meshes; want a tree and no meshes", l.Tiles, len(l.Meshes))
			}
			if p := expandAll(l.Tiles); len(p) > 0 {
				t.Logf("expanding: %v", p)
			}
			tris, failed := 0, 0
			for i, n := range l.Tiles.Nodes {
				if !n.HasContent {
					continue
				}
				tl, err := l.Tiles.Load(i)
				if err != nil {
					if !strings.Contains(err.Error(), "content/") {
						t.Errorf("tile %d: error %q does not name the file", i, err)
					}
					failed++
					continue
				}
				tris += triangles(tl)
				// 3D BAG assigns buildings to implicit tiles by their
				// centre: some stick out of the tile by a few metres.
				if !inside(tl.Bounds, n.Bounds, 25) {
					t.Errorf("tile %d: content %v outside its bounds %v", i, tl.Bounds, n.Bounds)
				}
				if !inside(n.Bounds, l.Bounds, 1) {
					t.Errorf("tile %d: bounds %v outside the root's %v", i, n.Bounds, l.Bounds)
				}
			}
			if tris != triangles(eager) {
				t.Errorf("tiles hold %d triangles, Load loads %d", tris, triangles(eager))
			}
			if dir == "3dbag-sibbe-nl" && failed != 3 {
				t.Errorf("%d tiles failed, want the 3 missing files", failed)
			}
			t.Logf("%d nodes, bounds %v", len(l.Tiles.Nodes), l.Bounds)
		})
	}
}

// TestOpenChoosesFrameAtBottom checks that without a frame the layer's
// origin is lowered to the bottom of the bounding volumes, as Load lowers
// it to the lowest vertex.
func TestOpenChoosesFrameAtBottom(t *testing.T) {
	fsys := os.DirFS(filepath.Join(city3d(t), "lyon-1er-fr"))
	eager, err := Load(fsys, "tileset.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := Open(fsys, "tileset.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := l.Origin.Alt - eager.Origin.Alt; d < -5 || d > 5 {
		t.Errorf("origin altitude %.1f m, Load's %.1f m", l.Origin.Alt, eager.Origin.Alt)
	}
	if z := l.Bounds.Min[2]; z < -0.5 || z > 0.5 {
		t.Errorf("bounds start at z = %v, want about 0", z)
	}
}

package tiles3d

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"citytwin/scene"
)

// expandAll expands every unexpanded tile of t, as a renderer would if
// the view wanted everything, and returns the problems met.
func expandAll(t *scene.TileTree) []string {
	var problems []string
	for i := 0; i < len(t.Nodes); i++ {
		if !t.Nodes[i].Unexpanded {
			continue
		}
		e, err := t.Expand(i)
		if err != nil {
			problems = append(problems, err.Error())
		} else {
			problems = append(problems, e.Warnings...)
		}
		t.Graft(int32(i), e)
	}
	return problems
}

func TestOpenReadsOnlyTheRoot(t *testing.T) {
	g := implicitGen{levels: 6, subLevels: 2, content: genB3DM(t)}
	fsys := &countFS{FS: mapFS(g.files())}
	l, err := Open(fsys, "tileset.json", Options{Frame: genFrame})
	if err != nil {
		t.Fatal(err)
	}
	if got := fsys.opened(); !slices.Equal(got, []string{"s/0_0_0.subtree", "tileset.json"}) {
		t.Errorf("Open read %v, want the tileset and its root subtree", got)
	}
	// The root subtree holds levels 0 and 1: tiles of level 1 have child
	// subtrees.
	n := l.Tiles.Nodes
	if len(n) != 5 || !n[1].Unexpanded || n[0].Unexpanded || l.Tiles.Expand == nil {
		t.Fatalf("%d nodes (want 5), unexpanded %v %v", len(n), n[0].Unexpanded, n[1].Unexpanded)
	}
	e, err := l.Tiles.Expand(1) // tile (1, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"s/2_0_0.subtree", "s/2_0_1.subtree", "s/2_1_0.subtree", "s/2_1_1.subtree"}
	if got := fsys.opened(); !slices.Equal(got, want) {
		t.Errorf("Expand read %v, want %v", got, want)
	}
	// Levels 2 and 3 below it: 4 + 16 tiles, the 16 unexpanded.
	if len(e.Nodes) != 20 || len(e.Children) != 4 {
		t.Errorf("expansion: %d nodes, %d children; want 20, 4", len(e.Nodes), len(e.Children))
	}

	fsys = &countFS{FS: mapFS(externalChain(t))}
	if l, err = Open(fsys, "tileset.json", Options{Frame: genFrame}); err != nil {
		t.Fatal(err)
	}
	if got := fsys.opened(); !slices.Equal(got, []string{"tileset.json"}) || len(l.Warnings) != 0 {
		t.Errorf("Open read %v (want the tileset only), warnings %q", got, l.Warnings)
	}
	if _, err := l.Tiles.Expand(1); err != nil {
		t.Fatal(err)
	}
	if got := fsys.opened(); !slices.Equal(got, []string{"a/tileset.json"}) {
		t.Errorf("Expand read %v, want a/tileset.json only", got)
	}
}

// TestExpandMatchesEager checks that a lazily opened tree, once expanded
// everywhere, is the tree read at once: for an implicit quadtree with two
// levels of subtrees (some tiles without content, some subtrees absent or
// missing) and for a chain of external tilesets with a broken one.
func TestExpandMatchesEager(t *testing.T) {
	b3 := genB3DM(t)
	holey := implicitGen{levels: 4, subLevels: 2, content: b3,
		noContent: func(k tileKey) bool { return k.level == 1 && k.x == k.y || k == (tileKey{3, 5, 6, 0}) },
		noChild:   func(k tileKey) bool { return k == (tileKey{2, 3, 0, 0}) }}.files()
	missing := implicitGen{levels: 4, subLevels: 2, content: b3}.files()
	delete(missing, "s/2_1_1.subtree")
	for _, tc := range []struct {
		name     string
		files    map[string][]byte
		problems string // what the warnings must name
	}{
		{"implicit", holey, ""},
		{"implicit missing subtree", missing, "s/2_1_1.subtree"},
		{"external chain", externalChain(t), "b/tileset.json"},
	} {
		for _, frame := range []*scene.Frame{genFrame, nil} {
			t.Run(tc.name, func(t *testing.T) {
				fsys := mapFS(tc.files)
				eager, err := openTree(fsys, "tileset.json", Options{Frame: frame}, false)
				if err != nil {
					t.Fatal(err)
				}
				lazy, err := Open(fsys, "tileset.json", Options{Frame: frame})
				if err != nil {
					t.Fatal(err)
				}
				if len(lazy.Tiles.Nodes) >= len(eager.Tiles.Nodes) {
					t.Errorf("open: %d nodes, as many as the eager tree's %d", len(lazy.Tiles.Nodes), len(eager.Tiles.Nodes))
				}
				problems := expandAll(lazy.Tiles)
				if w, p := strings.Join(eager.Warnings, "; "), strings.Join(problems, "; "); !strings.Contains(w, tc.problems) || !strings.Contains(p, tc.problems) {
					t.Errorf("warnings: eager %q, lazy %q; want both to name %q", w, p, tc.problems)
				}
				if tc.problems == "" && len(problems) > 0 {
					t.Errorf("problems %q", problems)
				}
				if o, e := lazy.Origin, eager.Origin; o.Lon != e.Lon || o.Lat != e.Lat || math.Abs(o.Alt-e.Alt) > 1e-6 {
					t.Errorf("origin %+v, eager %+v", lazy.Origin, eager.Origin)
				}
				a, b := canon(t, lazy.Tiles, 0), canon(t, eager.Tiles, 0)
				if a != b || strings.Contains(a, "error") {
					t.Errorf("expanded tree\n%s\nwant the eager one\n%s", a, b)
				}
			})
		}
	}
}

func TestBrokenExternalIsWarning(t *testing.T) {
	l, err := Open(mapFS(externalChain(t)), "tileset.json", Options{Frame: genFrame})
	if err != nil {
		t.Fatal(err)
	}
	tree := l.Tiles
	// Nodes: root, a (unexpanded), b (unexpanded), c.
	if !tree.Nodes[2].Unexpanded {
		t.Fatalf("node 2 is not the unexpanded b: %+v", tree.Nodes[2])
	}
	e, err := tree.Expand(2)
	if err == nil || !strings.Contains(err.Error(), "b/tileset.json") {
		t.Fatalf("expanding b: %v, %+v; want an error naming b/tileset.json", err, e)
	}
	tree.Graft(2, nil)
	// The chain a → aa still reads, down to its leaves.
	problems := expandAll(tree)
	if len(problems) != 0 {
		t.Errorf("problems %q", problems)
	}
	found := false
	for i, n := range tree.Nodes {
		if n.HasContent && n.Depth == 4 {
			tl, err := tree.Load(i)
			if err != nil || triangles(tl) != 2 {
				t.Fatalf("leaf %d: %v", i, err)
			}
			found = true
		}
	}
	if !found {
		t.Error("no leaf at depth 4 (root → a → aa → leaf)")
	}
}

// BenchmarkOpenImplicit opens an implicit quadtree of 8 levels with
// subtrees of 2 (4 levels of subtrees: 4369 files) from disk, lazily (as
// Open does) and at once (as Open did before); files/op counts the files
// read.
func BenchmarkOpenImplicit(b *testing.B) {
	dir := b.TempDir()
	writeDir(b, dir, implicitGen{levels: 8, subLevels: 2}.files())
	for _, lazy := range []bool{true, false} {
		name := map[bool]string{true: "lazy", false: "eager"}[lazy]
		b.Run(name, func(b *testing.B) {
			fsys := &countFS{FS: os.DirFS(dir)}
			var l *scene.Layer
			for b.Loop() {
				var err error
				if l, err = openTree(fsys, "tileset.json", Options{}, lazy); err != nil {
					b.Fatal(err)
				}
			}
			n := 0
			for _, c := range fsys.opens {
				n += c
			}
			b.ReportMetric(float64(n)/float64(b.N), "files/op")
			b.ReportMetric(float64(len(l.Tiles.Nodes)), "nodes")
		})
	}
}

// TestExternalIncludingItself checks that a tileset whose tiles hold it
// again is read once, not without end.
func TestExternalIncludingItself(t *testing.T) {
	ts := `{"asset":{"version":"1.0"},"root":{"boundingVolume":{"sphere":[4014743,411334,4922395,10]},"geometricError":9,
		"content":{"uri":"a.b3dm"},"children":[{"geometricError":9,"content":{"uri":"tileset.json"}},{"content":{"uri":"./tileset.json"}}]}}`
	l, err := Open(mapFS(map[string][]byte{"tileset.json": []byte(ts), "a.b3dm": genB3DM(t)}), "tileset.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	problems := expandAll(l.Tiles)
	if len(problems) != 2 || !strings.Contains(problems[0], "tileset.json includes itself") || len(l.Tiles.Nodes) != 3 {
		t.Errorf("%d nodes, problems %q; want 3 nodes and 2 problems naming the tileset", len(l.Tiles.Nodes), problems)
	}
}

// TestOpenFrameFromExternalTileTransform checks that Open places a
// tileset whose only georeferencing is the transform of a tile holding an
// external tileset without reading that tileset.
func TestOpenFrameFromExternalTileTransform(t *testing.T) {
	c := scene.GeodeticToECEF(5, 50, 0)
	sphere := map[string]any{"sphere": []float64{0, 0, 0, 10}}
	ts, _ := json.Marshal(map[string]any{"asset": map[string]any{"version": "1.0"},
		"root": map[string]any{"boundingVolume": sphere, "geometricError": 1, "children": []any{map[string]any{
			"transform":      []float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, c[0], c[1], c[2], 1},
			"boundingVolume": sphere, "geometricError": 1, "content": map[string]any{"uri": "sub/tileset.json"}}}}})
	sub, _ := json.Marshal(map[string]any{"asset": map[string]any{"version": "1.0"},
		"root": map[string]any{"boundingVolume": sphere, "geometricError": 0, "content": map[string]any{"uri": "a.b3dm"}}})
	fsys := &countFS{FS: mapFS(map[string][]byte{"tileset.json": ts, "sub/tileset.json": sub, "sub/a.b3dm": genB3DM(t)})}
	l, err := Open(fsys, "tileset.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fsys.opened(); len(got) != 1 {
		t.Errorf("read %v, want tileset.json only", got)
	}
	if math.Abs(l.Origin.Lon-5) > 1e-6 || math.Abs(l.Origin.Lat-50) > 1e-6 || len(l.Warnings) != 0 {
		t.Errorf("origin %+v, warnings %q", l.Origin, l.Warnings)
	}
}

package tiles3d

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"citytwin/scene"
)

// genFrame is where the generated tilesets lie.
var genFrame = scene.NewFrame(scene.Geo{Lon: 5, Lat: 50})

// genBox is a box bounding volume (ECEF) around the frame's origin: h
// metres each way east and north, from the ground to 2z metres up.
func genBox(h, z float64) []float64 {
	c := genFrame.ToECEF(scene.Vec3{0, 0, z})
	o := genFrame.ToECEF(scene.Vec3{})
	box := []float64{c[0], c[1], c[2]}
	for _, d := range []scene.Vec3{{h, 0, 0}, {0, h, 0}, {0, 0, z}} {
		p := genFrame.ToECEF(d)
		box = append(box, p[0]-o[0], p[1]-o[1], p[2]-o[2])
	}
	return box
}

// genB3DM is a small b3dm (two triangles) near the frame's origin.
func genB3DM(t testing.TB) []byte {
	c := genFrame.ToECEF(scene.Vec3{})
	ft, _ := json.Marshal(map[string]any{"BATCH_LENGTH": 2, "RTC_CENTER": c})
	return makeB3DM(string(ft), nil, "", nil, triangleGLB(t))
}

// bitsOf packs n bits, bit i set when on(i).
func bitsOf(n int, on func(i int) bool) []byte {
	b := make([]byte, (n+7)/8)
	for i := 0; i < n; i++ {
		if on(i) {
			b[i/8] |= 1 << (i % 8)
		}
	}
	return b
}

// implicitGen writes an implicit quadtree: levels levels, subtrees of
// subLevels levels. A tile has content unless noContent says so; a child
// subtree exists unless noChild says so (keys are absolute).
type implicitGen struct {
	levels, subLevels  int
	noContent, noChild func(k tileKey) bool
	content            []byte // the content of every tile (nil: none written)
}

func (g implicitGen) files() map[string][]byte {
	out := map[string][]byte{}
	ts, _ := json.Marshal(map[string]any{"asset": map[string]any{"version": "1.1"}, "geometricError": 400,
		"root": map[string]any{"boundingVolume": map[string]any{"box": genBox(400, 50)}, "geometricError": 200, "refine": "REPLACE",
			"content": map[string]any{"uri": "c/{level}_{x}_{y}.b3dm"},
			"implicitTiling": map[string]any{"subdivisionScheme": "QUADTREE", "subtreeLevels": g.subLevels, "availableLevels": g.levels,
				"subtrees": map[string]any{"uri": "s/{level}_{x}_{y}.subtree"}}}})
	out["tileset.json"] = ts
	var write func(root tileKey)
	write = func(root tileKey) {
		var keys []tileKey
		for l := 0; l < g.subLevels && root.level+l < g.levels; l++ {
			for m := 0; m < 1<<(2*l); m++ {
				keys = append(keys, childKey(root, l, m, false))
			}
		}
		nTiles := (1<<(2*g.subLevels) - 1) / 3
		content := bitsOf(nTiles, func(i int) bool { return i < len(keys) && (g.noContent == nil || !g.noContent(keys[i])) })
		var kids []tileKey
		children := bitsOf(1<<(2*g.subLevels), func(m int) bool {
			c := childKey(root, g.subLevels, m, false)
			ok := c.level < g.levels && (g.noChild == nil || !g.noChild(c))
			if ok {
				kids = append(kids, c)
			}
			return ok
		})
		out[expand("s/{level}_{x}_{y}.subtree", root)] = subtreeFile(bitsOf(nTiles, func(i int) bool { return i < len(keys) }), content, children)
		if g.content != nil {
			for i, k := range keys {
				if content[i/8]&(1<<(i%8)) != 0 {
					out[expand("c/{level}_{x}_{y}.b3dm", k)] = g.content
				}
			}
		}
		for _, c := range kids {
			write(c)
		}
	}
	write(tileKey{})
	return out
}

// externalChain is a tileset whose root has two external tilesets: a/,
// which holds a second one (a/aa/), and b/, whose JSON is broken.
func externalChain(t testing.TB) map[string][]byte {
	b3 := genB3DM(t)
	tile := func(h float64, e float64, uri string, kids ...any) map[string]any {
		m := map[string]any{"boundingVolume": map[string]any{"box": genBox(h, 50)}, "geometricError": e, "content": map[string]any{"uri": uri}}
		if len(kids) > 0 {
			m["children"] = kids
		}
		return m
	}
	doc := func(root map[string]any) []byte {
		root["refine"] = "REPLACE"
		d, _ := json.Marshal(map[string]any{"asset": map[string]any{"version": "1.0"}, "geometricError": 500, "root": root})
		return d
	}
	return map[string][]byte{
		"tileset.json":         doc(tile(400, 200, "root.b3dm", tile(200, 100, "a/tileset.json"), tile(200, 100, "b/tileset.json"), tile(200, 100, "c.b3dm"))),
		"root.b3dm":            b3,
		"c.b3dm":               b3,
		"a/tileset.json":       doc(tile(200, 100, "a.b3dm", tile(100, 50, "aa/tileset.json"))),
		"a/a.b3dm":             b3,
		"a/aa/tileset.json":    doc(tile(100, 50, "aa.b3dm", tile(50, 0, "leaf1.b3dm"), tile(50, 0, "leaf2.b3dm"))),
		"a/aa/aa.b3dm":         b3,
		"a/aa/leaf1.b3dm":      b3,
		"a/aa/leaf2.b3dm":      b3,
		"b/tileset.json":       []byte(`{"asset": {"version": "1.0"}, "root": `),
		"b/unused-by-any.b3dm": b3,
	}
}

func mapFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: v}
	}
	return m
}

func writeDir(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for k, v := range files {
		p := filepath.Join(dir, k)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, v, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// countFS counts the files opened in it.
type countFS struct {
	fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	if c.opens == nil {
		c.opens = map[string]int{}
	}
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

// opened returns the names of the files opened, sorted, and forgets them.
func (c *countFS) opened() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.opens {
		out = append(out, k)
	}
	slices.Sort(out)
	c.opens = nil
	return out
}

// canon describes the tree under node i, independent of node numbering:
// each tile's content files (loaded), error, refinement, depth and bounds
// (to the centimetre), children sorted; subtrees without content are left
// out (a lazy tree keeps a few empty tiles an eager one never adds).
func canon(t *testing.T, tree *scene.TileTree, i int32) string {
	n := tree.Nodes[i]
	var kids []string
	for _, c := range n.Children {
		if s := canon(t, tree, c); s != "" {
			kids = append(kids, s)
		}
	}
	slices.Sort(kids)
	content := ""
	if n.HasContent {
		l, err := tree.Load(int(i))
		if err != nil {
			content = "error: " + err.Error()
		} else {
			var files []string
			for _, f := range l.Features {
				if s := fmt.Sprint(f.Properties["tile"]); !slices.Contains(files, s) {
					files = append(files, s)
				}
			}
			content = strings.Join(files, ",")
		}
	}
	if content == "" && len(kids) == 0 && i != 0 {
		return ""
	}
	r := func(v float64) float64 { return math.Round(v*100)/100 + 0 } // + 0: no -0
	b := n.Bounds
	return fmt.Sprintf("(%s e=%g r=%d d=%d b=[%g %g %g %g %g %g] %s)", content, n.GeometricError, n.Refine, n.Depth,
		r(b.Min[0]), r(b.Min[1]), r(b.Min[2]), r(b.Max[0]), r(b.Max[1]), r(b.Max[2]), strings.Join(kids, " "))
}

package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"testing"

	qgltf "github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"citytwin/scene"
)

// genTileset describes a generated REPLACE quadtree tileset over a square
// of Size metres: level L has 2^L × 2^L tiles; a leaf holds PerLeaf ×
// PerLeaf buildings, each level above half as many per side (at least one).
type genTileset struct {
	Origin  scene.Geo
	Size    float64
	Levels  int
	PerLeaf int
	// Error is the root's geometric error (each level half its parent's;
	// leaves 0).
	Error float64
	// External writes every tile below the root as an external tileset of
	// its own (ext/L_X_Y.json, holding its children's external tilesets),
	// referenced by a tile without content: the same tiles, read on demand.
	External bool
	// Implicit, when > 0, writes the tree as implicit tiling with subtrees
	// of that many levels (subtrees/L_X_Y.json, every tile available; the
	// leaves' error is then their parents' half, not 0).
	Implicit int
}

// levelColors colour the tiles by level, so pictures tell which level
// was drawn.
var levelColors = []color.NRGBA{red, blue, yellow, purple, white, grey}

// write writes tileset.json and tiles/L_X_Y.glb under dir and returns the
// tileset's path and its size in bytes.
func (g genTileset) write(t testing.TB, dir string) (string, int64) {
	t.Helper()
	f := scene.NewFrame(g.Origin)
	o := f.ToECEF(scene.Vec3{})
	col := func(v scene.Vec3) []float64 {
		p := f.ToECEF(v)
		return []float64{p[0] - o[0], p[1] - o[1], p[2] - o[2], 0}
	}
	transform := append(append(append(col(scene.Vec3{1, 0, 0}), col(scene.Vec3{0, 1, 0})...), col(scene.Vec3{0, 0, 1})...), o[0], o[1], o[2], 1)
	if err := os.MkdirAll(filepath.Join(dir, "ext"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "tiles"), 0o755); err != nil {
		t.Fatal(err)
	}
	var total int64
	var tileJSON func(level, x, y int) map[string]any
	tileJSON = func(level, x, y int) map[string]any {
		n := 1 << level
		cell := g.Size / float64(n)
		x0, y0 := float64(x)*cell, float64(y)*cell
		per := max(1, g.PerLeaf>>(g.Levels-1-level)) // coarser levels: fewer, bigger blocks
		geomErr := g.Error / float64(int(1)<<level)
		if level == g.Levels-1 {
			per, geomErr = g.PerLeaf, 0
		}
		glb := blocksGLB(t, x0, y0, cell, per, 10+5*float64(level), levelColors[level%len(levelColors)])
		name := fmt.Sprintf("tiles/%d_%d_%d.glb", level, x, y)
		if err := os.WriteFile(filepath.Join(dir, name), glb, 0o644); err != nil {
			t.Fatal(err)
		}
		total += int64(len(glb))
		top := 10 + 5*float64(g.Levels)
		tj := map[string]any{
			"boundingVolume": map[string]any{"box": []float64{x0 + cell/2, y0 + cell/2, top / 2, cell / 2, 0, 0, 0, cell / 2, 0, 0, 0, top / 2}},
			"geometricError": geomErr,
			"content":        map[string]any{"uri": name},
		}
		if level < g.Levels-1 {
			var kids []any
			for q := 0; q < 4; q++ {
				kids = append(kids, tileJSON(level+1, 2*x+(q&1), 2*y+(q>>1)))
			}
			tj["children"] = kids
		}
		if !g.External || level == 0 {
			return tj
		}
		// The tile goes into ext/, its content and children's paths made
		// relative to it, and a pointer to it takes its place.
		tj["content"] = map[string]any{"uri": "../" + name}
		ext := fmt.Sprintf("%d_%d_%d.json", level, x, y)
		total += writeJSON(t, filepath.Join(dir, "ext", ext), map[string]any{"asset": map[string]any{"version": "1.1"}, "geometricError": geomErr, "root": tj})
		uri := ext
		if level == 1 {
			uri = "ext/" + ext
		}
		return map[string]any{"boundingVolume": tj["boundingVolume"], "geometricError": geomErr, "content": map[string]any{"uri": uri}}
	}
	root := tileJSON(0, 0, 0)
	if g.Implicit > 0 {
		total += g.writeSubtrees(t, dir)
		delete(root, "children")
		root["content"] = map[string]any{"uri": "tiles/{level}_{x}_{y}.glb"}
		root["implicitTiling"] = map[string]any{"subdivisionScheme": "QUADTREE", "subtreeLevels": g.Implicit,
			"availableLevels": g.Levels, "subtrees": map[string]any{"uri": "subtrees/{level}_{x}_{y}.json"}}
	}
	root["refine"] = "REPLACE"
	root["transform"] = transform
	ts := map[string]any{"asset": map[string]any{"version": "1.1"}, "geometricError": g.Error * 4, "root": root}
	p := filepath.Join(dir, "tileset.json")
	return p, total + writeJSON(t, p, ts)
}

// writeSubtrees writes the subtree files of an implicit g, each saying
// that all its tiles and child subtrees exist, and returns their size.
func (g genTileset) writeSubtrees(t testing.TB, dir string) int64 {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "subtrees"), 0o755); err != nil {
		t.Fatal(err)
	}
	all := map[string]any{"constant": 1}
	st := map[string]any{"tileAvailability": all, "contentAvailability": []any{all}, "childSubtreeAvailability": all}
	var total int64
	for level := 0; level < g.Levels; level += g.Implicit {
		for x := 0; x < 1<<level; x++ {
			for y := 0; y < 1<<level; y++ {
				total += writeJSON(t, filepath.Join(dir, "subtrees", fmt.Sprintf("%d_%d_%d.json", level, x, y)), st)
			}
		}
	}
	return total
}

// writeJSON writes v as JSON into file p and returns its size.
func writeJSON(t testing.TB, p string, v any) int64 {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return int64(len(data))
}

// blocksGLB is a glTF (y-up, as 3D Tiles wants) with per × per boxes
// filling the cell at (x0, y0) of the given size, inset by a tenth, h
// metres tall, in colour c.
func blocksGLB(t testing.TB, x0, y0, size float64, per int, h float64, c color.NRGBA) []byte {
	t.Helper()
	var pos [][3]float32
	var idx []uint32
	// ENU (e, n, u) is glTF (e, u, −n).
	yup := func(v [3]float64) [3]float32 { return [3]float32{float32(v[0]), float32(v[2]), float32(-v[1])} }
	step := size / float64(per)
	for i := 0; i < per; i++ {
		for j := 0; j < per; j++ {
			lo := [3]float64{x0 + (float64(i)+0.1)*step, y0 + (float64(j)+0.1)*step, 0}
			hi := [3]float64{x0 + (float64(i)+0.9)*step, y0 + (float64(j)+0.9)*step, h}
			var m scene.Mesh
			addBox(&m, 0, scene.Vec3(lo), scene.Vec3(hi), c)
			base := uint32(len(pos))
			for _, v := range m.Vertices {
				pos = append(pos, yup([3]float64{float64(v.Pos[0]), float64(v.Pos[1]), float64(v.Pos[2])}))
			}
			for _, k := range m.Indices {
				idx = append(idx, base+k)
			}
		}
	}
	doc := qgltf.NewDocument()
	p := modeler.WritePosition(doc, pos)
	ix := modeler.WriteIndices(doc, idx)
	doc.Materials = []*qgltf.Material{{PBRMetallicRoughness: &qgltf.PBRMetallicRoughness{
		BaseColorFactor: &[4]float64{srgbToLinear(c.R), srgbToLinear(c.G), srgbToLinear(c.B), 1}}}}
	doc.Meshes = []*qgltf.Mesh{{Primitives: []*qgltf.Primitive{{Indices: qgltf.Index(ix), Material: qgltf.Index(0),
		Attributes: qgltf.PrimitiveAttributes{qgltf.POSITION: p}}}}}
	doc.Nodes = []*qgltf.Node{{Mesh: qgltf.Index(0)}}
	doc.Scenes = []*qgltf.Scene{{Nodes: []int{0}}}
	var buf bytes.Buffer
	enc := qgltf.NewEncoder(&buf)
	enc.AsBinary = true
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func srgbToLinear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// TestWriteLargeTileset writes a tileset of about 100 MB (5 levels, 256
// leaves of 529 buildings, 4 km across, at Lyon) into the folder named by
// CITYTWIN_LARGE_TILESET, for measuring the viewer on it:
//
//	CITYTWIN_LARGE_TILESET=/tmp/large xvfb-run -a go test ./render -run TestWriteLargeTileset
//	citytwin bench -frames 60 /tmp/large/tileset.json
func TestWriteLargeTileset(t *testing.T) {
	dir := os.Getenv("CITYTWIN_LARGE_TILESET")
	if dir == "" {
		t.Skip("set CITYTWIN_LARGE_TILESET to a folder to write the tileset")
	}
	g := genTileset{Origin: genOrigin, Size: 4000, Levels: 5, PerLeaf: 23, Error: 512}
	p, n := g.write(t, dir)
	if n < 90<<20 {
		t.Errorf("%s: %d bytes, want about 100 MB", p, n)
	}
	t.Logf("%s: %.1f MB", p, float64(n)/(1<<20))
}

// TestWriteLargeImplicitTileset writes an implicit quadtree of 8 levels
// with subtrees of 2 (4 levels of subtrees: 4369 subtree files, 21845
// tiles, 4 km across) into the folder named by CITYTWIN_LARGE_IMPLICIT,
// for measuring how long opening it takes:
//
//	CITYTWIN_LARGE_IMPLICIT=/tmp/implicit xvfb-run -a go test ./render -run TestWriteLargeImplicitTileset
//	citytwin bench -tiles stream -frames 30 /tmp/implicit/tileset.json
func TestWriteLargeImplicitTileset(t *testing.T) {
	dir := os.Getenv("CITYTWIN_LARGE_IMPLICIT")
	if dir == "" {
		t.Skip("set CITYTWIN_LARGE_IMPLICIT to a folder to write the tileset")
	}
	g := genTileset{Origin: genOrigin, Size: 4000, Levels: 8, PerLeaf: 2, Error: 512, Implicit: 2}
	p, n := g.write(t, dir)
	t.Logf("%s: %.1f MB", p, float64(n)/(1<<20))
}

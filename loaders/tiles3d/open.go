package tiles3d

import (
	"fmt"
	"io/fs"
	"math"
	"path"
	"strings"

	"citytwin/loaders/gltf"
	"citytwin/scene"
)

// Open reads the tileset file name from fsys as a tree of tiles (the
// tileset JSON, its external tilesets and implicit-tiling subtrees) without
// decoding any content, and returns a layer of kind scene.Kind3DTiles whose
// Tiles load each tile's content on demand: Meshes is empty, Bounds is the
// root's bounding volume in the local frame. It costs the JSON and subtree
// files only, so a large tileset opens in a fraction of a second.
//
// Options are those of Load, except MaxTriangles (the renderer bounds
// what it keeps). Heights: when Open chooses the frame, or with
// gltf.GroundLowest, the frame is lowered to the bottom of the tiles'
// bounding volumes (Load uses the lowest vertex instead, which is only
// known once everything is loaded). Errors are those of Load; a missing or
// broken tile is an error of TileTree.Load naming the file.
func Open(fsys fs.FS, name string, opts Options) (*scene.Layer, error) {
	ld := &loader{fsys: fsys, name: name, opts: opts}
	ts, err := ld.readTileset(name)
	if err != nil {
		return nil, err
	}
	ld.l = &scene.Layer{ID: layerID(opts.ID, name), Title: opts.Title, Kind: scene.Kind3DTiles, Src: name, Visible: true}
	if ld.l.Title == "" {
		ld.l.Title = ld.l.ID
	}
	if err := ld.setup(ts); err != nil {
		return nil, &gltf.InputError{File: name, Reason: "tileset", Err: err}
	}
	b := &treeBuilder{ld: ld}
	if _, err := b.add(ts.Root, gltf.Identity, path.Dir(name), "", 0); err != nil {
		return nil, &gltf.InputError{File: name, Reason: "tileset", Err: err}
	}
	if len(b.nodes) == 0 {
		return nil, &gltf.InputError{File: name, Reason: "tileset has no usable tile: " + strings.Join(ld.l.Warnings, "; ")}
	}
	ld.chooseFrame()
	b.bounds()
	dz := 0.0
	if ld.chosen || opts.Ground == gltf.GroundLowest {
		dz = b.lowest()
	}
	for i := range b.nodes {
		b.nodes[i].Bounds.Min[2] -= dz
		b.nodes[i].Bounds.Max[2] -= dz
	}
	ld.l.Origin = ld.frame.Origin
	if ld.chosen {
		ld.l.Origin.Alt += dz
	}
	ld.l.Bounds = b.nodes[0].Bounds
	tree := &scene.TileTree{Nodes: b.nodes}
	jobs := b.jobs
	tree.Load = func(i int) (*scene.Layer, error) { return ld.loadTile(jobs, i, dz) }
	ld.l.Tiles = tree
	if opts.Logger != nil {
		for _, w := range ld.l.Warnings {
			opts.Logger.Warn("3dtiles", "file", name, "warning", w)
		}
	}
	return ld.l, nil
}

// layerID is the layer id: id, else the tileset's folder, else its name.
func layerID(id, name string) string {
	if id != "" {
		return id
	}
	id = path.Base(path.Dir(name))
	if id == "." || id == "/" {
		id = path.Base(name)
	}
	return id
}

// loadTile decodes the content of tile i (jobs[i]) and moves it down by dz.
// It is safe for concurrent use: it only reads the loader's settings.
func (ld *loader) loadTile(jobs [][]job, i int, dz float64) (*scene.Layer, error) {
	if i < 0 || i >= len(jobs) {
		return nil, fmt.Errorf("tiles3d: tile %d out of range", i)
	}
	l := &scene.Layer{Kind: scene.Kind3DTiles}
	for _, j := range jobs[i] {
		data, err := fs.ReadFile(ld.fsys, j.path)
		if err != nil {
			return nil, fmt.Errorf("tile %s: %w", j.path, unwrapPath(err))
		}
		if err := ld.tileData(l, j.path, data, j.world, j.bv); err != nil {
			return nil, fmt.Errorf("tile %s: %w", j.path, err)
		}
	}
	gltf.Finish(l)
	if dz != 0 {
		gltf.ShiftZ(l, dz)
		gltf.Finish(l)
	}
	if ld.opts.Ground == gltf.GroundFeatures {
		gltf.ApplyGround(l, gltf.GroundFeatures)
	}
	return l, nil
}

// treeBuilder turns the tileset JSON into scene.TileNodes.
type treeBuilder struct {
	ld    *loader
	nodes []scene.TileNode
	raw   []rawNode
	jobs  [][]job // content files per node
}

// rawNode is a node's bounding volume before the frame is known.
type rawNode struct {
	bv    boundingVolume
	world gltf.Mat4
}

func (b *treeBuilder) node(bv boundingVolume, world gltf.Mat4, geomErr float64, refine string, depth int) int32 {
	r := scene.RefineReplace
	if refine == "ADD" {
		r = scene.RefineAdd
	}
	b.nodes = append(b.nodes, scene.TileNode{GeometricError: geomErr, Refine: r, Depth: int32(depth)})
	b.raw = append(b.raw, rawNode{bv: bv, world: world})
	b.jobs = append(b.jobs, nil)
	return int32(len(b.nodes) - 1)
}

func (b *treeBuilder) addContent(i int32, j job) {
	b.jobs[i] = append(b.jobs[i], j)
	b.nodes[i].HasContent = true
	b.ld.jobs = append(b.ld.jobs, j) // for chooseFrame
}

// add appends tile t (world transform parent·t.transform) and its
// descendants; it returns the tile's node, or -1 when it is skipped.
func (b *treeBuilder) add(t *tile, parent gltf.Mat4, dir, refine string, depth int) (int32, error) {
	ld := b.ld
	if depth > maxNesting {
		return -1, fmt.Errorf("tiles nested deeper than %d", maxNesting)
	}
	if t == nil {
		return -1, nil
	}
	m, err := matrix(t.Transform)
	if err != nil {
		ld.warnf("tile at depth %d: %v; skipped", depth, err)
		return -1, nil
	}
	world := parent.Mul(m)
	if t.Refine != "" {
		refine = strings.ToUpper(t.Refine)
	}
	i := b.node(t.BoundingVolume, world, t.GeometricError, refine, depth)
	if it := t.implicit(); it != nil && len(t.contents()) > 0 {
		return i, b.implicit(i, t, it, world, dir, refine, depth)
	}
	for _, c := range t.contents() {
		p, ok := ld.contentPath(dir, c.path())
		if !ok {
			continue
		}
		if !strings.HasSuffix(strings.ToLower(p), ".json") {
			b.addContent(i, job{path: p, world: world, bv: t.BoundingVolume, depth: depth})
			continue
		}
		if ld.nested++; ld.nested > maxNesting*16 {
			ld.warnf("tileset %s: too many external tilesets; skipped", p)
			continue
		}
		ext, err := ld.readTileset(p)
		if err != nil {
			ld.warnf("tile %s: %v", p, err)
			continue
		}
		ci, err := b.add(ext.Root, world, path.Dir(p), refine, depth+1)
		if err != nil {
			ld.warnf("tileset %s: %v", p, err)
		} else if ci >= 0 {
			b.nodes[i].Children = append(b.nodes[i].Children, ci)
		}
	}
	for _, c := range t.Children {
		ci, err := b.add(c, world, dir, refine, depth+1)
		if err != nil {
			return -1, err
		}
		if ci >= 0 {
			b.nodes[i].Children = append(b.nodes[i].Children, ci)
		}
	}
	return i, nil
}

// contentPath resolves a content URI against dir; problems are warnings.
func (ld *loader) contentPath(dir, uri string) (string, bool) {
	if strings.Contains(uri, "://") {
		ld.warnf("tile %s: only local files are loaded", uri)
		return "", false
	}
	p := path.Join(dir, strings.SplitN(uri, "?", 2)[0])
	if !fs.ValidPath(p) {
		ld.warnf("tile %s: path leaves the tileset's folder", uri)
		return "", false
	}
	return p, true
}

// implicit adds the available tiles of an implicit tree under node root:
// one node per tile with content and per ancestor of one.
func (b *treeBuilder) implicit(root int32, t *tile, it *implicitTiling, world gltf.Mat4, dir, refine string, depth int) error {
	keys, warnings, err := implicitContents(b.ld.fsys, dir, it)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		b.ld.warnf("%s", w)
	}
	octree := strings.EqualFold(it.SubdivisionScheme, "OCTREE")
	index := map[tileKey]int32{{}: root}
	var ensure func(k tileKey) int32
	ensure = func(k tileKey) int32 {
		if i, ok := index[k]; ok {
			return i
		}
		parent := ensure(tileKey{k.level - 1, k.x >> 1, k.y >> 1, k.z >> 1})
		scale := math.Pow(2, float64(k.level))
		i := b.node(subdivide(t.BoundingVolume, k, octree), world, t.GeometricError/scale, refine, depth+k.level)
		b.nodes[parent].Children = append(b.nodes[parent].Children, i)
		index[k] = i
		return i
	}
	for _, k := range keys {
		i := ensure(k)
		for _, c := range t.contents() {
			if p, ok := b.ld.contentPath(dir, expand(c.path(), k)); ok {
				b.addContent(i, job{path: p, world: world, depth: depth + k.level})
			}
		}
	}
	return nil
}

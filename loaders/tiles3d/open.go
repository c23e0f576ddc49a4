package tiles3d

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"citytwin/loaders/gltf"
	"citytwin/scene"
	"citytwin/scene/affine"
)

// Open reads the tileset file name from fsys as a tree of tiles without
// decoding any content, and returns a layer of kind scene.Kind3DTiles whose
// Tiles load each tile's content on demand: Meshes is empty, Bounds is the
// root's bounding volume in the local frame. It reads the tileset JSON and
// the root subtree of its implicit tiles only: external tilesets and the
// other subtrees are read when the view reaches them (their tiles are
// scene.TileNode.Unexpanded until TileTree.Expand reads them), so a large
// tileset opens in a fraction of a second, whatever the number of files.
//
// Options are those of Load, except MaxTriangles (the renderer bounds
// what it keeps). Heights: when Open chooses the frame, or with
// gltf.GroundLowest, the frame is lowered to the bottom of the bounding
// volumes of the tiles known at open (Load uses the lowest vertex instead,
// which is only known once everything is loaded). Errors are those of
// Load; a missing or broken tile is an error of TileTree.Load naming the
// file, a missing or broken external tileset or subtree one of
// TileTree.Expand (or a warning of its expansion).
func Open(fsys fs.FS, name string, opts Options) (*scene.Layer, error) {
	return openTree(fsys, name, opts, true)
}

// openTree is Open; with lazy false it reads every external tileset and
// subtree at once (for comparing).
func openTree(fsys fs.FS, name string, opts Options, lazy bool) (*scene.Layer, error) {
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
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "tileset", Err: err}
	}
	b := newBuilder(ld, lazy)
	b.open, b.files = true, []string{name}
	_, err = b.add(ts.Root, affine.Identity, path.Dir(name), "", 0)
	ld.l.Warnings = append(ld.l.Warnings, b.warnings...)
	if err != nil {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "tileset", Err: err}
	}
	if len(b.nodes) == 0 {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "tileset has no usable tile: " + strings.Join(ld.l.Warnings, "; ")}
	}
	ld.chooseFrame()
	b.bounds()
	st := &treeState{ld: ld}
	if ld.chosen || opts.Ground == gltf.GroundLowest {
		st.dz = b.lowest()
	}
	b.shift(st.dz)
	ld.l.Origin = ld.frame.Origin
	if ld.chosen {
		ld.l.Origin.Alt += st.dz
	}
	ld.l.Bounds = b.nodes[0].Bounds
	tree := &scene.TileTree{Nodes: b.nodes, Load: st.load}
	st.bind(b, 0)
	if len(st.pend) > 0 {
		tree.Expand = st.expand
	}
	if _, ok := fsys.(contextReader); ok {
		tree.LoadContext = st.loadContext
		if tree.Expand != nil {
			tree.ExpandContext = st.expandContext
		}
	}
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

// loadTile decodes the content files js of a tile and moves them down by
// dz. It is safe for concurrent use: it only reads the loader's settings.
func (ld *loader) loadTile(js []job, dz float64) (*scene.Layer, error) {
	l := &scene.Layer{Kind: scene.Kind3DTiles}
	for _, j := range js {
		data, err := ld.read(j.path)
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

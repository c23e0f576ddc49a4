package tiles3d

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"strings"

	"citytwin/loaders/gltf"
	"citytwin/loaders/limit"
	"citytwin/scene"
	"citytwin/scene/affine"
)

// Options configure Load.
type Options struct {
	// ID and Title name the layer (ID defaults to the tileset's folder).
	ID, Title string
	// Frame is the scene's local frame. Nil: the frame is centred on the
	// root bounding volume, at the height of the lowest vertex, and stored
	// in Layer.Origin.
	Frame *scene.Frame
	// CRS is the EPSG code ("EPSG:3946") of tile transforms given in a
	// projected CRS. "" looks for "crs"/"epsg"/"srs" in the tileset's
	// asset.extras, extras or properties, then guesses from the
	// coordinates (French CC zones, Lambert-93) with a warning.
	CRS string
	// Ground says how heights meet the scene's ground (gltf.GroundKeep,
	// GroundLowest, or GroundFeatures to stand every building on z = 0 so
	// the tiles overlay flat GeoJSON layers).
	Ground gltf.Ground
	// MaxTriangles bounds the triangles loaded (0: DefaultMaxTriangles,
	// negative: no bound). Tiles are loaded coarse levels first; those
	// beyond the bound are skipped with a warning.
	MaxTriangles int
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
	// Limits bound the size of each file read (the tileset JSON, tile
	// contents, their buffers); zero: limit's defaults.
	Limits limit.Limits
}

// DefaultMaxTriangles is the triangle budget of a tileset layer: about
// 600 MB of meshes at 120 bytes per triangle.
const DefaultMaxTriangles = 5_000_000

// maxNesting bounds external tilesets inside tilesets and tile depth.
const maxNesting = 64

// loader holds the state of one Load.
type loader struct {
	fsys   fs.FS
	name   string
	opts   Options
	frame  *scene.Frame
	proj   *projection
	l      *scene.Layer
	loaded int
	failed int
	nested int
	jobs   []job
	memo   map[*tile]bool
	chosen bool
	// ctx, when not nil, is the context reads go through (withContext).
	ctx context.Context
}

// Load reads the tileset file name from fsys and loads its content into
// one layer of kind scene.Kind3DTiles (see the package doc for which tiles
// are loaded). A missing or broken tile is reported by path in
// Layer.Warnings and the rest is loaded. Errors that make the tileset
// unusable (unreadable or invalid tileset JSON, no loadable tile) are
// *gltf.InputError values naming the file.
func Load(fsys fs.FS, name string, opts Options) (*scene.Layer, error) {
	ld := &loader{fsys: fsys, name: name, opts: opts}
	ts, err := ld.readTileset(name)
	if err != nil {
		return nil, err
	}
	id := opts.ID
	if id == "" {
		id = path.Base(path.Dir(name))
		if id == "." || id == "/" {
			id = path.Base(name)
		}
	}
	ld.l = &scene.Layer{ID: id, Title: opts.Title, Kind: scene.Kind3DTiles, Src: name, Visible: true}
	if ld.l.Title == "" {
		ld.l.Title = id
	}
	if err := ld.setup(ts); err != nil {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "tileset", Err: err}
	}
	if err := ld.walk(ts.Root, affine.Identity, path.Dir(name), "", 0); err != nil {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "tileset", Err: err}
	}
	ld.chooseFrame()
	ld.l.Origin = ld.frame.Origin
	ld.run()
	if ld.loaded == 0 && ld.failed > 0 {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: fmt.Sprintf("none of its %d tiles could be loaded: %s", ld.failed, strings.Join(ld.l.Warnings, "; "))}
	}
	if ld.loaded == 0 {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "tileset has no usable tile: " + strings.Join(append([]string{"no tile has content"}, ld.l.Warnings...), "; ")}
	}
	gltf.Finish(ld.l)
	if ld.chosen {
		gltf.GroundFrame(ld.l)
	}
	gltf.ApplyGround(ld.l, opts.Ground)
	if opts.Logger != nil {
		for _, w := range ld.l.Warnings {
			opts.Logger.Warn("3dtiles", "file", name, "warning", w)
		}
	}
	return ld.l, nil
}

// read reads a file of the tileset after checking its size.
func (ld *loader) read(name string) ([]byte, error) {
	if data, ok, err := ld.readContext(name); ok {
		return data, err
	}
	return limit.ReadFile(ld.fsys, name, "3D Tiles", ld.opts.Limits.TileContentBytes())
}

func (ld *loader) warnf(format string, args ...any) {
	ld.l.Warnings = append(ld.l.Warnings, fmt.Sprintf(format, args...))
}

func (ld *loader) readTileset(name string) (*tileset, error) {
	data, err := ld.read(name)
	if err != nil {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "cannot read tileset", Err: limit.Unnamed(err)}
	}
	var ts tileset
	if err := json.Unmarshal(data, &ts); err != nil {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "invalid tileset JSON", Err: err}
	}
	if ts.Root == nil {
		return nil, &gltf.InputError{Prefix: "3dtiles", File: name, Reason: "tileset has no root tile"}
	}
	return &ts, nil
}

// walk visits tile t (world transform parent·t.transform), loading its
// content according to refinement, then its children.
func (ld *loader) walk(t *tile, parent affine.Mat4, dir, refine string, depth int) error {
	if depth > maxNesting {
		return fmt.Errorf("tiles nested deeper than %d", maxNesting)
	}
	if t == nil {
		return nil
	}
	m, err := matrix(t.Transform)
	if err != nil {
		ld.warnf("tile at depth %d: %v; skipped", depth, err)
		return nil
	}
	world := parent.Mul(m)
	if t.Refine != "" {
		refine = strings.ToUpper(t.Refine)
	}
	if it := t.implicit(); it != nil && len(t.contents()) > 0 {
		return ld.implicit(t, it, world, dir, refine)
	}
	leaf := !ld.hasContent(t.Children, depth+1)
	if refine != "REPLACE" || leaf {
		for _, c := range t.contents() {
			ld.content(dir, c.path(), world, t.BoundingVolume, refine, depth)
		}
	}
	for _, c := range t.Children {
		if err := ld.walk(c, world, dir, refine, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// hasContent reports whether any of the tiles or their descendants has
// content, remembering the answer per tile (so REPLACE trees cost linear
// time).
func (ld *loader) hasContent(ts []*tile, depth int) bool {
	if depth > maxNesting {
		return false
	}
	if ld.memo == nil {
		ld.memo = map[*tile]bool{}
	}
	found := false
	for _, t := range ts {
		if t == nil {
			continue
		}
		has, ok := ld.memo[t]
		if !ok {
			has = len(t.contents()) > 0 || ld.hasContent(t.Children, depth+1)
			ld.memo[t] = has
		}
		found = found || has
	}
	return found
}

func (ld *loader) implicit(t *tile, it *implicitTiling, world affine.Mat4, dir, refine string) error {
	keys, warnings, err := implicitContents(ld.fsys, dir, it)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		ld.warnf("%s", w)
	}
	if refine == "REPLACE" {
		keys = leavesOnly(keys)
	}
	for _, k := range keys {
		for _, c := range t.contents() {
			ld.content(dir, expand(c.path(), k), world, boundingVolume{}, refine, k.level)
		}
	}
	return nil
}

// content queues one content file (an external tileset is read and
// walked at once); path problems become warnings.
func (ld *loader) content(dir, uri string, world affine.Mat4, bv boundingVolume, refine string, depth int) {
	if strings.Contains(uri, "://") {
		ld.warnf("tile %s: only local files are loaded", uri)
		ld.failed++
		return
	}
	p, why := resolveContent(dir, uri)
	if why != "" {
		ld.warnf("tile %s: %s", uri, why)
		ld.failed++
		return
	}
	if strings.HasSuffix(strings.ToLower(p), ".json") {
		if ld.nested++; ld.nested > maxNesting*16 {
			ld.warnf("tileset %s: too many external tilesets (does it include itself?); skipped", p)
			ld.failed++
			return
		}
		ts, err := ld.readTileset(p)
		if err != nil {
			ld.warnf("tile %s: %v", p, err)
			ld.failed++
			return
		}
		if err := ld.walk(ts.Root, world, path.Dir(p), refine, depth+1); err != nil {
			ld.warnf("tileset %s: %v", p, err)
		}
		return
	}
	ld.jobs = append(ld.jobs, job{path: p, world: world, bv: bv, depth: depth})
}

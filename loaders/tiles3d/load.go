package tiles3d

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"path"
	"strings"

	"citytwin/loaders/gltf"
	"citytwin/scene"
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
}

// DefaultMaxTriangles is the triangle budget of a tileset layer: about
// 600 MB of meshes at 120 bytes per triangle.
const DefaultMaxTriangles = 5_000_000

// ecefLimit separates Earth-centred translations (longer) from projected
// ones (metres in a national grid, shorter).
const ecefLimit = 6e6

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
		return nil, &gltf.InputError{File: name, Reason: "tileset", Err: err}
	}
	if err := ld.walk(ts.Root, gltf.Identity, path.Dir(name), "", 0); err != nil {
		return nil, &gltf.InputError{File: name, Reason: "tileset", Err: err}
	}
	ld.chooseFrame()
	ld.l.Origin = ld.frame.Origin
	ld.run()
	if ld.loaded == 0 && ld.failed > 0 {
		return nil, &gltf.InputError{File: name, Reason: fmt.Sprintf("none of its %d tiles could be loaded: %s", ld.failed, strings.Join(ld.l.Warnings, "; "))}
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

func (ld *loader) warnf(format string, args ...any) {
	ld.l.Warnings = append(ld.l.Warnings, fmt.Sprintf(format, args...))
}

func (ld *loader) readTileset(name string) (*tileset, error) {
	data, err := fs.ReadFile(ld.fsys, name)
	if err != nil {
		return nil, &gltf.InputError{File: name, Reason: "cannot read tileset", Err: err}
	}
	var ts tileset
	if err := json.Unmarshal(data, &ts); err != nil {
		return nil, &gltf.InputError{File: name, Reason: "invalid tileset JSON", Err: err}
	}
	if ts.Root == nil {
		return nil, &gltf.InputError{File: name, Reason: "tileset has no root tile"}
	}
	return &ts, nil
}

// matrix reads a tile transform (column-major 4×4); nil is the identity.
func matrix(t []float64) (gltf.Mat4, error) {
	if t == nil {
		return gltf.Identity, nil
	}
	if len(t) != 16 {
		return gltf.Mat4{}, fmt.Errorf("transform has %d numbers, want 16", len(t))
	}
	m := gltf.Mat4(t)
	if !m.Finite() {
		return gltf.Mat4{}, fmt.Errorf("transform is not finite")
	}
	return m, nil
}

func norm(v [3]float64) float64 { return math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2]) }

// setup decides how the tileset is georeferenced (ECEF or a projected CRS)
// and chooses the frame when none is given.
func (ld *loader) setup(ts *tileset) error {
	root := ts.Root
	rootM, err := matrix(root.Transform)
	if err != nil {
		return fmt.Errorf("root: %w", err)
	}
	// A representative point of the tileset in its world coordinates.
	var centre [3]float64
	var geo *scene.Geo
	bv := root.BoundingVolume
	switch {
	case len(bv.Region) == 6:
		g := scene.Geo{Lon: (bv.Region[0] + bv.Region[2]) / 2 * 180 / math.Pi, Lat: (bv.Region[1] + bv.Region[3]) / 2 * 180 / math.Pi}
		geo = &g
	case len(bv.Box) == 12:
		centre = rootM.Apply([3]float64{bv.Box[0], bv.Box[1], bv.Box[2]})
	case len(bv.Sphere) == 4:
		centre = rootM.Apply([3]float64{bv.Sphere[0], bv.Sphere[1], bv.Sphere[2]})
	default:
		centre = rootM.Translation()
	}
	// Projected coordinates: a CRS is named, or translations/centres are
	// large but not Earth-centred.
	crs := ld.opts.CRS
	if crs == "" {
		crs = crsFrom(ts)
	}
	projected := crs != ""
	probe := centre
	if geo == nil && !projected {
		if n := norm(probe); n > 1e5 && n < ecefLimit {
			projected = true
		} else if n <= 1e5 {
			// The root may be local: look at the first child transforms.
			for _, c := range root.Children {
				if m, err := matrix(c.Transform); err == nil {
					t := rootM.Mul(m).Translation()
					if n := norm(t); n > 1e5 && n < ecefLimit {
						projected, probe = true, t
						break
					}
				}
			}
		}
	}
	if projected {
		if crs == "" {
			crs = guessCRS(probe[0], probe[1])
			if crs == "" {
				return fmt.Errorf("coordinates (%.0f, %.0f) are in a projected CRS that cannot be guessed; set the layer's crs (an EPSG code)", probe[0], probe[1])
			}
			ld.warnf("the tileset's coordinates are in a projected CRS that it does not name; guessed %s from their range (set the layer's crs to be sure)", crs)
		}
		p, err := newProjection(crs)
		if err != nil {
			return err
		}
		ld.proj = p
		if geo == nil {
			g := p.toGeo(probe)
			geo = &scene.Geo{Lon: g.Lon, Lat: g.Lat}
		}
	}
	ld.frame = ld.opts.Frame
	if ld.frame == nil {
		if geo == nil && norm(centre) > ecefLimit {
			g := scene.ECEFToGeodetic(scene.Vec3(centre))
			geo = &scene.Geo{Lon: g.Lon, Lat: g.Lat}
		}
		if geo != nil {
			ld.frame = scene.NewFrame(*geo)
			ld.chosen = true
		}
		// Otherwise chooseFrame looks at the tiles' transforms.
	}
	return nil
}

// chooseFrame picks a frame when the root did not tell: at the first tile
// whose transform is Earth-centred, else at 0°, 0° with a warning.
func (ld *loader) chooseFrame() {
	if ld.frame != nil {
		return
	}
	geo := scene.Geo{}
	found := false
	for _, j := range ld.jobs {
		if t := j.world.Translation(); norm(t) > ecefLimit {
			g := scene.ECEFToGeodetic(scene.Vec3(t))
			geo, found = scene.Geo{Lon: g.Lon, Lat: g.Lat}, true
			break
		}
	}
	if !found {
		ld.warnf("the tileset has no georeferencing that citytwin recognises; placed at 0°, 0°")
	}
	ld.frame = scene.NewFrame(geo)
	ld.chosen = true
}

// crsFrom looks for a CRS name in the tileset's extras and properties.
func crsFrom(ts *tileset) string {
	for _, m := range []map[string]any{ts.Asset.Extras, ts.Extras, ts.Properties} {
		for _, k := range []string{"crs", "CRS", "epsg", "EPSG", "srs", "srid"} {
			switch v := m[k].(type) {
			case string:
				return v
			case float64:
				return fmt.Sprintf("EPSG:%d", int(v))
			}
		}
	}
	return ""
}

// toLocal returns the transform of content with world transform w (tile
// transform chain, RTC centre, y-up→z-up already applied) into the local
// frame; centre is a point of the content in model coordinates.
func (ld *loader) toLocal(w gltf.Mat4, centre [3]float64) gltf.Mat4 {
	if ld.proj != nil {
		return ld.proj.toLocal(ld.frame, w.Apply(centre)).Mul(w)
	}
	return gltf.FromECEF(ld.frame).Mul(w)
}

// walk visits tile t (world transform parent·t.transform), loading its
// content according to refinement, then its children.
func (ld *loader) walk(t *tile, parent gltf.Mat4, dir, refine string, depth int) error {
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

func (ld *loader) implicit(t *tile, it *implicitTiling, world gltf.Mat4, dir, refine string) error {
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
func (ld *loader) content(dir, uri string, world gltf.Mat4, bv boundingVolume, refine string, depth int) {
	if strings.Contains(uri, "://") {
		ld.warnf("tile %s: only local files are loaded", uri)
		ld.failed++
		return
	}
	p := path.Join(dir, strings.SplitN(uri, "?", 2)[0])
	if !fs.ValidPath(p) {
		ld.warnf("tile %s: path leaves the tileset's folder", uri)
		ld.failed++
		return
	}
	if strings.HasSuffix(strings.ToLower(p), ".json") {
		if ld.nested++; ld.nested > maxNesting*16 {
			ld.warnf("tileset %s: too many external tilesets; skipped", p)
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

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// tileData loads b3dm, glb, gltf or cmpt bytes of tile p.
func (ld *loader) tileData(dst *scene.Layer, p string, data []byte, world gltf.Mat4, bv boundingVolume) error {
	props := map[string]any{"tile": p}
	switch {
	case len(data) >= 4 && string(data[:4]) == "b3dm":
		b, err := parseB3DM(data)
		if err != nil {
			return err
		}
		w := world
		if b.rtc != nil {
			w = w.Mul(gltf.Translate(*b.rtc))
		}
		base := len(dst.Features)
		for i := 0; i < b.batchLen; i++ {
			row := map[string]any{"tile": p, "batch_id": float64(i)}
			if b.batchRows != nil {
				for k, v := range b.batchRows[i] {
					row[k] = v
				}
			}
			dst.Features = append(dst.Features, scene.Feature{ID: featureID(row, p, i), Index: i, Properties: row})
		}
		featureOf := func(id int) int {
			if id >= 0 && id < b.batchLen {
				return base + id
			}
			return -1
		}
		return ld.glb(dst, p, b.glb, w, props, featureOf)
	case len(data) >= 4 && string(data[:4]) == "cmpt":
		inner, err := splitCMPT(data)
		if err != nil {
			return err
		}
		for i, d := range inner {
			if err := ld.tileData(dst, fmt.Sprintf("%s#%d", p, i), d, world, bv); err != nil {
				return fmt.Errorf("inner tile %d: %w", i, err)
			}
		}
		return nil
	case len(data) >= 4 && string(data[:4]) == "i3dm":
		return ld.i3dm(dst, p, data, world)
	case len(data) >= 4 && string(data[:4]) == "pnts":
		return fmt.Errorf("%s content is not supported yet", data[:4])
	default:
		return ld.glb(dst, p, data, world, props, nil)
	}
}

// i3dm places every instance of an instanced tile, one feature each.
func (ld *loader) i3dm(dst *scene.Layer, p string, data []byte, world gltf.Mat4) error {
	in, err := parseI3DM(data)
	if err != nil {
		return err
	}
	glbName, glb := p, in.glb
	if in.uri != "" {
		glbName = path.Join(path.Dir(p), in.uri)
		if !fs.ValidPath(glbName) {
			return fmt.Errorf("glTF uri %q leaves the tileset's folder", in.uri)
		}
		if glb, err = fs.ReadFile(ld.fsys, glbName); err != nil {
			return fmt.Errorf("glTF %s: %w", glbName, unwrapPath(err))
		}
	}
	m, err := gltf.Decode(ld.fsys, glbName, glb)
	if err != nil {
		return err
	}
	centre := [3]float64{}
	if lo, hi, ok := m.Bounds(gltf.Identity); ok {
		centre = [3]float64{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2}
	}
	for i, inst := range in.instances {
		row := map[string]any{"tile": p, "instance": float64(i), "batch_id": float64(in.batchIDs[i])}
		if in.batchRows != nil && in.batchIDs[i] >= 0 && in.batchIDs[i] < len(in.batchRows) {
			for k, v := range in.batchRows[in.batchIDs[i]] {
				row[k] = v
			}
		}
		fi := len(dst.Features)
		dst.Features = append(dst.Features, scene.Feature{ID: featureID(row, p, i), Index: i, Properties: row})
		w := world.Mul(inst).Mul(gltf.YUpToZUp)
		if err := m.AppendTo(dst, gltf.Instance{ToLocal: ld.toLocal(w, centre), Feature: &fi, Properties: row}); err != nil {
			return err
		}
	}
	for _, s := range m.Warnings() {
		dst.Warnings = append(dst.Warnings, fmt.Sprintf("tile %s: %s", p, s))
	}
	return nil
}

// glb places a glTF/GLB tile: y-up→z-up, then the tile's world transform.
func (ld *loader) glb(dst *scene.Layer, p string, data []byte, world gltf.Mat4, props map[string]any, featureOf func(int) int) error {
	m, err := gltf.Decode(ld.fsys, p, data)
	if err != nil {
		return err
	}
	w := world.Mul(gltf.YUpToZUp)
	if rtc, ok := m.Georeference(); ok && rtc != gltf.YUpToZUp {
		// CESIUM_RTC inside the tile: centre added after the axis turn.
		w = world.Mul(rtc)
	}
	centre := [3]float64{}
	if lo, hi, ok := m.Bounds(gltf.Identity); ok {
		centre = [3]float64{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2}
	}
	if err := m.AppendTo(dst, gltf.Instance{ToLocal: ld.toLocal(w, centre), FeatureOf: featureOf, Properties: props}); err != nil {
		return err
	}
	for _, s := range m.Warnings() {
		dst.Warnings = append(dst.Warnings, fmt.Sprintf("tile %s: %s", p, s))
	}
	return nil
}

// featureID picks a batch-table identifier for a feature.
func featureID(row map[string]any, tile string, i int) string {
	for _, k := range []string{"id", "ID", "gml_id", "gmlid", "identificatie", "cityobject_id", "name"} {
		if s, ok := row[k].(string); ok && s != "" {
			return s
		}
	}
	return fmt.Sprintf("%s#%d", tile, i)
}

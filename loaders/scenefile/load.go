package scenefile

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"strings"

	"citytwin/loaders/limit"
	"citytwin/scene"
)

// LayerOptions is what a LayerLoader gets from the scene file for one layer.
type LayerOptions struct {
	ID, Title string
	// Frame is the scene's local frame; nil asks the loader to choose one
	// (the centre of the data) and report it in Layer.Origin.
	Frame      *scene.Frame
	Style      *scene.Style // nil: the loader's defaults
	IDProperty string
	Placement  *Placement // glTF only; nil: at the frame origin
	CRS        string     // 3D Tiles only
	// TokenEnv names the environment variable of a bearer token for a
	// tileset src given as a URL.
	TokenEnv string
	// StoreyHeight is the scene's metres per storey (0: 3 m).
	StoreyHeight float64
	Logger       *slog.Logger
	// Limits bound the sizes of the files the loader reads.
	Limits limit.Limits
}

// LayerLoader loads the file src of fsys (a path inside the scene folder,
// already checked with CleanSrc) as one layer. For 3D Tiles, src may also
// be the http(s):// URL of a tileset (IsTilesetURL), which the loader
// fetches itself.
type LayerLoader func(fsys fs.FS, src string, opts LayerOptions) (*scene.Layer, error)

// Loaders holds one LayerLoader per layer kind. A nil loader turns layers of
// its kind into empty layers with a warning.
type Loaders struct {
	GeoJSON LayerLoader
	GLTF    LayerLoader
	Tiles3D LayerLoader
}

func (ls Loaders) forKind(k scene.LayerKind) LayerLoader {
	switch k {
	case scene.KindGeoJSON:
		return ls.GeoJSON
	case scene.KindGLTF:
		return ls.GLTF
	case scene.Kind3DTiles:
		return ls.Tiles3D
	}
	return nil
}

// Options configure Load.
type Options struct {
	// Loaders load the layers (citytwin/loaders/open provides the real ones).
	Loaders Loaders
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
	// Limits bound the size of the scene file and are passed to the layer
	// loaders (zero: limit's defaults).
	Limits limit.Limits
}

// Load reads the scene file name from fsys and loads its layers. Layer
// paths are taken relative to name's folder and cannot leave it.
//
// The scene's frame is centred on the file's origin or, without one, on the
// Origin the first loadable layer was placed at (the centre of its extent,
// or a georeferenced model's own origin). Layers that fail to load become
// empty layers with the reason in their Warnings and in Scene.Warnings, so
// scenarios that name them still evaluate. Load fails with an *InputError
// when the file cannot be used (see Parse) or when it declares layers and
// none of them loads.
func Load(fsys fs.FS, name string, opts Options) (*scene.Scene, error) {
	data, err := limit.ReadFile(fsys, name, "scene", opts.Limits.SceneBytes())
	if err != nil {
		return nil, &InputError{File: name, Reason: "cannot read the scene file", Err: limit.Unnamed(err)}
	}
	f, warnings, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	root := fsys
	if dir := path.Dir(name); dir != "." {
		if root, err = fs.Sub(fsys, dir); err != nil {
			return nil, &InputError{File: name, Reason: "cannot open the scene's folder", Err: err}
		}
	}
	return Assemble(root, name, f, warnings, opts)
}

// Assemble loads the layers of a parsed scene file from fsys (rooted at the
// scene's folder) and builds the Scene; warnings are carried into
// Scene.Warnings. Load is Parse followed by Assemble.
func Assemble(fsys fs.FS, name string, f *File, warnings []string, opts Options) (*scene.Scene, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	sc := &scene.Scene{
		Name:              f.Name,
		KeyFigures:        f.KPIs,
		StoreyHeight:      f.StoreyHeight,
		DwellingFloorArea: f.DwellingFloorArea,
		FlatsProperty:     f.FlatsProperty,
		Warnings:          append([]string(nil), warnings...),
	}
	if sc.Name == "" {
		sc.Name = strings.TrimSuffix(path.Base(name), path.Ext(name))
	}
	sc.Live = append([]scene.LiveSource(nil), f.Live...)
	for i := range sc.Live {
		if ls := &sc.Live[i]; ls.CAFile != "" {
			ca, _ := CleanSrc(ls.CAFile) // checked by Parse
			var err error
			if ls.CAPEM, err = fs.ReadFile(fsys, ca); err != nil {
				return nil, &InputError{File: name, Path: fmt.Sprintf("live[%d].ca_file", i), Reason: "cannot read the CA file " + ls.CAFile, Err: err}
			}
		}
	}
	if f.Kiosk != nil {
		sc.Kiosk = *f.Kiosk
	}
	if loc, at, err := f.SunSettings(); err == nil { // Validate reported errors
		sc.TimeZone, sc.Sun = loc, at
	}
	for _, w := range warnings {
		log.Warn(w)
	}
	a := &assembler{fsys: fsys, name: name, opts: opts, log: log, sc: sc}
	if f.Origin != nil {
		sc.Origin = scene.Geo{Lon: f.Origin.Lon, Lat: f.Origin.Lat, Alt: f.Origin.Alt}
		sc.Frame = scene.NewFrame(sc.Origin)
	}
	loaded := 0
	for i := range f.Layers {
		l, ok := a.layer(fmt.Sprintf("layers[%d]", i), &f.Layers[i])
		if ok {
			loaded++
		}
		sc.Layers = append(sc.Layers, l)
	}
	if len(f.Layers) > 0 && loaded == 0 {
		return nil, &InputError{File: name, Reason: "none of its layers could be loaded: " + strings.Join(sc.Warnings[len(warnings):], "; ")}
	}
	if sc.Frame == nil {
		// No layer, no origin: a frame at 0°, 0° keeps the scene usable.
		sc.Frame = scene.NewFrame(sc.Origin)
	}
	sc.Scenarios = make([]scene.Scenario, len(f.Scenarios))
	for i, s := range f.Scenarios {
		s.Changes = append([]scene.Change(nil), s.Changes...)
		for j := range s.Changes {
			ch := &s.Changes[j]
			if len(ch.Add) == 0 || string(ch.Add) == "null" {
				continue
			}
			var spec LayerSpec
			if err := json.Unmarshal(ch.Add, &spec); err != nil { // Parse decoded it once already
				return nil, &InputError{File: name, Path: fmt.Sprintf("scenarios[%d].changes[%d].add", i, j), Reason: "want a layer", Err: err}
			}
			ch.Added, _ = a.layer(fmt.Sprintf("scenarios[%d].changes[%d].add", i, j), &spec)
		}
		sc.Scenarios[i] = s
	}
	for _, w := range sc.UnmatchedIDs() {
		sc.Warnings = append(sc.Warnings, fmt.Sprintf("%s: %s", name, w))
		a.log.Warn("scenario ids match no feature", "scene", name, "warning", w)
	}
	for _, v := range f.Views {
		sc.Views = append(sc.Views, scene.View{
			Name: v.Name, Camera: v.Camera.Camera(sc.Frame), Scenarios: v.Scenarios, Caption: v.Caption,
		})
	}
	sc.Home = HomeCamera(sc)
	return sc, nil
}

// assembler loads the layers of one scene.
type assembler struct {
	fsys fs.FS
	name string
	opts Options
	log  *slog.Logger
	sc   *scene.Scene
}

// layer loads one layer spec. On failure it returns an empty layer carrying
// the reason, and false. The first layer loaded without a scene frame sets
// the scene's origin.
func (a *assembler) layer(at string, spec *LayerSpec) (*scene.Layer, bool) {
	kind := scene.LayerKind(spec.Kind)
	visible := spec.Visible == nil || *spec.Visible
	load := a.opts.Loaders.forKind(kind)
	var l *scene.Layer
	var err error
	if load == nil {
		err = fmt.Errorf("no loader for %s layers", kind)
	} else {
		l, err = load(a.fsys, spec.Src, LayerOptions{
			ID: spec.ID, Title: spec.Title, Frame: a.sc.Frame, Style: spec.Style,
			IDProperty: spec.IDProperty, Placement: spec.Placement, CRS: spec.CRS, TokenEnv: spec.TokenEnv,
			StoreyHeight: a.sc.StoreyHeight, Logger: a.log, Limits: a.opts.Limits,
		})
		if err == nil && l == nil {
			err = fmt.Errorf("the %s loader returned no layer", kind)
		}
	}
	if err != nil {
		msg := fmt.Sprintf("%s: %s: layer %q (%s): not loaded: %v", a.name, at, spec.ID, spec.Src, err)
		a.sc.Warnings = append(a.sc.Warnings, msg)
		a.log.Warn("layer not loaded", "scene", a.name, "layer", spec.ID, "src", spec.Src, "err", err)
		l = &scene.Layer{Bounds: scene.EmptyBox(), Origin: a.sc.Origin, Warnings: []string{"not loaded: " + err.Error()}}
		if spec.Style != nil {
			l.Style = *spec.Style
		}
		a.fill(l, spec, kind, visible)
		return l, false
	}
	if a.sc.Frame == nil {
		a.sc.Origin = l.Origin
		a.sc.Frame = scene.NewFrame(l.Origin)
	}
	if l.Style == (scene.Style{}) && spec.Style != nil {
		l.Style = *spec.Style
	}
	a.fill(l, spec, kind, visible)
	if spec.Attribution != "" {
		l.Attribution = spec.Attribution
	}
	return l, true
}

// fill sets what the scene file says about a layer over what the loader set.
func (a *assembler) fill(l *scene.Layer, spec *LayerSpec, kind scene.LayerKind, visible bool) {
	l.ID = spec.ID
	if spec.Title != "" {
		l.Title = spec.Title
	}
	if l.Title == "" {
		l.Title = spec.ID
	}
	l.Kind = kind
	l.Src = spec.Src
	l.Visible = visible
	if spec.IDProperty != "" {
		l.IDProperty = spec.IDProperty
	}
	if spec.Attribution != "" {
		l.Attribution = spec.Attribution
	}
}

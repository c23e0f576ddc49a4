package open

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"citytwin/assets"
	"citytwin/loaders/limit"
	"citytwin/loaders/remote"
	"citytwin/loaders/scenefile"
	"citytwin/scene"
)

// Demo loads the built-in demo city (Monaco, see citytwin/assets) through
// the same scene-file code as a scene on disk.
func Demo() (*scene.Scene, error) {
	return scenefile.Load(assets.Demo(), assets.DemoScene, scenefile.Options{Loaders: Loaders()})
}

// Files opens the files named by the user as one scene. Each path is a
// scene file, a model (.glb, .gltf), a 3D Tiles tileset (tileset.json, or
// any .json with "asset" and "root"), a GeoJSON layer (.geojson, or .json
// holding GeoJSON), or a folder holding scene.json or tileset.json.
//
// At most one path may be a scene file; other files become extra layers of
// that scene, in its frame. Without a scene file the scene is named after
// the files and centred on the first file's extent (a georeferenced model
// keeps its own origin; a glTF model is passed over for a later file that
// is not one, since without georeferencing it lies at 0°, 0°); each file is
// one layer, its id the file name without extension (made unique). The Home camera frames the union of all layers (or is
// the scene's home view). log receives warnings; nil discards them.
//
// Errors naming a file that cannot be used satisfy IsInputError.
func Files(paths []string, log *slog.Logger) (*scene.Scene, error) {
	return files(paths, log, Loaders(), false, limit.Limits{})
}

// input is one path named by the user, classified.
type input struct {
	path    string // as given
	dir     string // the folder read through an os.Root
	name    string // the file inside dir
	content content
	url     bool // path is an http(s) URL of a tileset, read by its loader
}

// files opens paths with loaders; keep leaves the folders open after
// loading (for layers that read their files later).
func files(paths []string, log *slog.Logger, loaders scenefile.Loaders, keep bool, lim limit.Limits) (*scene.Scene, error) {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if len(paths) == 0 {
		return nil, &InputError{File: "(none)", Reason: "no file to open"}
	}
	var inputs []input
	sceneAt := -1
	for _, p := range paths {
		in, err := classifyPath(p)
		if err != nil {
			return nil, err
		}
		if in.content == contentScene {
			if sceneAt >= 0 {
				return nil, &InputError{File: p, Reason: fmt.Sprintf("a second scene file (after %s): open one scene at a time", inputs[sceneAt].path)}
			}
			sceneAt = len(inputs)
		}
		inputs = append(inputs, in)
	}
	var sc *scene.Scene
	if sceneAt >= 0 {
		in := inputs[sceneAt]
		err := withRoot(in.dir, keep, func(fsys fs.FS) error {
			var err error
			sc, err = scenefile.Load(fsys, in.name, scenefile.Options{Loaders: loaders, Logger: log, Limits: lim})
			return err
		})
		if err != nil {
			return nil, err
		}
	} else {
		sc = &scene.Scene{Name: sceneName(paths)}
	}
	ids := map[string]bool{}
	for _, l := range sc.Layers {
		ids[l.ID] = true
	}
	for _, s := range sc.Scenarios {
		for _, ch := range s.Changes {
			if ch.Added != nil {
				ids[ch.Added.ID] = true
			}
		}
	}
	// Without a scene, the first file that is not a glTF model sets the
	// frame (a model without georeferencing would put it at 0°, 0°); the
	// layers keep the order the files were named in.
	lead := -1
	if sc.Frame == nil {
		lead = 0
		for i, in := range inputs {
			if in.content != contentGLTF {
				lead = i
				break
			}
		}
	}
	bare := make([]*scene.Layer, len(inputs))
	for _, i := range loadOrder(len(inputs), lead) {
		in := inputs[i]
		if i == sceneAt {
			continue
		}
		l, err := loadBare(in, sc.Frame, uniqueID(layerID(in), ids), log, loaders, keep, lim)
		if err != nil {
			return nil, err
		}
		if sc.Frame == nil {
			sc.Origin = l.Origin
			sc.Frame = scene.NewFrame(l.Origin)
		}
		bare[i] = l
	}
	for _, l := range bare {
		if l != nil {
			sc.Layers = append(sc.Layers, l)
		}
	}
	if sc.Frame == nil {
		sc.Frame = scene.NewFrame(sc.Origin)
	}
	sc.Home = scenefile.HomeCamera(sc)
	return sc, nil
}

// loadOrder lists 0..n-1 with lead (if ≥ 0) moved to the front.
func loadOrder(n, lead int) []int {
	order := make([]int, 0, n)
	if lead >= 0 {
		order = append(order, lead)
	}
	for i := 0; i < n; i++ {
		if i != lead {
			order = append(order, i)
		}
	}
	return order
}

// classifyPath finds out what path holds; a folder stands for the
// scene.json or tileset.json in it.
func classifyPath(p string) (input, error) {
	if remote.IsURL(p) {
		return input{path: p, name: p, content: content3DTiles, url: true}, nil
	}
	info, err := os.Stat(p)
	if err != nil {
		return input{}, &InputError{File: p, Reason: "cannot open", Err: err}
	}
	in := input{path: p, dir: filepath.Dir(p), name: filepath.Base(p)}
	if info.IsDir() {
		in.dir = p
		in.name = ""
		for _, n := range []string{"scene.json", "tileset.json"} {
			if fi, err := os.Stat(filepath.Join(p, n)); err == nil && !fi.IsDir() {
				in.name = n
				break
			}
		}
		if in.name == "" {
			return input{}, &InputError{File: p, Reason: "a folder without scene.json or tileset.json"}
		}
	}
	in.content, err = classify(in.name, func() (io.Reader, error) { return os.Open(filepath.Join(in.dir, in.name)) })
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			ie.File = p
		}
		return input{}, err
	}
	return in, nil
}

// withRoot runs f on an fs.FS confined to dir (symbolic links included).
// With keep the folder stays open for the life of the process (streamed
// layers read from it later).
func withRoot(dir string, keep bool, f func(fs.FS) error) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return &InputError{File: dir, Reason: "cannot open folder", Err: err}
	}
	if !keep {
		defer root.Close()
	}
	return f(root.FS())
}

// loadBare loads one file named on the command line as a layer.
func loadBare(in input, frame *scene.Frame, id string, log *slog.Logger, loaders scenefile.Loaders, keep bool, lim limit.Limits) (*scene.Layer, error) {
	kind := in.content.kind()
	var load scenefile.LayerLoader
	switch kind {
	case scene.KindGLTF:
		load = loaders.GLTF
	case scene.Kind3DTiles:
		load = loaders.Tiles3D
	default:
		load = loaders.GeoJSON
	}
	if load == nil {
		return nil, fmt.Errorf("%s: no loader for %s", in.path, kind)
	}
	var l *scene.Layer
	var err error
	if in.url {
		l, err = load(nil, in.path, scenefile.LayerOptions{ID: id, Title: id, Frame: frame, Logger: log, Limits: lim})
		in.path, in.name = remote.Redact(in.path), remote.Redact(in.path)
	} else {
		err = withRoot(in.dir, keep, func(fsys fs.FS) error {
			var err error
			l, err = load(fsys, in.name, scenefile.LayerOptions{ID: id, Title: in.name, Frame: frame, Logger: log, Limits: lim})
			return err
		})
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	if l == nil {
		return nil, fmt.Errorf("%s: the %s loader returned no layer", in.path, kind)
	}
	l.ID = id
	l.Kind = kind
	l.Src = in.name
	if l.Title == "" {
		l.Title = in.name
	}
	return l, nil
}

// layerID names a bare file's layer: the file name without extension, or
// the folder's name for a tileset.json.
func layerID(in input) string {
	if in.url {
		return urlLayerID(in.path)
	}
	name := in.name
	if in.content == content3DTiles && strings.EqualFold(name, "tileset.json") {
		if abs, err := filepath.Abs(in.dir); err == nil {
			return filepath.Base(abs)
		}
	}
	return strings.TrimSuffix(name, filepath.Ext(name))
}

// uniqueID returns id, or id-2, id-3… when taken, and records it.
func uniqueID(id string, taken map[string]bool) string {
	out := id
	for n := 2; taken[out]; n++ {
		out = fmt.Sprintf("%s-%d", id, n)
	}
	taken[out] = true
	return out
}

// sceneName names a scene of bare files after them.
func sceneName(paths []string) string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
		if remote.IsURL(p) {
			names[i] = urlLayerID(p)
		}
	}
	switch len(names) {
	case 1:
		return names[0]
	case 2, 3:
		return strings.Join(names, " + ")
	}
	return fmt.Sprintf("%s, %s and %d more", names[0], names[1], len(names)-2)
}

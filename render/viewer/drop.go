package viewer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/loaders/open"
	"citytwin/loaders/scenefile"
	"citytwin/render"
	"citytwin/scene"
)

// dropFiles adds the files dropped on the window this tick as layers: a
// .geojson, a .glb or .gltf model, a tileset.json, or a scene file (its
// layers, placed in this scene's frame). A file that cannot be used is a
// message in the window; what is loaded stays.
func (v *viewer) dropFiles() {
	fsys := ebiten.DroppedFiles()
	if fsys == nil {
		return
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		v.showToast(fmt.Sprintf(v.tr("Cannot open %s: %s"), "…", err))
		return
	}
	var added []string
	for _, e := range entries {
		name := e.Name()
		dir, file := fsys, name
		if e.IsDir() { // a dropped folder: its scene.json or tileset.json
			sub, err := fs.Sub(fsys, name)
			if err != nil {
				continue
			}
			dir, file = sub, ""
			for _, n := range []string{"scene.json", "tileset.json"} {
				if _, err := fs.Stat(sub, n); err == nil {
					file = n
					break
				}
			}
			if file == "" {
				v.showToast(fmt.Sprintf(v.tr("Not a file citytwin opens: %s"), name))
				continue
			}
		}
		ls, err := v.loadDropped(dir, file)
		if err != nil {
			v.log.Warn("dropped file", "name", name, "err", err)
			v.showToast(fmt.Sprintf(v.tr("Cannot open %s: %s"), name, firstLine(err.Error())))
			continue
		}
		v.addLayers(ls)
		added = append(added, name)
	}
	if len(added) > 0 {
		v.showToast(fmt.Sprintf(v.tr("Added %s"), strings.Join(added, ", ")))
	}
}

// firstLine cuts s at its first line end, for a one-line message.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// errNotOpened says a dropped file is of no kind citytwin opens.
var errNotOpened = errors.New("not a GeoJSON layer, glTF model, 3D Tiles tileset or scene file")

// dropKind tells what a dropped file holds, from its name and, for
// .json, its top-level keys.
func dropKind(fsys fs.FS, name string) (kind string, err error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".geojson":
		return "geojson", nil
	case ".glb", ".gltf":
		return "gltf", nil
	case ".json":
	default:
		return "", errNotOpened
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return "", fmt.Errorf("not valid JSON: %w", err)
	}
	switch {
	case top["asset"] != nil && top["root"] != nil:
		return "3dtiles", nil
	case top["layers"] != nil:
		return "scene", nil
	case top["type"] != nil:
		return "geojson", nil
	}
	return "", errNotOpened
}

// loadDropped loads a dropped file as layers in the scene's frame.
func (v *viewer) loadDropped(fsys fs.FS, name string) ([]*scene.Layer, error) {
	kind, err := dropKind(fsys, name)
	if err != nil {
		return nil, err
	}
	ls := open.Loaders()
	// Every layer is placed in this scene's frame, a scene file's too.
	inFrame := func(load scenefile.LayerLoader) scenefile.LayerLoader {
		return func(fsys fs.FS, name string, o scenefile.LayerOptions) (*scene.Layer, error) {
			o.Frame = v.sc.Frame
			return load(fsys, name, o)
		}
	}
	ls = scenefile.Loaders{GeoJSON: inFrame(ls.GeoJSON), GLTF: inFrame(ls.GLTF), Tiles3D: inFrame(ls.Tiles3D)}
	id := v.uniqueLayerID(strings.TrimSuffix(path.Base(name), path.Ext(name)))
	o := scenefile.LayerOptions{ID: id, Title: name, Logger: v.log}
	var l *scene.Layer
	switch kind {
	case "geojson":
		l, err = ls.GeoJSON(fsys, name, o)
		if l != nil {
			l.Kind = scene.KindGeoJSON
		}
	case "gltf":
		l, err = ls.GLTF(fsys, name, o)
		if l != nil {
			l.Kind = scene.KindGLTF
		}
	case "3dtiles":
		l, err = ls.Tiles3D(fsys, name, o)
		if l != nil {
			l.Kind = scene.Kind3DTiles
		}
	case "scene":
		sc, err := scenefile.Load(fsys, name, scenefile.Options{Loaders: ls, Logger: v.log})
		if err != nil {
			return nil, err
		}
		for _, l := range sc.Layers {
			l.ID = v.uniqueLayerID(l.ID)
		}
		return sc.Layers, nil
	}
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, errNotOpened
	}
	l.ID, l.Src = id, name
	if l.Title == "" {
		l.Title = name
	}
	return []*scene.Layer{l}, nil
}

// uniqueLayerID returns id, or id-2, id-3… if the scene has it already.
func (v *viewer) uniqueLayerID(id string) string {
	taken := map[string]bool{}
	for _, l := range v.sc.Layers {
		taken[l.ID] = true
	}
	out := id
	for i := 2; taken[out]; i++ {
		out = fmt.Sprintf("%s-%d", id, i)
	}
	return out
}

// addLayers appends ls to the scene and shows them, keeping the camera and
// the active scenarios.
func (v *viewer) addLayers(ls []*scene.Layer) {
	if len(ls) == 0 {
		return
	}
	v.selectFeature(-1, -1)
	v.sc.Layers = append(v.sc.Layers, ls...)
	ev, err := v.sc.Evaluate(v.ev.Active...)
	if err != nil {
		v.sc.Layers = v.sc.Layers[:len(v.sc.Layers)-len(ls)]
		v.showToast(err.Error())
		return
	}
	v.meshes = render.GroundOnly(v.r.SetScene(v.sc, ev, v.opts.Build))
	v.ev = ev
	v.rebuildPick()
	if v.live != nil {
		v.live.StandOn(v.r, &v.ix)
	}
	v.dirty = true
	v.updateStatus()
}

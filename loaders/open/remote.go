package open

import (
	"io/fs"
	"net/url"
	"path"

	"citytwin/loaders/remote"
	"citytwin/loaders/scenefile"
	"citytwin/loaders/tiles3d"
	"citytwin/scene"
)

// openURL reads the tileset at the http(s) URL u: streamed unless mode is
// TilesLoad (TilesAuto cannot size a server's folder, so it streams). A
// layer's token_env overrides ro's TokenEnv. The layer's Src is the URL
// without its query string (which may hold an access key).
func openURL(u string, o scenefile.LayerOptions, ro remote.Options, mode TileMode, maxTriangles int) (*scene.Layer, error) {
	if o.TokenEnv != "" {
		ro.TokenEnv = o.TokenEnv
	}
	if ro.Logger == nil {
		ro.Logger = o.Logger
	}
	fsys, name, err := remote.New(u, ro)
	if err != nil {
		return nil, &InputError{File: remote.Redact(u), Reason: "not a tileset URL", Err: err}
	}
	id := o.ID
	if id == "" {
		id = urlLayerID(u)
	}
	opts := tiles3d.Options{ID: id, Title: o.Title, Frame: o.Frame, CRS: o.CRS, Logger: o.Logger, Limits: o.Limits}
	var l *scene.Layer
	if mode == TilesLoad || mode == "" {
		opts.MaxTriangles = maxTriangles
		l, err = tiles3d.Load(fsys, name, opts)
	} else {
		l, err = tiles3d.Open(fsys, name, opts)
	}
	if err != nil {
		return nil, err
	}
	l.Src = remote.Redact(u)
	return l, nil
}

// urlLayerID names the layer of a tileset URL after its folder
// (https://host/city/tileset.json → "city"), else its host.
func urlLayerID(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return "tileset"
	}
	if dir := path.Base(path.Dir(pu.Path)); dir != "/" && dir != "." && dir != "" {
		return dir
	}
	return pu.Hostname()
}

// tilesLoader returns the 3D Tiles layer loader for mode: URLs through
// openURL with ro, files as mode says; tilesets loaded whole hold at most
// maxTriangles (0: tiles3d's default, negative: no bound).
func tilesLoader(mode TileMode, ro remote.Options, maxTriangles int) scenefile.LayerLoader {
	return func(fsys fs.FS, src string, o scenefile.LayerOptions) (*scene.Layer, error) {
		if scenefile.IsTilesetURL(src) || remote.IsURL(src) {
			return openURL(src, o, ro, mode, maxTriangles)
		}
		if mode == TilesLoad || mode == "" {
			return loadTilesMax(fsys, src, o, maxTriangles)
		}
		return openTiles(fsys, src, o, mode)
	}
}

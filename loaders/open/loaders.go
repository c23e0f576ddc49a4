package open

import (
	"io/fs"

	"citytwin/loaders/gltf"
	"citytwin/loaders/remote"
	"citytwin/loaders/scenefile"
	"citytwin/loaders/tiles3d"
	"citytwin/scene"
)

// Loaders returns the real layer loaders, for scenefile.Options. Tilesets
// are loaded whole, those named by URL over HTTP(S) without a disk cache.
func Loaders() scenefile.Loaders {
	return scenefile.Loaders{GeoJSON: loadGeoJSON, GLTF: loadGLTF, Tiles3D: tilesLoader(TilesLoad, remote.Options{}, 0)}
}

func loadGLTF(fsys fs.FS, src string, o scenefile.LayerOptions) (*scene.Layer, error) {
	opts := gltf.Options{ID: o.ID, Title: o.Title, Frame: o.Frame, Logger: o.Logger, Limits: o.Limits}
	if p := o.Placement; p != nil {
		opts.Placement = &gltf.Placement{Lon: p.Lon, Lat: p.Lat, Alt: p.Alt, Heading: p.Heading, Scale: p.Scale}
	}
	return gltf.Load(fsys, src, opts)
}

func loadTiles(fsys fs.FS, src string, o scenefile.LayerOptions) (*scene.Layer, error) {
	return loadTilesMax(fsys, src, o, 0)
}

// loadTilesMax loads a tileset whole, up to maxTriangles (0: tiles3d's
// default, negative: no bound).
func loadTilesMax(fsys fs.FS, src string, o scenefile.LayerOptions, maxTriangles int) (*scene.Layer, error) {
	return tiles3d.Load(fsys, src, tiles3d.Options{ID: o.ID, Title: o.Title, Frame: o.Frame, CRS: o.CRS, Logger: o.Logger, Limits: o.Limits, MaxTriangles: maxTriangles})
}

package open

import (
	"errors"
	"io/fs"

	"citytwin/loaders/geojson"
	"citytwin/loaders/scenefile"
	"citytwin/scene"
)

func loadGeoJSON(fsys fs.FS, src string, o scenefile.LayerOptions) (*scene.Layer, error) {
	return geojson.Load(fsys, src, geojson.Options{
		ID: o.ID, Title: o.Title, Frame: o.Frame, Style: o.Style, IDProperty: o.IDProperty,
		StoreyHeight: o.StoreyHeight, Logger: o.Logger, Limits: o.Limits,
	})
}

// isLayerInputError recognises the GeoJSON loader's input errors.
func isLayerInputError(err error) bool {
	var ie *geojson.InputError
	return errors.As(err, &ie)
}

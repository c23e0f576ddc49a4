package open

import (
	"fmt"
	"io/fs"

	"citytwin/loaders/scenefile"
	"citytwin/scene"
)

// TEMPORARY until citytwin/loaders/geojson lands: GeoJSON layers fail with
// a clear message. Replaced by geojson.go.

func loadGeoJSON(fsys fs.FS, src string, o scenefile.LayerOptions) (*scene.Layer, error) {
	return nil, fmt.Errorf("%s: the GeoJSON loader is not built in yet", src)
}

func isLayerInputError(error) bool { return false }

// geojsonBuiltIn tells the demo test whether the real GeoJSON loader is in.
const geojsonBuiltIn = false

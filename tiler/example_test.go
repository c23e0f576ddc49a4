package tiler_test

import (
	"fmt"
	"os"
	"path/filepath"

	"citytwin/loaders/open"
	"citytwin/tiler"
)

// A GeoJSON layer of two buildings becomes a one-tile tileset.
func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "tiler")
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "buildings.geojson")
	_ = os.WriteFile(src, []byte(`{"type": "FeatureCollection", "features": [
	 {"type": "Feature", "id": "a", "properties": {"height": 12},
	  "geometry": {"type": "Polygon", "coordinates": [[[7.42, 43.73], [7.4202, 43.73], [7.4202, 43.7302], [7.42, 43.7302], [7.42, 43.73]]]}},
	 {"type": "Feature", "id": "b", "properties": {"height": 30},
	  "geometry": {"type": "Polygon", "coordinates": [[[7.421, 43.73], [7.4212, 43.73], [7.4212, 43.7302], [7.421, 43.7302], [7.421, 43.73]]]}}]}`), 0o644)
	sc, err := open.Files([]string{src}, nil)
	if err != nil {
		panic(err)
	}
	st, err := tiler.Write(sc, filepath.Join(dir, "out"), tiler.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(st.Tiles, st.Features, st.Triangles)
	// Output: 1 2 20
}

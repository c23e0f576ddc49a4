package scenefile_test

import (
	"fmt"
	"io/fs"
	"testing/fstest"

	"citytwin/loaders/scenefile"
	"citytwin/scene"
)

// A loader that makes an empty layer; real ones come from loaders/open.
func emptyLayer(fsys fs.FS, src string, o scenefile.LayerOptions) (*scene.Layer, error) {
	if _, err := fs.Stat(fsys, src); err != nil {
		return nil, err
	}
	return &scene.Layer{Origin: o.Frame.Origin, Bounds: scene.EmptyBox()}, nil
}

func ExampleLoad() {
	fsys := fstest.MapFS{
		"district/scene.json": {Data: []byte(`{
			"name": "District", "origin": {"lon": 7.4246, "lat": 43.7384},
			"layers": [{"id": "buildings", "src": "buildings.geojson"},
			           {"id": "roads", "src": "roads.geojson"}],
			"colour": "red"}`)},
		"district/buildings.geojson": {Data: []byte(`{}`)},
	}
	loaders := scenefile.Loaders{GeoJSON: emptyLayer}
	sc, err := scenefile.Load(fsys, "district/scene.json", scenefile.Options{Loaders: loaders})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range sc.Layers {
		fmt.Println(l.ID, l.Kind, len(l.Warnings))
	}
	for _, w := range sc.Warnings {
		fmt.Println(w)
	}
	// Output:
	// buildings geojson 0
	// roads geojson 1
	// district/scene.json: colour: unknown key, ignored
	// district/scene.json: layers[1]: layer "roads" (roads.geojson): not loaded: open roads.geojson: file does not exist
}

func ExampleParse() {
	_, _, err := scenefile.Parse("scene.json", []byte(`{"layers": [
		{"id": "tram", "src": "../models/tram.glb", "placement": {"lon": "7.42", "lat": 43.73}}]}`))
	fmt.Println(err)
	fmt.Println(scenefile.IsInputError(err))
	// Output:
	// scene.json: layers[0].placement.lon: want a number, got a string ("7.42")
	// true
}

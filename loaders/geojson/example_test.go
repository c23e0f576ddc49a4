package geojson_test

import (
	"fmt"
	"testing/fstest"

	"citytwin/loaders/geojson"
	"citytwin/scene/mesh"
)

func ExampleLoad() {
	fsys := fstest.MapFS{"b.geojson": {Data: []byte(`{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"hall","properties":{"building":"yes","height":"12 m"},
  "geometry":{"type":"Polygon","coordinates":[[[2.17,41.39],[2.1701,41.39],[2.1701,41.3901],[2.17,41.3901],[2.17,41.39]]]}},
 {"type":"Feature","id":"bad","properties":{},"geometry":{"type":"Polygon","coordinates":[[[2.17,41.39],[2.18,41.39],[2.17,41.39]]]}}]}`)}}
	l, err := geojson.Load(fsys, "b.geojson", geojson.Options{ID: "buildings"})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(l.Features), l.Skipped, l.Warnings[0])
	fmt.Printf("top %.0f m, %d triangles\n", l.Bounds.Max[2], mesh.BuildLayer(l, nil, 3).Triangles())
	// Output:
	// 1 1 feature 1 (id "bad"): polygon ring 0 has 3 points; skipped
	// top 12 m, 10 triangles
}

package live

import (
	"math"
	"testing"

	gojson "github.com/goccy/go-json"
)

func TestPlaceGeometry(t *testing.T) {
	for _, tt := range []struct {
		name     string
		geometry string
		lon, lat float64
		alt      float64
		ok       bool
	}{
		{"point with altitude", `{"type":"Point","coordinates":[7.42,43.73,12]}`, 7.42, 43.73, 12, true},
		{"line: midpoint along its length", `{"type":"LineString","coordinates":[[7.0,43.0],[7.0,43.002],[7.004,43.002]]}`, 7.00064, 43.002, 0, true},
		{"square: its centre", `{"type":"Polygon","coordinates":[[[7,43],[7.002,43],[7.002,43.002],[7,43.002],[7,43]]]}`, 7.001, 43.001, 0, true},
		{"multipoint: the mean", `{"type":"MultiPoint","coordinates":[[7,43],[7.002,43.002]]}`, 7.001, 43.001, 0, true},
		{"collection: the first placeable", `{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[]},{"type":"Point","coordinates":[2,41]}]}`, 2, 41, 0, true},
		{"out of range", `{"type":"Point","coordinates":[7,95]}`, 0, 0, 0, false},
		{"not numbers", `{"type":"Point","coordinates":["a","b"]}`, 0, 0, 0, false},
		{"unknown type", `{"type":"Circle","coordinates":[7,43]}`, 0, 0, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var g map[string]any
			if err := gojson.Unmarshal([]byte(tt.geometry), &g); err != nil {
				t.Fatal(err)
			}
			lon, lat, alt, ok := placeGeometry(g)
			if ok != tt.ok {
				t.Fatalf("ok %v, want %v", ok, tt.ok)
			}
			if ok && (math.Abs(lon-tt.lon) > 2e-4 || math.Abs(lat-tt.lat) > 2e-5 || alt != tt.alt) {
				t.Errorf("placed at %g, %g, %g; want %g, %g, %g", lon, lat, alt, tt.lon, tt.lat, tt.alt)
			}
		})
	}
}

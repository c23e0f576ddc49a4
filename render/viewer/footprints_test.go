package viewer

import (
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

// footprintScene is one GeoJSON layer of two extruded footprints: a
// 20 m square 30 m high at (0..20, 0..20) and a 10 m square 12 m high at
// (40..50, 0..10).
func footprintScene() *scene.Scene {
	l := &scene.Layer{ID: "b", Kind: scene.KindGeoJSON, Visible: true}
	for i, f := range []struct {
		x0, y0, s, h float64
	}{{0, 0, 20, 30}, {40, 0, 10, 12}} {
		ring := orb.Ring{{f.x0, f.y0}, {f.x0 + f.s, f.y0}, {f.x0 + f.s, f.y0 + f.s}, {f.x0, f.y0 + f.s}, {f.x0, f.y0}}
		l.Features = append(l.Features, scene.Feature{ID: string(rune('a' + i)), Index: i,
			Properties: map[string]any{"height": f.h}, Geometry: orb.Polygon{ring}})
	}
	return &scene.Scene{Name: "footprints", Layers: []*scene.Layer{l}, StoreyHeight: 3}
}

// writePNG writes img to path (for looking at the tests' pictures).
func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

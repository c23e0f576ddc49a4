package geojson

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzDecodeCRS decodes GeoJSON carrying a legacy "crs" member (seeds in
// testdata/fuzz/FuzzDecodeCRS: two real Lyon buildings in EPSG:3946, and
// projected coordinates far outside their zone): never a panic, failures
// are *InputError, and every coordinate and bound of what loads is finite.
func FuzzDecodeCRS(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3946"}},"features":[{"type":"Feature","properties":{"HAUTEUR":12},"geometry":{"type":"Polygon","coordinates":[[[1842000,5176000],[1842010,5176000],[1842010,5176010],[1842000,5176000]]]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Decode(data, "f.geojson", Options{})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("%v is not an *InputError", err)
			}
			return
		}
		if _, err := json.Marshal(l.Origin); err != nil {
			t.Fatalf("origin %+v", l.Origin)
		}
		if !l.Bounds.Empty() {
			for _, v := range []float64{l.Bounds.Min[0], l.Bounds.Min[1], l.Bounds.Min[2], l.Bounds.Max[0], l.Bounds.Max[1], l.Bounds.Max[2]} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("bounds %+v", l.Bounds)
				}
			}
		}
		for i := range l.Features {
			bad := false
			eachPoint(l.Features[i].Geometry, func(p orb.Point) {
				bad = bad || math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0)
			})
			if bad {
				t.Fatalf("feature %d has a non-finite coordinate", i)
			}
		}
	})
}

func eachPoint(g orb.Geometry, fn func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		fn(g)
	case orb.MultiPoint:
		for _, p := range g {
			fn(p)
		}
	case orb.LineString:
		for _, p := range g {
			fn(p)
		}
	case orb.MultiLineString:
		for _, l := range g {
			eachPoint(l, fn)
		}
	case orb.Ring:
		for _, p := range g {
			fn(p)
		}
	case orb.Polygon:
		for _, r := range g {
			eachPoint(r, fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			eachPoint(p, fn)
		}
	case orb.Collection:
		for _, c := range g {
			eachPoint(c, fn)
		}
	}
}

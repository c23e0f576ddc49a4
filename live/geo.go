package live

import (
	gojson "github.com/goccy/go-json"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// placeGeometry returns the point where a marker for a GeoJSON geometry
// goes: a Point itself, a LineString's midpoint along its length, a
// Polygon's centroid, the average of the parts' places for Multi*
// geometries, the first placeable member of a GeometryCollection. g is a
// decoded GeoJSON object (NGSI messages are decoded generically); it is
// read with orb's GeoJSON types by way of its JSON, which costs about a
// microsecond against the ~70 µs of decoding a whole NGSI-LD entity
// (BenchmarkDecodeNGSI). The altitude is a Point's third coordinate, else 0.
func placeGeometry(g map[string]any) (lon, lat, alt float64, ok bool) {
	raw, err := gojson.Marshal(g)
	if err != nil {
		return 0, 0, 0, false
	}
	geom, err := geojson.UnmarshalGeometry(raw)
	if err != nil || geom.Coordinates == nil && len(geom.Geometries) == 0 {
		return 0, 0, 0, false
	}
	p, ok := place(geom.Geometry())
	if !ok || !validPos(p[0], p[1]) {
		return 0, 0, 0, false
	}
	if c, isList := g["coordinates"].([]any); isList && len(c) > 2 && geom.Type == "Point" {
		alt, _ = c[2].(float64)
	}
	return p[0], p[1], alt, true
}

// place returns the marker point of g (see placeGeometry).
func place(g orb.Geometry) (orb.Point, bool) {
	switch g := g.(type) {
	case orb.Point:
		return g, true
	case orb.LineString:
		if len(g) == 0 {
			return orb.Point{}, false
		}
		p, _ := geo.PointAtDistanceAlongLine(g, geo.LengthHaversine(g)/2)
		return p, true
	case orb.Polygon:
		if len(g) == 0 || len(g[0]) == 0 {
			return orb.Point{}, false
		}
		c, area := planar.CentroidArea(orb.Polygon{g[0]})
		if area == 0 { // a degenerate ring: the mean of its vertices
			r := g[0]
			if len(r) > 1 && r.Closed() {
				r = r[:len(r)-1]
			}
			c, _ = planar.CentroidArea(orb.MultiPoint(r))
		}
		return c, true
	case orb.MultiPoint:
		return mean(len(g), func(i int) orb.Geometry { return g[i] })
	case orb.MultiLineString:
		return mean(len(g), func(i int) orb.Geometry { return g[i] })
	case orb.MultiPolygon:
		return mean(len(g), func(i int) orb.Geometry { return g[i] })
	case orb.Collection:
		for _, sub := range g {
			if p, ok := place(sub); ok {
				return p, true
			}
		}
	}
	return orb.Point{}, false
}

// mean averages the places of the n parts that part returns.
func mean(n int, part func(i int) orb.Geometry) (orb.Point, bool) {
	var s orb.Point
	k := 0
	for i := range n {
		if p, ok := place(part(i)); ok {
			s[0], s[1] = s[0]+p[0], s[1]+p[1]
			k++
		}
	}
	if k == 0 {
		return orb.Point{}, false
	}
	return orb.Point{s[0] / float64(k), s[1] / float64(k)}, true
}

package geojson

import (
	"fmt"
	"math"

	json "github.com/goccy/go-json"
	"github.com/paulmach/orb"
)

// rawGeometry is the first-level decode of a GeoJSON geometry; coordinates
// are decoded by type so wrong nesting is reported per feature.
type rawGeometry struct {
	Type        string            `json:"type"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometries  []json.RawMessage `json:"geometries"`
}

// decodeGeometry returns the geometry in lon/lat degrees. GeometryCollections
// are flattened into an orb.Collection of non-collection geometries.
// Polygon rings that are only unclosed are closed; every other defect is an
// error saying what is wrong.
func decodeGeometry(data []byte, depth int) (orb.Geometry, error) {
	if depth > 8 {
		return nil, fmt.Errorf("geometry collections nested too deep")
	}
	var g rawGeometry
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("geometry: %v", err)
	}
	if g.Type != "GeometryCollection" && len(g.Coordinates) == 0 {
		if g.Type == "" {
			return nil, fmt.Errorf("geometry has no type")
		}
		return nil, fmt.Errorf("%s has no coordinates", g.Type)
	}
	switch g.Type {
	case "Point":
		c, err := coordinates[[]float64](g)
		if err != nil {
			return nil, err
		}
		return point(c)
	case "MultiPoint":
		ps, err := multi(g, "point", point)
		if err != nil {
			return nil, err
		}
		return orb.MultiPoint(ps), nil
	case "LineString":
		c, err := coordinates[[][]float64](g)
		if err != nil {
			return nil, err
		}
		return line(c)
	case "MultiLineString":
		ls, err := multi(g, "line", line)
		if err != nil {
			return nil, err
		}
		return orb.MultiLineString(ls), nil
	case "Polygon":
		c, err := coordinates[[][][]float64](g)
		if err != nil {
			return nil, err
		}
		return polygon(c)
	case "MultiPolygon":
		ps, err := multi(g, "polygon", polygon)
		if err != nil {
			return nil, err
		}
		return orb.MultiPolygon(ps), nil
	case "GeometryCollection":
		if len(g.Geometries) == 0 {
			return nil, fmt.Errorf("empty GeometryCollection")
		}
		var out orb.Collection
		for i, raw := range g.Geometries {
			sub, err := decodeGeometry(raw, depth+1)
			if err != nil {
				return nil, fmt.Errorf("geometry %d: %w", i, err)
			}
			if c, ok := sub.(orb.Collection); ok {
				out = append(out, c...)
			} else {
				out = append(out, sub)
			}
		}
		return out, nil
	case "":
		return nil, fmt.Errorf("geometry has no type")
	}
	return nil, fmt.Errorf("unknown geometry type %q", g.Type)
}

// coordinates decodes g's coordinates as C, or says their nesting is wrong
// for g's type.
func coordinates[C any](g rawGeometry) (C, error) {
	var c C
	if err := json.Unmarshal(g.Coordinates, &c); err != nil {
		return c, fmt.Errorf("wrong nesting of %s coordinates", g.Type)
	}
	return c, nil
}

// multi decodes the parts of a Multi* geometry with one, naming the part
// (e.g. "polygon 3") that is wrong; an empty one is an error.
func multi[C, G any](g rawGeometry, part string, one func(C) (G, error)) ([]G, error) {
	cs, err := coordinates[[]C](g)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("empty %s", g.Type)
	}
	out := make([]G, len(cs))
	for i, c := range cs {
		if out[i], err = one(c); err != nil {
			return nil, fmt.Errorf("%s %d: %w", part, i, err)
		}
	}
	return out, nil
}

func point(c []float64) (orb.Point, error) {
	if len(c) < 2 {
		return orb.Point{}, fmt.Errorf("position has %d numbers", len(c))
	}
	lon, lat := c[0], c[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return orb.Point{}, fmt.Errorf("position is not finite")
	}
	return orb.Point{lon, lat}, nil
}

func line(cs [][]float64) (orb.LineString, error) {
	if len(cs) < 2 {
		return nil, fmt.Errorf("line has %d points", len(cs))
	}
	l := make(orb.LineString, len(cs))
	for i, c := range cs {
		p, err := point(c)
		if err != nil {
			return nil, fmt.Errorf("point %d: %w", i, err)
		}
		l[i] = p
	}
	return l, nil
}

func polygon(cs [][][]float64) (orb.Polygon, error) {
	if len(cs) == 0 {
		return nil, fmt.Errorf("empty polygon")
	}
	p := make(orb.Polygon, len(cs))
	for r, rc := range cs {
		ring := make(orb.Ring, len(rc), len(rc)+1)
		for i, c := range rc {
			pt, err := point(c)
			if err != nil {
				return nil, fmt.Errorf("ring %d point %d: %w", r, i, err)
			}
			ring[i] = pt
		}
		if len(ring) > 0 && ring[0] != ring[len(ring)-1] {
			ring = append(ring, ring[0]) // only unclosed: close it
		}
		if len(ring) < 4 {
			return nil, fmt.Errorf("polygon ring %d has %d points", r, len(rc))
		}
		if area2(ring) == 0 {
			return nil, fmt.Errorf("polygon ring %d has zero area", r)
		}
		p[r] = ring
	}
	return p, nil
}

// visit calls fn for every position of g, allowing in-place changes.
func visit(g orb.Geometry, fn func(*orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		// value type: handled by the caller through visitPoint
	case orb.MultiPoint:
		for i := range g {
			fn(&g[i])
		}
	case orb.LineString:
		for i := range g {
			fn(&g[i])
		}
	case orb.MultiLineString:
		for _, l := range g {
			visit(l, fn)
		}
	case orb.Ring:
		for i := range g {
			fn(&g[i])
		}
	case orb.Polygon:
		for _, r := range g {
			visit(r, fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			visit(p, fn)
		}
	case orb.Collection:
		for i := range g {
			if p, ok := g[i].(orb.Point); ok {
				fn(&p)
				g[i] = p
				continue
			}
			visit(g[i], fn)
		}
	}
}

// mapPoints applies fn to every position of g and returns the result (a new
// value for a bare Point, g itself otherwise).
func mapPoints(g orb.Geometry, fn func(*orb.Point)) orb.Geometry {
	if p, ok := g.(orb.Point); ok {
		fn(&p)
		return p
	}
	visit(g, fn)
	return g
}

// area2 returns twice the signed area of a closed ring (degrees²).
func area2(r orb.Ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a
}

package live

import "math"

// placeGeometry returns the point where a marker for a GeoJSON geometry
// goes: a Point itself, a LineString's midpoint along its length, the
// average of a Polygon's outer-ring vertices, the average of the parts'
// places for Multi* geometries. g is a decoded GeoJSON object.
func placeGeometry(g map[string]any) (lon, lat, alt float64, ok bool) {
	typ, _ := g["type"].(string)
	coords := g["coordinates"]
	switch typ {
	case "Point":
		return position(coords)
	case "LineString":
		return lineMidpoint(coords)
	case "Polygon":
		rings, _ := coords.([]any)
		if len(rings) == 0 {
			return 0, 0, 0, false
		}
		return ringCentre(rings[0])
	case "MultiPoint", "MultiLineString", "MultiPolygon":
		parts, _ := coords.([]any)
		var sx, sy, sz float64
		n := 0
		for _, p := range parts {
			var x, y, z float64
			var good bool
			switch typ {
			case "MultiPoint":
				x, y, z, good = position(p)
			case "MultiLineString":
				x, y, z, good = lineMidpoint(p)
			default:
				rings, _ := p.([]any)
				if len(rings) > 0 {
					x, y, z, good = ringCentre(rings[0])
				}
			}
			if good {
				sx, sy, sz = sx+x, sy+y, sz+z
				n++
			}
		}
		if n == 0 {
			return 0, 0, 0, false
		}
		return sx / float64(n), sy / float64(n), sz / float64(n), true
	case "GeometryCollection":
		gs, _ := g["geometries"].([]any)
		for _, sub := range gs {
			if m, isMap := sub.(map[string]any); isMap {
				if x, y, z, good := placeGeometry(m); good {
					return x, y, z, true
				}
			}
		}
	}
	return 0, 0, 0, false
}

func position(v any) (lon, lat, alt float64, ok bool) {
	p, _ := v.([]any)
	if len(p) < 2 {
		return 0, 0, 0, false
	}
	lon, ok1 := p[0].(float64)
	lat, ok2 := p[1].(float64)
	if !ok1 || !ok2 || !validPos(lon, lat) {
		return 0, 0, 0, false
	}
	if len(p) > 2 {
		alt, _ = p[2].(float64)
	}
	return lon, lat, alt, true
}

// lineMidpoint walks a LineString to half its length, measured on a local
// equirectangular plane (good to well under a metre for street segments).
func lineMidpoint(v any) (lon, lat, alt float64, ok bool) {
	pts, _ := v.([]any)
	type p3 struct{ x, y, z float64 }
	var ps []p3
	for _, q := range pts {
		if x, y, z, good := position(q); good {
			ps = append(ps, p3{x, y, z})
		}
	}
	switch len(ps) {
	case 0:
		return 0, 0, 0, false
	case 1:
		return ps[0].x, ps[0].y, ps[0].z, true
	}
	k := math.Cos(ps[0].y * math.Pi / 180)
	seg := func(a, b p3) float64 { return math.Hypot((b.x-a.x)*k, b.y-a.y) }
	total := 0.0
	for i := 1; i < len(ps); i++ {
		total += seg(ps[i-1], ps[i])
	}
	if total == 0 {
		return ps[0].x, ps[0].y, ps[0].z, true
	}
	half := total / 2
	for i := 1; i < len(ps); i++ {
		l := seg(ps[i-1], ps[i])
		if l >= half && l > 0 {
			t := half / l
			a, b := ps[i-1], ps[i]
			return a.x + t*(b.x-a.x), a.y + t*(b.y-a.y), a.z + t*(b.z-a.z), true
		}
		half -= l
	}
	last := ps[len(ps)-1]
	return last.x, last.y, last.z, true
}

// ringCentre averages a ring's vertices, leaving out the closing repeat.
func ringCentre(v any) (lon, lat, alt float64, ok bool) {
	pts, _ := v.([]any)
	if n := len(pts); n > 1 {
		if a, b := pts[0], pts[n-1]; sameAnyPos(a, b) {
			pts = pts[:n-1]
		}
	}
	var sx, sy, sz float64
	n := 0
	for _, q := range pts {
		if x, y, z, good := position(q); good {
			sx, sy, sz = sx+x, sy+y, sz+z
			n++
		}
	}
	if n == 0 {
		return 0, 0, 0, false
	}
	return sx / float64(n), sy / float64(n), sz / float64(n), true
}

func sameAnyPos(a, b any) bool {
	x1, y1, _, ok1 := position(a)
	x2, y2, _, ok2 := position(b)
	return ok1 && ok2 && x1 == x2 && y1 == y2
}

package measure

import (
	"math"

	"github.com/paulmach/orb"
)

// SnapKind says what a point snapped to.
type SnapKind int

// The snap targets, in order of preference.
const (
	SnapNone   SnapKind = iota
	SnapCorner          // a vertex of a footprint ring
	SnapEdge            // the nearest point of a footprint edge
)

// Snap is where a picked point snapped to.
type Snap struct {
	// Point is the snapped position on the local plane (metres).
	Point orb.Point
	Kind  SnapKind
	// Footprint is the index into the footprints given of the one snapped
	// to.
	Footprint int
	// Distance is how far (metres) Point is from the picked point.
	Distance float64
}

// NearestCorner returns the footprint vertex nearest to p within radius
// metres. footprints are local-plane geometries (polygons and
// multipolygons count, holes included; other types are skipped), as a
// layer's Feature.Geometry; ok is false when no vertex is that close.
func NearestCorner(p orb.Point, footprints []orb.Geometry, radius float64) (s Snap, ok bool) {
	s = Snap{Distance: radius}
	eachRing(p, footprints, radius, func(i int, r orb.Ring) {
		for _, q := range r {
			if d := math.Hypot(q[0]-p[0], q[1]-p[1]); d <= s.Distance {
				s, ok = Snap{Point: q, Kind: SnapCorner, Footprint: i, Distance: d}, true
			}
		}
	})
	return s, ok
}

// NearestEdge returns the point on a footprint edge nearest to p within
// radius metres (see NearestCorner for footprints).
func NearestEdge(p orb.Point, footprints []orb.Geometry, radius float64) (s Snap, ok bool) {
	s = Snap{Distance: radius}
	eachRing(p, footprints, radius, func(i int, r orb.Ring) {
		n := len(r)
		for k := 0; k < n; k++ {
			a, b := r[k], r[(k+1)%n]
			q := closestOnSegment(p, a, b)
			if d := math.Hypot(q[0]-p[0], q[1]-p[1]); d <= s.Distance {
				s, ok = Snap{Point: q, Kind: SnapEdge, Footprint: i, Distance: d}, true
			}
		}
	})
	return s, ok
}

// SnapToFootprints snaps p to the nearest building corner within radius
// metres, else to the nearest point of a building edge within radius, as a
// measuring tool does; ok is false (and p unchanged in s.Point) when
// nothing is that close.
func SnapToFootprints(p orb.Point, footprints []orb.Geometry, radius float64) (Snap, bool) {
	if s, ok := NearestCorner(p, footprints, radius); ok {
		return s, true
	}
	if s, ok := NearestEdge(p, footprints, radius); ok {
		return s, true
	}
	return Snap{Point: p}, false
}

// eachRing calls f with every ring of the footprints whose box lies within
// radius of p.
func eachRing(p orb.Point, footprints []orb.Geometry, radius float64, f func(i int, r orb.Ring)) {
	poly := func(i int, g orb.Polygon) {
		if len(g) == 0 {
			return
		}
		if !near(p, g[0], radius) {
			return
		}
		for _, r := range g {
			f(i, r)
		}
	}
	for i, g := range footprints {
		switch g := g.(type) {
		case orb.Polygon:
			poly(i, g)
		case orb.MultiPolygon:
			for _, pg := range g {
				poly(i, pg)
			}
		}
	}
}

// closestOnSegment returns the point of segment ab nearest to p.
func closestOnSegment(p, a, b orb.Point) orb.Point {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return a
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
	t = math.Max(0, math.Min(1, t))
	return orb.Point{a[0] + t*dx, a[1] + t*dy}
}

// near reports whether ring r's box comes within radius of p.
func near(p orb.Point, r orb.Ring, radius float64) bool {
	if len(r) == 0 {
		return false
	}
	minX, minY, maxX, maxY := r[0][0], r[0][1], r[0][0], r[0][1]
	for _, q := range r[1:] {
		minX, maxX = min(minX, q[0]), max(maxX, q[0])
		minY, maxY = min(minY, q[1]), max(maxY, q[1])
	}
	return p[0] >= minX-radius && p[0] <= maxX+radius && p[1] >= minY-radius && p[1] <= maxY+radius
}

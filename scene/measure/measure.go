// Package measure is the arithmetic of the viewer's measuring tool:
// distances along the ground and straight in 3D, polygon areas, and
// snapping a picked point to building corners and edges. Everything is in
// the scene's local east-north-up frame (metres; scene.Frame), where, within
// 10 km of the origin, distances agree with geodesic ones on the WGS84
// ellipsoid to better than 0.01 % (see the tests).
//
// It sits above package scene (for its Vec3) and draws nothing; the UI
// calls it with the points the user picked:
//
//	d := measure.GroundDistance(a, b)   // metres on the map
//	s := measure.Distance(a, b)         // metres in a straight line
//	if sn, ok := measure.SnapToFootprints(p, footprints, 3); ok {
//		p = sn.Point
//	}
package measure

import (
	"math"

	"citytwin/scene"
)

// GroundDistance returns the distance in metres between local points a
// and b along the ground: on the local plane, heights ignored.
func GroundDistance(a, b scene.Vec3) float64 {
	return math.Hypot(b[0]-a[0], b[1]-a[1])
}

// Distance returns the straight-line distance in metres between local
// points a and b, heights included.
func Distance(a, b scene.Vec3) float64 {
	return math.Sqrt((b[0]-a[0])*(b[0]-a[0]) + (b[1]-a[1])*(b[1]-a[1]) + (b[2]-a[2])*(b[2]-a[2]))
}

// PathLength returns the length in metres of the polyline through pts:
// along the ground when ground is true, else straight in 3D segment by
// segment. Fewer than two points have length 0.
func PathLength(pts []scene.Vec3, ground bool) float64 {
	var l float64
	for i := 1; i < len(pts); i++ {
		if ground {
			l += GroundDistance(pts[i-1], pts[i])
		} else {
			l += Distance(pts[i-1], pts[i])
		}
	}
	return l
}

// Area returns the area in m² of the polygon with corners pts projected on
// the local plane (heights ignored), whichever way it winds, closed (last
// point repeating the first) or not. A self-crossing polygon gives the
// magnitude of its signed area; fewer than three points give 0.
func Area(pts []scene.Vec3) float64 {
	n := len(pts)
	if n > 1 && pts[0] == pts[n-1] {
		n--
	}
	if n < 3 {
		return 0
	}
	// Relative to the first point, for precision far from the origin.
	o := pts[0]
	var a float64
	for i := 1; i+1 < n; i++ {
		a += (pts[i][0]-o[0])*(pts[i+1][1]-o[1]) - (pts[i+1][0]-o[0])*(pts[i][1]-o[1])
	}
	return math.Abs(a) / 2
}

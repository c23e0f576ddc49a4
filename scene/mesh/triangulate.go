package mesh

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Triangulate triangulates a polygon with holes (rings closed or not) with
// the earcut algorithm (earcut.go: z-order hashed, about n log n for a
// simple ring). It appends to flat the ring positions (x,y pairs,
// closing points dropped, rings in order) and returns them with the triangle
// indices into those positions, three per triangle, each triangle counter-
// clockwise seen from +Z. It never panics; a degenerate polygon gives no
// triangles and possibly an error.
func Triangulate(flat []float64, p orb.Polygon) (pts []float64, tris []int, err error) {
	flat = flat[:0]
	var holes []int
	for r, ring := range p {
		n := len(ring)
		if n > 1 && ring[0] == ring[n-1] {
			n--
		}
		if n < 3 {
			if r == 0 {
				return flat, nil, fmt.Errorf("outer ring has %d points", n)
			}
			continue
		}
		if r > 0 {
			holes = append(holes, len(flat)/2)
		}
		for _, pt := range ring[:n] {
			flat = append(flat, pt[0], pt[1])
		}
	}
	defer func() {
		if r := recover(); r != nil {
			tris, err = nil, fmt.Errorf("triangulation failed: %v", r)
		}
	}()
	for _, v := range flat {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return flat, nil, fmt.Errorf("non-finite coordinate")
		}
	}
	tris = earcut(flat, holes, nil)
	for i := 0; i+2 < len(tris); i += 3 {
		a, b, c := tris[i], tris[i+1], tris[i+2]
		ax, ay := flat[2*a], flat[2*a+1]
		cr := (flat[2*b]-ax)*(flat[2*c+1]-ay) - (flat[2*b+1]-ay)*(flat[2*c]-ax)
		if cr < 0 {
			tris[i+1], tris[i+2] = c, b
		}
	}
	return flat, tris, nil
}

package scene

import (
	"slices"

	"github.com/paulmach/orb"
)

// Crossing is where two edges of a polygon's rings cross.
type Crossing struct {
	RingA, RingB int       // the rings of the two edges (0: the outer ring)
	At           orb.Point // the crossing point
}

// bruteForceEdges is the edge count up to which every pair is tested.
const bruteForceEdges = 32

// maxCrossingTests bounds the edge pairs tested in one polygon, so a
// hostile ring cannot make the check quadratic; past it the polygon is
// taken as simple.
const maxCrossingTests = 50_000_000

type edge struct {
	a, b       orb.Point
	ring       int
	minX, maxX float64
}

// FindCrossing returns the first proper crossing between edges of p's
// rings (a ring crossing itself or another ring of the polygon, as in a
// bowtie), and false when there is none. Edges that only touch at a point
// or overlap along a line are not crossings. It sweeps the edges sorted by
// x, so rings of 100,000 points take milliseconds; an edge pair budget
// stops pathological inputs.
func FindCrossing(p orb.Polygon) (Crossing, bool) {
	n := 0
	for _, r := range p {
		n += len(r)
	}
	if n <= bruteForceEdges+1 {
		return crossingBrute(p)
	}
	edges := make([]edge, 0, n)
	for ri, r := range p {
		m := len(r)
		if m > 1 && r[0] == r[m-1] {
			m--
		}
		if m < 3 {
			continue
		}
		for i := 0; i < m; i++ {
			a, b := r[i], r[(i+1)%m]
			edges = append(edges, edge{a: a, b: b, ring: ri, minX: min(a[0], b[0]), maxX: max(a[0], b[0])})
		}
	}
	slices.SortFunc(edges, func(x, y edge) int {
		switch {
		case x.minX < y.minX:
			return -1
		case x.minX > y.minX:
			return 1
		}
		return 0
	})
	var active []int
	tests := 0
	for i := range edges {
		e := &edges[i]
		keep := active[:0]
		for _, j := range active {
			if edges[j].maxX >= e.minX {
				keep = append(keep, j)
			}
		}
		active = keep
		eMinY, eMaxY := min(e.a[1], e.b[1]), max(e.a[1], e.b[1])
		for _, j := range active {
			o := &edges[j]
			if max(o.a[1], o.b[1]) < eMinY || min(o.a[1], o.b[1]) > eMaxY {
				continue
			}
			if tests++; tests > maxCrossingTests {
				return Crossing{}, false
			}
			if at, ok := properCrossing(e.a, e.b, o.a, o.b); ok {
				ra, rb := o.ring, e.ring
				if ra > rb {
					ra, rb = rb, ra
				}
				return Crossing{RingA: ra, RingB: rb, At: at}, true
			}
		}
		active = append(active, i)
	}
	return Crossing{}, false
}

func crossingBrute(p orb.Polygon) (Crossing, bool) {
	for ri, r := range p {
		m := len(r)
		if m > 1 && r[0] == r[m-1] {
			m--
		}
		for i := 0; i < m && m >= 3; i++ {
			a, b := r[i], r[(i+1)%m]
			for rj := ri; rj < len(p); rj++ {
				s := p[rj]
				k := len(s)
				if k > 1 && s[0] == s[k-1] {
					k--
				}
				j0 := 0
				if rj == ri {
					j0 = i + 1
				}
				for j := j0; j < k && k >= 3; j++ {
					if at, ok := properCrossing(a, b, s[j], s[(j+1)%k]); ok {
						return Crossing{RingA: ri, RingB: rj, At: at}, true
					}
				}
			}
		}
	}
	return Crossing{}, false
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// properCrossing reports whether segments ab and cd cross at a point
// interior to both, and where.
func properCrossing(a, b, c, d orb.Point) (orb.Point, bool) {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	if !(o1 > 0 && o2 < 0 || o1 < 0 && o2 > 0) {
		return orb.Point{}, false
	}
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if !(o3 > 0 && o4 < 0 || o3 < 0 && o4 > 0) {
		return orb.Point{}, false
	}
	t := o3 / (o3 - o4)
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, true
}

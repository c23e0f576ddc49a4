package sun

import (
	"math"

	"github.com/paulmach/orb"
)

// patch is the sample grid of one polygon: nx × ny cells of size s with
// their lower-left corner at (x0, y0); a sample sits at each cell centre
// inside the polygon.
type patch struct {
	x0, y0, s float64
	nx, ny    int
	inside    []uint32 // 1 for a sample inside the polygon
	n         int      // samples inside
	weight    float64  // area each sample stands for, m²
	z         float64  // ground height of the samples
	shade     []uint32
	lit       float64 // sum over samples of sunlit hours
}

// bound returns the box of the patch's sample centres.
func (p *patch) bound() orb.Bound {
	h := p.s / 2
	return orb.Bound{
		Min: orb.Point{p.x0 + h, p.y0 + h},
		Max: orb.Point{p.x0 + float64(p.nx)*p.s - h, p.y0 + float64(p.ny)*p.s - h},
	}
}

// scratch holds the buffers reused by one Hours call.
type scratch struct {
	xs                   []float64
	quad                 [5]orb.Point
	ring                 orb.Ring
	tick                 uint32
	itemStamp, cellStamp []uint32
}

// fill sets dst[i] = val for every cell index i of p whose centre lies
// inside rings moved by (dx, dy), by the even-odd rule (so holes stay
// out). Rings may be open or closed.
func (p *patch) fill(rings []orb.Ring, dx, dy float64, s *scratch, dst []uint32, val uint32) {
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, r := range rings {
		for _, q := range r {
			minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
		}
	}
	j0 := max(0, int(math.Ceil((minY+dy-p.y0)/p.s-0.5)))
	j1 := min(p.ny-1, int(math.Floor((maxY+dy-p.y0)/p.s-0.5)))
	for j := j0; j <= j1; j++ {
		yc := p.y0 + (float64(j)+0.5)*p.s - dy
		xs := s.xs[:0]
		for _, r := range rings {
			n := len(r)
			if n > 1 && r[0] == r[n-1] {
				n--
			}
			for k := 0; k < n; k++ {
				a, b := r[k], r[(k+1)%n]
				if (a[1] > yc) != (b[1] > yc) {
					xs = append(xs, a[0]+(yc-a[1])*(b[0]-a[0])/(b[1]-a[1])+dx)
				}
			}
		}
		s.xs = xs
		for a := 1; a < len(xs); a++ { // insertion sort: few crossings
			for b := a; b > 0 && xs[b] < xs[b-1]; b-- {
				xs[b], xs[b-1] = xs[b-1], xs[b]
			}
		}
		row := j * p.nx
		for k := 0; k+1 < len(xs); k += 2 {
			i0 := max(0, int(math.Ceil((xs[k]-p.x0)/p.s-0.5)))
			i1 := min(p.nx, int(math.Ceil((xs[k+1]-p.x0)/p.s-0.5)))
			for i := i0; i < i1; i++ {
				dst[row+i] = val
			}
		}
	}
}

// newPatch lays the grid of spacing s over polygon poly (cells aligned on
// multiples of s, so neighbouring polygons share one lattice) and marks
// the samples inside. A polygon too small to hold a cell centre gets one
// sample at a point inside it, standing for its whole area.
func newPatch(poly orb.Polygon, z, s float64, sc *scratch) *patch {
	b := poly[0].Bound()
	i0, j0 := math.Floor(b.Min[0]/s), math.Floor(b.Min[1]/s)
	p := &patch{
		x0: i0 * s, y0: j0 * s, s: s, z: z, weight: s * s,
		nx: int(math.Floor(b.Max[0]/s)-i0) + 1,
		ny: int(math.Floor(b.Max[1]/s)-j0) + 1,
	}
	p.inside = make([]uint32, p.nx*p.ny)
	p.fill(poly, 0, 0, sc, p.inside, 1)
	for _, v := range p.inside {
		p.n += int(v)
	}
	if p.n == 0 {
		c := interiorPoint(poly)
		p = &patch{x0: c[0] - s/2, y0: c[1] - s/2, s: s, z: z, nx: 1, ny: 1, inside: []uint32{1}, n: 1, weight: area(poly)}
	}
	p.shade = make([]uint32, len(p.inside))
	return p
}

// interiorPoint returns a point inside poly: the middle of the widest span
// of the scanline through its box's middle (the box centre for a sliver).
func interiorPoint(poly orb.Polygon) orb.Point {
	b := poly[0].Bound()
	yc := (b.Min[1] + b.Max[1]) / 2
	var xs []float64
	for _, r := range poly {
		for k := 0; k+1 < len(r); k++ {
			a, c := r[k], r[k+1]
			if (a[1] > yc) != (c[1] > yc) {
				xs = append(xs, a[0]+(yc-a[1])*(c[0]-a[0])/(c[1]-a[1]))
			}
		}
	}
	best, at := -1.0, b.Center()
	for a := 1; a < len(xs); a++ {
		for k := a; k > 0 && xs[k] < xs[k-1]; k-- {
			xs[k], xs[k-1] = xs[k-1], xs[k]
		}
	}
	for k := 0; k+1 < len(xs); k += 2 {
		if w := xs[k+1] - xs[k]; w > best {
			best, at = w, orb.Point{(xs[k] + xs[k+1]) / 2, yc}
		}
	}
	return at
}

// area is the polygon's area in m², holes removed.
func area(poly orb.Polygon) float64 {
	a := 0.0
	for i, r := range poly {
		s := 0.0
		for k := 0; k+1 < len(r); k++ {
			s += r[k][0]*r[k+1][1] - r[k+1][0]*r[k][1]
		}
		if n := len(r); n > 2 && r[0] != r[n-1] {
			s += r[n-1][0]*r[0][1] - r[0][0]*r[n-1][1]
		}
		if i == 0 {
			a += math.Abs(s) / 2
		} else {
			a -= math.Abs(s) / 2
		}
	}
	return math.Max(a, 0)
}

package sun

import (
	"math"

	"github.com/paulmach/orb"
)

// Prism is a vertical solid that casts shadows: an extruded footprint
// (local metres, outer ring then holes) from Bottom to Top (metres, local
// z). A building of a GeoJSON layer is one Prism.
type Prism struct {
	Footprint   orb.Polygon
	Bottom, Top float64
}

// Triangle is one shadow-casting triangle of a model, its corners in local
// metres (x east, y north, z up).
type Triangle [3][3]float64

// Occluders indexes prisms and triangles on a 2D grid so that Hours finds
// the few that can shade a spot. Build one with NewOccluders; it is
// read-only afterwards and safe for concurrent use.
type Occluders struct {
	prisms []Prism
	tris   []Triangle
	items  []item
	// grid of cells of size cell metres from (x0, y0), nx × ny, each
	// listing the items whose footprint box touches it.
	x0, y0, cell float64
	nx, ny       int
	cells        [][]int32
	top          float64 // highest top of all items
}

// item is one occluder: prism i (tri < 0) or triangle tri, with its
// footprint box and top.
type item struct {
	minX, minY, maxX, maxY float64
	bottom, top            float64
	prism, tri             int32
}

// maxCells bounds the index grid; cells grow for very large cities.
const maxCells = 1 << 20

// NewOccluders indexes prisms and tris. Prisms with no area or Top ≤
// Bottom, and degenerate triangles, are dropped. It keeps the slices (and
// the footprints they hold), which the caller must not change afterwards.
func NewOccluders(prisms []Prism, tris []Triangle) *Occluders {
	o := &Occluders{prisms: prisms, tris: tris, top: math.Inf(-1)}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(it item) {
		if !(it.maxX >= it.minX && it.maxY >= it.minY && it.top > it.bottom) {
			return
		}
		o.items = append(o.items, it)
		minX, minY = math.Min(minX, it.minX), math.Min(minY, it.minY)
		maxX, maxY = math.Max(maxX, it.maxX), math.Max(maxY, it.maxY)
		o.top = math.Max(o.top, it.top)
	}
	for i := range prisms {
		p := &prisms[i]
		if len(p.Footprint) == 0 || len(p.Footprint[0]) < 3 {
			continue
		}
		b := p.Footprint[0].Bound()
		add(item{minX: b.Min[0], minY: b.Min[1], maxX: b.Max[0], maxY: b.Max[1], bottom: p.Bottom, top: p.Top, prism: int32(i), tri: -1})
	}
	for i := range tris {
		t := &tris[i]
		it := item{minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1), bottom: math.Inf(1), top: math.Inf(-1), prism: -1, tri: int32(i)}
		for _, v := range t {
			it.minX, it.maxX = math.Min(it.minX, v[0]), math.Max(it.maxX, v[0])
			it.minY, it.maxY = math.Min(it.minY, v[1]), math.Max(it.maxY, v[1])
			it.bottom, it.top = math.Min(it.bottom, v[2]), math.Max(it.top, v[2])
		}
		if it.top == it.bottom { // a flat triangle: keep, its height still counts
			it.bottom -= 1e-9
		}
		add(it)
	}
	if len(o.items) == 0 {
		return o
	}
	o.cell = 32
	w, h := maxX-minX, maxY-minY
	for (w/o.cell+1)*(h/o.cell+1) > maxCells {
		o.cell *= 2
	}
	o.x0, o.y0 = minX, minY
	o.nx, o.ny = int(w/o.cell)+1, int(h/o.cell)+1
	o.cells = make([][]int32, o.nx*o.ny)
	for k, it := range o.items {
		i0, j0 := o.cellOf(it.minX, it.minY)
		i1, j1 := o.cellOf(it.maxX, it.maxY)
		for j := j0; j <= j1; j++ {
			for i := i0; i <= i1; i++ {
				c := j*o.nx + i
				o.cells[c] = append(o.cells[c], int32(k))
			}
		}
	}
	return o
}

// Len returns how many occluders are indexed.
func (o *Occluders) Len() int { return len(o.items) }

func (o *Occluders) cellOf(x, y float64) (int, int) {
	i := int(math.Floor((x - o.x0) / o.cell))
	j := int(math.Floor((y - o.y0) / o.cell))
	return min(max(i, 0), o.nx-1), min(max(j, 0), o.ny-1)
}

// visit calls f once for every item whose footprint box may meet the
// region swept by box b moved along (ux, uy) by 0 to length metres.
// s's stamps mark what this query (s.tick) has seen.
func (o *Occluders) visit(b orb.Bound, ux, uy, length float64, s *scratch, f func(k int)) {
	if len(o.items) == 0 {
		return
	}
	if len(s.itemStamp) < len(o.items) {
		s.itemStamp = make([]uint32, len(o.items))
	}
	if len(s.cellStamp) < len(o.cells) {
		s.cellStamp = make([]uint32, len(o.cells))
	}
	// Stop where the sweep leaves the index's extent.
	ext := math.Hypot(float64(o.nx)*o.cell, float64(o.ny)*o.cell) +
		math.Hypot(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) +
		math.Hypot(b.Min[0]-o.x0, b.Min[1]-o.y0)
	length = math.Min(length, ext)
	half := o.cell / 2
	n := int(math.Ceil(length/o.cell)) + 1
	for k := 0; k < n; k++ {
		r := math.Min(float64(k)*o.cell, length)
		dx, dy := r*ux, r*uy
		minX, minY := b.Min[0]+dx-half, b.Min[1]+dy-half
		maxX, maxY := b.Max[0]+dx+half, b.Max[1]+dy+half
		if maxX < o.x0 || maxY < o.y0 || minX > o.x0+float64(o.nx)*o.cell || minY > o.y0+float64(o.ny)*o.cell {
			continue
		}
		i0, j0 := o.cellOf(minX, minY)
		i1, j1 := o.cellOf(maxX, maxY)
		for j := j0; j <= j1; j++ {
			for i := i0; i <= i1; i++ {
				c := j*o.nx + i
				if s.cellStamp[c] == s.tick {
					continue
				}
				s.cellStamp[c] = s.tick
				for _, it := range o.cells[c] {
					if s.itemStamp[it] != s.tick {
						s.itemStamp[it] = s.tick
						f(int(it))
					}
				}
			}
		}
	}
}

package sun

import (
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/paulmach/orb"
)

// Defaults of HoursOptions.
const (
	DefaultSpacing    = 2.0              // metres between sample points
	DefaultStep       = 10 * time.Minute // time between sun positions
	DefaultMaxSamples = 250_000          // sample points before the grid coarsens
	// MinModelHeight is how far (metres) a model triangle must rise above
	// a sample's ground to count as an occluder, so that ground, pavement
	// and road meshes lying on the ground do not shade it.
	MinModelHeight = 0.5
	// minElevation is the lowest sun (degrees) used for shadows: just
	// after sunrise and before sunset the sun's centre may sit a fraction
	// of a degree below the horizon.
	minElevation = 0.1
)

// Area is one polygon whose sun hours are wanted: local metres, outer ring
// then holes, with Ground the height (local z) of its ground.
type Area struct {
	Polygon orb.Polygon
	Ground  float64
}

// HoursOptions tune Hours; zero values take the defaults.
type HoursOptions struct {
	// Spacing is the distance between sample points in metres.
	Spacing float64
	// Step is the time between sun positions.
	Step time.Duration
	// MaxSamples caps the sample points: a larger total area gets a
	// coarser grid (Spacing grows to √(area / MaxSamples)).
	MaxSamples int
}

// HoursResult is the outcome of Hours.
type HoursResult struct {
	// Mean is the area-weighted mean of the hours of direct sun, over all
	// sample points.
	Mean float64
	// Day is the day's sunrise and sunset at the place.
	Day Daylight
	// Spacing is the grid spacing used (metres), after any coarsening.
	Spacing float64
	// Step is the time step used.
	Step time.Duration
	// Samples and Steps count the sample points and sun positions.
	Samples, Steps int
}

// Hours returns the hours of direct sun on areas on the calendar day of
// date (in date's location) at lon, lat (WGS84 degrees), with occ's solids
// casting shadows. Each area is sampled at the centres of a square grid
// of HoursOptions.Spacing (a polygon too small for one centre gets one
// sample for its whole area); the sun is placed at the middle of every
// Step between sunrise and sunset (the last step ends at sunset), and a
// sample counts the step's duration when the ray from it towards the sun
// meets no occluder. Per step each occluder's shadow on the sample's
// ground plane (a prism's footprint swept away from the sun between its
// bottom's and its top's shadow, a triangle's projection) is rasterised
// onto the grid, so any height and any overlap of area and footprint is
// exact up to the grid. A nil occ is an open field. Polygons are shared
// out among GOMAXPROCS goroutines.
func Hours(areas []Area, occ *Occluders, date time.Time, lon, lat float64, opt HoursOptions) HoursResult {
	if opt.Spacing <= 0 {
		opt.Spacing = DefaultSpacing
	}
	if opt.Step <= 0 {
		opt.Step = DefaultStep
	}
	if opt.MaxSamples <= 0 {
		opt.MaxSamples = DefaultMaxSamples
	}
	if occ == nil {
		occ = &Occluders{}
	}
	res := HoursResult{Day: Day(date, lon, lat), Step: opt.Step}
	total := 0.0
	for _, a := range areas {
		if len(a.Polygon) > 0 {
			total += area(a.Polygon)
		}
	}
	res.Spacing = math.Max(opt.Spacing, math.Ceil(math.Sqrt(total/float64(opt.MaxSamples))*10)/10)
	sc := &scratch{}
	var patches []*patch
	for _, a := range areas {
		if len(a.Polygon) == 0 || len(a.Polygon[0]) < 3 || area(a.Polygon) <= 0 {
			continue
		}
		p := newPatch(a.Polygon, a.Ground, res.Spacing, sc)
		patches = append(patches, p)
		res.Samples += p.n
	}
	if len(patches) == 0 || res.Day.Polar < 0 {
		return res
	}
	var steps []Position
	var hours []float64
	for t := res.Day.Sunrise; t.Before(res.Day.Sunset); t = t.Add(opt.Step) {
		dt := min(opt.Step, res.Day.Sunset.Sub(t))
		steps = append(steps, At(t.Add(dt/2), lon, lat))
		hours = append(hours, dt.Hours())
	}
	res.Steps = len(steps)
	// Patches are independent: share them out among the cores.
	workers := min(runtime.GOMAXPROCS(0), len(patches))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			sc := &scratch{}
			for i := w; i < len(patches); i += workers {
				p := patches[i]
				for k, pos := range steps {
					occ.shade(p, pos, sc)
					lit := 0
					for i, in := range p.inside {
						if in != 0 && p.shade[i] != sc.tick {
							lit++
						}
					}
					p.lit += float64(lit) * hours[k]
				}
			}
		}(w)
	}
	wg.Wait()
	var sum, w float64
	for _, p := range patches {
		sum += p.lit * p.weight
		w += float64(p.n) * p.weight
	}
	res.Mean = sum / w
	return res
}

// shade marks p.shade[i] = sc.tick (a fresh tick) for every sample of p
// that an occluder hides from the sun at pos.
func (o *Occluders) shade(p *patch, pos Position, sc *scratch) {
	el := math.Max(pos.Elevation, minElevation) * deg
	se, ce := math.Sincos(el)
	sa, ca := math.Sincos(pos.Azimuth * deg)
	ux, uy := sa, ca // horizontal unit vector towards the sun
	cot := ce / se
	sc.tick++
	if len(o.items) == 0 || o.top <= p.z {
		return
	}
	b := p.bound()
	o.visit(b, ux, uy, (o.top-p.z)*cot, sc, func(k int) {
		it := &o.items[k]
		top := it.top - p.z
		if top <= 0 || it.tri >= 0 && top < MinModelHeight {
			return
		}
		bot := math.Max(0, it.bottom-p.z)
		// The shadow's box: the item's box swept by −u·[bot, top]·cot.
		ax, ay := -ux*cot, -uy*cot
		minX := it.minX + math.Min(ax*bot, ax*top)
		maxX := it.maxX + math.Max(ax*bot, ax*top)
		minY := it.minY + math.Min(ay*bot, ay*top)
		maxY := it.maxY + math.Max(ay*bot, ay*top)
		if maxX < b.Min[0]-p.s || minX > b.Max[0]+p.s || maxY < b.Min[1]-p.s || minY > b.Max[1]+p.s {
			return
		}
		if it.tri >= 0 {
			o.shadeTriangle(p, &o.tris[it.tri], ax, ay, sc)
			return
		}
		o.shadePrism(p, &o.prisms[it.prism], ax*bot, ay*bot, ax*(top-bot), ay*(top-bot), sc)
	})
}

// shadePrism marks the shadow of prism pr: its footprint moved by (dx, dy)
// (the shadow of its bottom) swept further by (vx, vy) (to its top's).
func (o *Occluders) shadePrism(p *patch, pr *Prism, dx, dy, vx, vy float64, sc *scratch) {
	p.fill(pr.Footprint, dx, dy, sc, p.shade, sc.tick)
	if vx == 0 && vy == 0 {
		return
	}
	quad := sc.quad[:4]
	for _, r := range pr.Footprint {
		n := len(r)
		if n > 1 && r[0] == r[n-1] {
			n--
		}
		for k := 0; k < n; k++ {
			a, c := r[k], r[(k+1)%n]
			quad[0], quad[1] = a, c
			quad[2] = orb.Point{c[0] + vx, c[1] + vy}
			quad[3] = orb.Point{a[0] + vx, a[1] + vy}
			p.fill([]orb.Ring{quad}, dx, dy, sc, p.shade, sc.tick)
		}
	}
}

// shadeTriangle marks the shadow of t: the part above the samples' ground
// projected along the sun onto it ((ax, ay) per metre of height).
func (o *Occluders) shadeTriangle(p *patch, t *Triangle, ax, ay float64, sc *scratch) {
	ring := sc.ring[:0]
	for k := 0; k < 3; k++ {
		a, c := t[k], t[(k+1)%3]
		ha, hc := a[2]-p.z, c[2]-p.z
		if ha >= 0 {
			ring = append(ring, orb.Point{a[0] + ax*ha, a[1] + ay*ha})
		}
		if (ha >= 0) != (hc >= 0) { // the edge crosses the ground
			f := ha / (ha - hc)
			ring = append(ring, orb.Point{a[0] + f*(c[0]-a[0]), a[1] + f*(c[1]-a[1])})
		}
	}
	sc.ring = ring
	if len(ring) >= 3 {
		p.fill([]orb.Ring{ring}, 0, 0, sc, p.shade, sc.tick)
	}
}

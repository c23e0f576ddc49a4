package sun

import (
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

var equinox45 = time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)

// TestHoursOpenField: with nothing around, every sample gets the whole
// day, sunrise to sunset.
func TestHoursOpenField(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Monaco")
	for _, date := range []time.Time{
		time.Date(2026, 3, 20, 0, 0, 0, 0, loc),
		time.Date(2026, 6, 21, 0, 0, 0, 0, loc),
		time.Date(2026, 12, 21, 0, 0, 0, 0, loc),
	} {
		r := Hours([]Area{{Polygon: rect(0, 0, 50, 50)}}, nil, date, 7.42, 43.74, HoursOptions{})
		want := r.Day.Length().Hours()
		if math.Abs(r.Mean-want) > DefaultStep.Hours() {
			t.Errorf("%s: %.3f h of sun, want the day's %.3f h", date.Format("Jan 2"), r.Mean, want)
		}
		if r.Samples != 625 || r.Spacing != 2 {
			t.Errorf("%d samples at %g m, want 625 at 2 m", r.Samples, r.Spacing)
		}
	}
}

// TestHoursNorthOfAWall: a 100 m wall 10 km long running east–west, the
// park 20 m deep just north of it, at 45° N on the equinox: the sun peaks
// at 45°, so the wall's shadow (≥ 100 m) covers the park all day but for
// the minutes just after sunrise and before sunset when the sun is a
// little north of east or west.
func TestHoursNorthOfAWall(t *testing.T) {
	wall := NewOccluders([]Prism{{Footprint: rect(-5000, -2, 5000, 0), Top: 100}}, nil)
	r := Hours([]Area{{Polygon: rect(-10, 1, 10, 21)}}, wall, equinox45, 0, 45, HoursOptions{})
	if r.Mean > 0.25 {
		t.Errorf("%.3f h of sun north of the wall, want ≈ 0", r.Mean)
	}
	// South of it, the wall shades nothing (the sun never is north of it
	// by more than a hair at the equinox).
	r = Hours([]Area{{Polygon: rect(-10, -22, 10, -2)}}, wall, equinox45, 0, 45, HoursOptions{})
	if full := r.Day.Length().Hours(); r.Mean < full-0.25 {
		t.Errorf("%.3f h of sun south of the wall, want ≈ %.3f", r.Mean, full)
	}
}

// box is a tower as a prism and as the 12 triangles of its surface.
func box(x0, y0, x1, y1, z0, z1 float64) (Prism, []Triangle) {
	c := func(i int) [3]float64 {
		p := [3]float64{x0, y0, z0}
		if i&1 != 0 {
			p[0] = x1
		}
		if i&2 != 0 {
			p[1] = y1
		}
		if i&4 != 0 {
			p[2] = z1
		}
		return p
	}
	faces := [][4]int{{0, 1, 3, 2}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 3, 7, 6}, {0, 2, 6, 4}, {1, 3, 7, 5}}
	var tris []Triangle
	for _, f := range faces {
		tris = append(tris, Triangle{c(f[0]), c(f[1]), c(f[2])}, Triangle{c(f[0]), c(f[2]), c(f[3])})
	}
	return Prism{Footprint: rect(x0, y0, x1, y1), Bottom: z0, Top: z1}, tris
}

// bruteHours casts a ray from every lattice sample of the rectangle
// towards the sun at every step and intersects it with the boxes (slab
// method): the same sampling as Hours, an independent occlusion test.
func bruteHours(park orb.Bound, boxes [][2][3]float64, date time.Time, lon, lat float64) float64 {
	const s = DefaultSpacing
	day := Day(date, lon, lat)
	var sum float64
	n := 0
	for y := (math.Floor(park.Min[1]/s) + 0.5) * s; y < park.Max[1]; y += s {
		for x := (math.Floor(park.Min[0]/s) + 0.5) * s; x < park.Max[0]; x += s {
			if x < park.Min[0] || y < park.Min[1] {
				continue
			}
			n++
			for t := day.Sunrise; t.Before(day.Sunset); t = t.Add(DefaultStep) {
				dt := min(DefaultStep, day.Sunset.Sub(t))
				p := At(t.Add(dt/2), lon, lat)
				p.Elevation = math.Max(p.Elevation, minElevation)
				d := p.Direction()
				hit := false
				for _, b := range boxes {
					if rayHitsBox([3]float64{x, y, 0}, d, b) {
						hit = true
						break
					}
				}
				if !hit {
					sum += dt.Hours()
				}
			}
		}
	}
	return sum / float64(n)
}

func rayHitsBox(o, d [3]float64, b [2][3]float64) bool {
	lo, hi := 0.0, math.Inf(1)
	for k := 0; k < 3; k++ {
		if math.Abs(d[k]) < 1e-12 {
			if o[k] < b[0][k] || o[k] > b[1][k] {
				return false
			}
			continue
		}
		t0, t1 := (b[0][k]-o[k])/d[k], (b[1][k]-o[k])/d[k]
		if t0 > t1 {
			t0, t1 = t1, t0
		}
		lo, hi = math.Max(lo, t0), math.Min(hi, t1)
	}
	return lo <= hi
}

// TestHoursBesideATower compares Hours with ray casting for parks beside,
// under and partly inside towers and a bridge, as prisms and as meshes.
func TestHoursBesideATower(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Monaco")
	date := time.Date(2026, 3, 20, 0, 0, 0, 0, loc)
	tower, towerTris := box(-10, -10, 10, 10, 0, 60)
	bridge, bridgeTris := box(30, -40, 34, 40, 8, 10)
	boxes := [][2][3]float64{{{-10, -10, 0}, {10, 10, 60}}, {{30, -40, 8}, {34, 40, 10}}}
	prisms := NewOccluders([]Prism{tower, bridge}, nil)
	mesh := NewOccluders(nil, append(towerTris, bridgeTris...))
	for _, c := range []struct {
		name     string
		park     orb.Polygon
		minLoss  float64 // hours lost to the tower at least
		maxHours float64
	}{
		// 40 m north of a 60 m tower: at noon (elevation 46°) the shadow
		// is 58 m long and 20 m wide, so the park loses the midday hours.
		{"north of the tower", rect(-10, 20, 10, 40), 1, 24},
		{"west of the tower", rect(-40, -10, -20, 10), 0.5, 24},
		// A quarter of it lies inside the tower: at most ¾ of the day.
		{"partly inside the tower", rect(0, -20, 20, 0), 0, 0.75 * 12.15},
		{"under the bridge", rect(26, -10, 38, 10), 0.3, 24},
	} {
		t.Run(c.name, func(t *testing.T) {
			open := Hours([]Area{{Polygon: c.park}}, nil, date, 7.42, 43.74, HoursOptions{}).Mean
			want := bruteHours(c.park.Bound(), boxes, date, 7.42, 43.74)
			for name, occ := range map[string]*Occluders{"prisms": prisms, "triangles": mesh} {
				got := Hours([]Area{{Polygon: c.park}}, occ, date, 7.42, 43.74, HoursOptions{}).Mean
				if math.Abs(got-want) > 0.1 {
					t.Errorf("%s: %.3f h, ray casting says %.3f h", name, got, want)
				}
				if open-got < c.minLoss || got > c.maxHours {
					t.Errorf("%s: %.3f h of the open field's %.3f", name, got, open)
				}
			}
		})
	}
}

func TestHoursCoarsensHugeAreas(t *testing.T) {
	r := Hours([]Area{{Polygon: rect(0, 0, 2000, 2000)}}, nil, equinox45, 0, 45, HoursOptions{MaxSamples: 10000})
	if r.Spacing != 20 || r.Samples != 10000 {
		t.Errorf("spacing %g m, %d samples; want 20 m, 10000", r.Spacing, r.Samples)
	}
}

func TestHoursTinyPolygonAndPolarNight(t *testing.T) {
	r := Hours([]Area{{Polygon: rect(0.2, 0.2, 0.8, 0.8)}}, nil, equinox45, 0, 45, HoursOptions{})
	if r.Samples != 1 || math.Abs(r.Mean-r.Day.Length().Hours()) > 0.17 {
		t.Errorf("tiny park: %+v", r)
	}
	r = Hours([]Area{{Polygon: rect(0, 0, 10, 10)}}, nil, time.Date(2026, 12, 21, 0, 0, 0, 0, time.UTC), 18.95, 69.65, HoursOptions{})
	if r.Mean != 0 || r.Steps != 0 {
		t.Errorf("polar night: %+v", r)
	}
}

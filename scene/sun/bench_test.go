package sun

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// gridCity returns n buildings of 4–30 storeys on 40 m blocks around the
// origin (a 20 m street between blocks), with the middle block left empty
// for a park of 1 ha (100 m × 100 m, the hole in the grid).
func gridCity(n int) []Prism {
	rng := rand.New(rand.NewSource(1))
	side := 1
	for side*side < n+9 {
		side++
	}
	var out []Prism
	for j := 0; j < side && len(out) < n; j++ {
		for i := 0; i < side && len(out) < n; i++ {
			x := float64(i-side/2) * 60
			y := float64(j-side/2) * 60
			if x > -100 && x < 100 && y > -100 && y < 100 {
				continue // the park's blocks
			}
			w, d := 20+rng.Float64()*20, 20+rng.Float64()*20
			out = append(out, Prism{Footprint: rect(x, y, x+w, y+d), Top: float64(4+rng.Intn(27)) * 3})
		}
	}
	return out
}

// BenchmarkHours measures the sun hours of a 1 ha park on the equinox
// (sunrise to sunset every 10 minutes, 2 m grid: 2,500 samples × 73
// steps) among n buildings, the occluder index built once per scenario
// included.
func BenchmarkHours(b *testing.B) {
	park := []Area{{Polygon: rect(-50, -50, 50, 50)}}
	date := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{1000, 10000, 50000} {
		prisms := gridCity(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				occ := NewOccluders(prisms, nil)
				Hours(park, occ, date, 7.42, 43.74, HoursOptions{})
			}
		})
	}
}

// BenchmarkHoursManyParks measures 1,000 small parks (18 m × 18 m, in the
// streets' crossings) among 10,000 buildings: one sweep per park and step.
func BenchmarkHoursManyParks(b *testing.B) {
	occ := NewOccluders(gridCity(10000), nil)
	var parks []Area
	for i := 0; i < 1000; i++ {
		x, y := float64(i%32)*60-960+41, float64(i/32)*60-960+41
		parks = append(parks, Area{Polygon: rect(x, y, x+18, y+18)})
	}
	date := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		Hours(parks, occ, date, 7.42, 43.74, HoursOptions{})
	}
}

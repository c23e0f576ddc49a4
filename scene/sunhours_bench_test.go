package scene

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// benchCity is n buildings as grid_city.py makes them (18 m apart, 7–14 m
// a side, 4–40 m high) around a 1 ha park (100 m × 100 m) at the middle.
func benchCity(n int) *Scene {
	rng := rand.New(rand.NewSource(1))
	side := 1
	for side*side < n+49 {
		side++
	}
	b := &Layer{ID: "buildings", Kind: KindGeoJSON}
	for k := 0; len(b.Features) < n; k++ {
		x, y := float64(k%side-side/2)*18, float64(k/side-side/2)*18
		if x > -60 && x < 60 && y > -60 && y < 60 {
			continue
		}
		w, d := 7+rng.Float64()*7, 7+rng.Float64()*7
		b.Features = append(b.Features, Feature{Index: k, Properties: map[string]any{"height": 4 + rng.Float64()*36}, Geometry: square(x, y, x+w, y+d)})
	}
	parks := &Layer{ID: "parks", Kind: KindGeoJSON, Style: Style{Class: "green"}, Features: []Feature{{Geometry: square(-50, -50, 50, 50)}}}
	origin := Geo{Lon: 4.85, Lat: 45.75}
	return &Scene{Origin: origin, Frame: NewFrame(origin), Layers: []*Layer{b, parks},
		KeyFigures: []KeyFigureDef{{ID: "park_sun", Label: "Sun on the park", Kind: "sun_hours", Layer: "parks", Unit: "h"}}}
}

// BenchmarkSunHoursKeyFigure is the whole key figure: occluders gathered
// from the scenario's features (styles resolved), indexed, and the 1 ha
// park sampled on the 2 m grid every 10 minutes of the equinox.
func BenchmarkSunHoursKeyFigure(b *testing.B) {
	date := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{1000, 10000, 50000} {
		s := benchCity(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			var k KeyFigure
			for b.Loop() {
				k = sunFigure(s, s.Layers, nil, s.KeyFigures[0], 3, date)
			}
			if !k.Known() || k.Value <= 0 {
				b.Fatalf("%+v", k)
			}
		})
	}
}

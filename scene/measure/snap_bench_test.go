package measure

import (
	"testing"

	"github.com/paulmach/orb"
)

// BenchmarkSnap snaps one point among 10,000 footprints on an 18 m grid,
// as the UI does on every pointer move.
func BenchmarkSnap(b *testing.B) {
	var fps []orb.Geometry
	for i := 0; i < 10000; i++ {
		x, y := float64(i%100)*18, float64(i/100)*18
		fps = append(fps, square(x, y, x+10, y+12))
	}
	b.ReportAllocs()
	for b.Loop() {
		SnapToFootprints(orb.Point{905, 911}, fps, 3)
	}
}

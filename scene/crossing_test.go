package scene

import (
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func circleRing(n int, r float64) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		ring = append(ring, orb.Point{r * math.Cos(a), r * math.Sin(a)})
	}
	return append(ring, ring[0])
}

func TestFindCrossing(t *testing.T) {
	big := circleRing(100000, 1000)
	bigBad := append(orb.Ring{}, big...)
	bigBad[50000], bigBad[50001] = bigBad[50001], bigBad[50000] // two neighbours swapped: a tiny bowtie
	for _, tc := range []struct {
		name  string
		p     orb.Polygon
		cross bool
	}{
		{"square", orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}, false},
		{"asymmetric bowtie", orb.Polygon{{{0, 0}, {10, 10}, {10, 0}, {0, 4}, {0, 0}}}, true},
		{"hole inside", orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}}}, false},
		{"hole crossing the outer ring", orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{8, 2}, {8, 4}, {12, 4}, {12, 2}, {8, 2}}}, true},
		{"hole touching at a vertex", orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{0, 0}, {2, 4}, {4, 4}, {0, 0}}}, false},
		{"circle 100k", orb.Polygon{big}, false},
		{"circle 100k, one bowtie", orb.Polygon{bigBad}, true},
		{"unclosed bowtie", orb.Polygon{{{0, 0}, {10, 10}, {10, 0}, {0, 4}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			c, ok := FindCrossing(tc.p)
			if ok != tc.cross {
				t.Fatalf("crossing %v at %v, want %v", ok, c, tc.cross)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func BenchmarkFindCrossing(b *testing.B) {
	for _, n := range []int{8, 1000, 100000} {
		p := orb.Polygon{circleRing(n, 1000)}
		b.Run(map[int]string{8: "8", 1000: "1k", 100000: "100k"}[n], func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				FindCrossing(p)
			}
		})
	}
}

package scene

import (
	"fmt"
	"math"
	"testing"
)

func TestGeodeticToECEFKnownValues(t *testing.T) {
	tests := []struct {
		name          string
		lon, lat, alt float64
		want          Vec3
	}{
		{"equator prime meridian", 0, 0, 0, Vec3{6378137, 0, 0}},
		{"equator 90E", 90, 0, 0, Vec3{0, 6378137, 0}},
		{"north pole", 0, 90, 0, Vec3{0, 0, 6356752.314245}},
		{"equator 100 m up", 180, 0, 100, Vec3{-6378237, 0, 0}},
		// Computed independently with the closed form N = a/sqrt(1-e²sin²φ).
		{"45N 45E", 45, 45, 0, Vec3{3194419.145061, 3194419.145061, 4487348.408866}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := GeodeticToECEF(tt.lon, tt.lat, tt.alt)
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-3 {
					t.Fatalf("GeodeticToECEF(%v, %v, %v) = %v, want %v", tt.lon, tt.lat, tt.alt, got, tt.want)
				}
			}
			back := ECEFToGeodetic(got)
			if d := math.Abs(back.Alt - tt.alt); d > 1e-4 {
				t.Errorf("round trip altitude off by %g m", d)
			}
		})
	}
}

func TestFrameRoundTripWithinMillimetreAt20km(t *testing.T) {
	origins := []Geo{{2.17, 41.39, 0}, {13.4, 52.52, 40}, {138.8, 35.12, 10}, {-70.6, -33.4, 550}, {25, 69.9, 0}}
	for _, o := range origins {
		f := NewFrame(o)
		for _, p := range []Vec3{{20000, 0, 0}, {0, -20000, 0}, {14142, 14142, 120}, {-20000, 5000, -30}} {
			t.Run(fmt.Sprintf("%v/%v", o, p), func(t *testing.T) {
				g := f.ToGeo(p)
				back := f.FromGeo(g.Lon, g.Lat, g.Alt)
				d := math.Sqrt((back[0]-p[0])*(back[0]-p[0]) + (back[1]-p[1])*(back[1]-p[1]) + (back[2]-p[2])*(back[2]-p[2]))
				if d > 1e-3 {
					t.Fatalf("round trip of %v moved it %.6f m", p, d)
				}
			})
		}
	}
}

func TestFrameAxes(t *testing.T) {
	f := NewFrame(Geo{Lon: 2.17, Lat: 41.39})
	if p := f.FromGeo(2.17, 41.39, 0); math.Abs(p[0])+math.Abs(p[1])+math.Abs(p[2]) > 1e-6 {
		t.Fatalf("origin maps to %v, want zero", p)
	}
	north := f.FromGeo(2.17, 41.40, 0)
	if north[1] < 1100 || north[1] > 1112 || math.Abs(north[0]) > 1e-3 {
		t.Errorf("0.01° north = %v, want about (0, 1110, <0)", north)
	}
	east := f.FromGeo(2.18, 41.39, 0)
	if east[0] < 830 || east[0] > 840 || math.Abs(east[1]) > 0.1 {
		t.Errorf("0.01° east = %v, want about (835, 0, <0)", east)
	}
	up := f.FromGeo(2.17, 41.39, 100)
	if math.Abs(up[2]-100) > 1e-6 {
		t.Errorf("100 m up = %v", up)
	}
}

func TestBoxCorner(t *testing.T) {
	b := Box{Min: Vec3{1, 2, 3}, Max: Vec3{4, 5, 6}}
	seen := map[Vec3]bool{}
	for i := 0; i < 8; i++ {
		c := b.Corner(i)
		for k := 0; k < 3; k++ {
			if want := map[bool]float64{false: b.Min[k], true: b.Max[k]}[i&(1<<k) != 0]; c[k] != want {
				t.Errorf("corner %d axis %d = %v, want %v", i, k, c[k], want)
			}
		}
		seen[c] = true
	}
	if len(seen) != 8 {
		t.Errorf("%d distinct corners, want 8", len(seen))
	}
}

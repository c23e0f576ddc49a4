package scene

import (
	"math"

	"github.com/paulmach/orb"
)

// LineSites returns places every spacing metres along the visible line
// features of the layers of style class class ("roads"), as {lon, lat} in
// WGS84 degrees: where a street-side sensor may plausibly stand. Layers that
// are not visible are left out.
func (s *Scene) LineSites(class string, spacing float64) [][2]float64 {
	if s.Frame == nil || !(spacing > 0) {
		return nil
	}
	var out [][2]float64
	add := func(x, y float64) {
		g := s.Frame.ToGeo(Vec3{x, y, 0})
		out = append(out, [2]float64{g.Lon, g.Lat})
	}
	var walk func(g orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.LineString:
			carry := spacing / 2 // the first site half a spacing in
			for i := 1; i < len(g); i++ {
				a, b := g[i-1], g[i]
				seg := math.Hypot(b[0]-a[0], b[1]-a[1])
				for carry <= seg {
					t := carry / seg
					add(a[0]+t*(b[0]-a[0]), a[1]+t*(b[1]-a[1]))
					carry += spacing
				}
				carry -= seg
			}
		case orb.MultiLineString:
			for _, l := range g {
				walk(l)
			}
		case orb.Collection:
			for _, c := range g {
				walk(c)
			}
		}
	}
	for _, l := range s.Layers {
		if l.Style.Class != class || !l.Visible {
			continue
		}
		for i := range l.Features {
			walk(l.Features[i].Geometry)
		}
	}
	return out
}

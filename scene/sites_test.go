package scene

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestLineSites(t *testing.T) {
	fr := NewFrame(Geo{Lon: 7.42, Lat: 43.73})
	roads := &Layer{ID: "roads", Visible: true, Style: Style{Class: "roads"}, Features: []Feature{
		// 100 m east then 50 m north: sites at 10, 30, 50, 70, 90 m east and 10, 30, 50 m north.
		{ID: "a", Geometry: orb.LineString{{0, 0}, {100, 0}, {100, 50}}},
		{ID: "b", Index: 1, Geometry: orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 0}}}},
	}}
	hidden := &Layer{ID: "old", Style: Style{Class: "roads"}, Features: []Feature{{ID: "c", Geometry: orb.LineString{{0, 0}, {500, 0}}}}}
	parks := &Layer{ID: "parks", Visible: true, Style: Style{Class: "green"}, Features: []Feature{{ID: "d", Geometry: orb.LineString{{0, 0}, {500, 0}}}}}
	s := &Scene{Frame: fr, Layers: []*Layer{roads, hidden, parks}}
	got := s.LineSites("roads", 20)
	want := []Vec3{{10, 0, 0}, {30, 0, 0}, {50, 0, 0}, {70, 0, 0}, {90, 0, 0}, {100, 10, 0}, {100, 30, 0}, {100, 50, 0}}
	if len(got) != len(want) {
		t.Fatalf("got %d sites %v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		p := fr.FromGeo(got[i][0], got[i][1], 0)
		if math.Hypot(p[0]-w[0], p[1]-w[1]) > 0.01 {
			t.Errorf("site %d at %.2f,%.2f m, want %v", i, p[0], p[1], w)
		}
	}
	if s.LineSites("roads", 0) != nil || (&Scene{Layers: s.Layers}).LineSites("roads", 20) != nil {
		t.Error("no spacing or no frame should give no sites")
	}
}

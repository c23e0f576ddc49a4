package scene

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// sunScene is a park 20 m north of a 20 m × 20 m building of 15 m (its
// south edge 30 m north of the building's centre), at
// Monaco; scenario "tower" makes the building 60 m high, "nopark" hides
// the park.
func sunScene(t *testing.T) *Scene {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Monaco")
	if err != nil {
		t.Fatal(err)
	}
	origin := Geo{Lon: 7.42, Lat: 43.74}
	buildings := &Layer{ID: "buildings", Kind: KindGeoJSON, Features: []Feature{
		{ID: "b1", Properties: map[string]any{"height": 15.0}, Geometry: square(-10, -10, 10, 10)},
	}}
	parks := &Layer{ID: "parks", Kind: KindGeoJSON, Style: Style{Class: "green"}, Features: []Feature{
		{ID: "p1", Properties: map[string]any{"leisure": "park"}, Geometry: square(-10, 30, 10, 50)},
	}}
	return &Scene{
		Origin: origin, Frame: NewFrame(origin), TimeZone: loc,
		Layers: []*Layer{buildings, parks},
		Scenarios: []Scenario{
			{ID: "tower", Changes: []Change{{Adjust: &AdjustChange{Selection: Selection{Layer: "buildings", IDs: []string{"b1"}}, Add: map[string]float64{"height": 45}}}}},
			{ID: "nopark", Changes: []Change{{Hide: &Selection{Layer: "parks", IDs: []string{"p1"}}}}},
		},
		KeyFigures: []KeyFigureDef{
			{ID: "park_sun", Label: "Sun on the park", Kind: "sun_hours", Layer: "parks", Unit: "h"},
			{ID: "lake_sun", Label: "Sun on the lake", Kind: "sun_hours", Layer: "lake", Unit: "h"},
		},
	}
}

// TestSunHoursPerScenario: on the equinox the 15 m building's noon
// shadow (14 m long at 46° elevation) stops short of the park 20 m north;
// the 60 m tower's (58 m) covers it around noon, so the park loses hours.
func TestSunHoursPerScenario(t *testing.T) {
	s := sunScene(t)
	date := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	base := figure(t, KeyFiguresOn(s, nil, date), "park_sun")
	ev, err := s.Evaluate("tower")
	if err != nil {
		t.Fatal(err)
	}
	tower := figure(t, KeyFiguresOn(s, ev, date), "park_sun")
	if !base.Known() || !tower.Known() {
		t.Fatalf("unknown: %+v %+v", base, tower)
	}
	if base.Value < 11.5 || base.Value > 12.2 {
		t.Errorf("baseline %.1f h, want about the whole equinox day (12.1 h)", base.Value)
	}
	if loss := base.Value - tower.Value; loss < 1.5 || loss > 6 {
		t.Errorf("the tower costs %.1f h (%.1f → %.1f), want a few hours", loss, base.Value, tower.Value)
	}
	for _, w := range []string{"2026-03-20", "Europe/Monaco", "2 m grid", "every 10 min", "1 extruded features", "layer parks"} {
		if !strings.Contains(base.Formula, w) {
			t.Errorf("formula %q lacks %q", base.Formula, w)
		}
	}
}

func TestSunHoursUnknown(t *testing.T) {
	s := sunScene(t)
	ev, err := s.Evaluate("nopark")
	if err != nil {
		t.Fatal(err)
	}
	ks := KeyFiguresOn(s, ev, time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))
	if k := figure(t, ks, "park_sun"); k.Known() || !strings.Contains(k.Reason, "no visible polygons") {
		t.Errorf("hidden park: %+v", k)
	}
	lake := figure(t, ks, "lake_sun")
	if lake.Known() || !strings.Contains(lake.Reason, "layer lake is not in this scenario") {
		t.Errorf("missing layer: %+v", lake)
	}
	b, err := json.Marshal(lake)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if v, ok := m["value"]; !ok || v != nil || m["reason"] == "" || m["formula"] == "" {
		t.Errorf("JSON %s: want value null with a reason", b)
	}
	known, _ := json.Marshal(KeyFigure{ID: "x", Value: 1.5})
	if !strings.Contains(string(known), `"value":1.5`) || strings.Contains(string(known), "reason") {
		t.Errorf("known figure JSON %s", known)
	}
	s.Frame = nil
	if k := figure(t, KeyFiguresOn(s, nil, time.Time{}), "park_sun"); k.Known() {
		t.Errorf("no origin: %+v", k)
	}
}

func TestDefaultSunDate(t *testing.T) {
	s := sunScene(t)
	if d := DefaultSunDate(s, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)); d.Format("2006-01-02") != "2025-03-20" {
		t.Errorf("default date %v", d)
	}
	s.Sun = time.Date(2024, 6, 21, 14, 0, 0, 0, s.TimeZone)
	if d := DefaultSunDate(s, time.Now()); d.Format("2006-01-02") != "2024-03-20" {
		t.Errorf("default date with a sun %v", d)
	}
	wall := time.Date(2026, 6, 21, 14, 0, 0, 0, time.UTC)
	if got := s.LocalTime(wall); got.UTC().Hour() != 12 {
		t.Errorf("14:00 in Monaco in June is %v UTC", got.UTC())
	}
}

// TestSunOccludersMeshes: a model's triangles cast shadows, through its
// instances, and a hidden feature's do not.
func TestSunOccludersMeshes(t *testing.T) {
	v := func(x, y, z float32) Vertex { return Vertex{Pos: [3]float32{x, y, z}} }
	model := &Layer{ID: "model", Kind: KindGLTF, Features: []Feature{{ID: "a"}, {ID: "b"}},
		Meshes: []Mesh{{
			Vertices: []Vertex{v(0, 0, 0), v(1, 0, 0), v(0, 1, 10), v(0, 0, 0), v(1, 0, 0), v(0, 1, 10)},
			Indices:  []uint32{0, 1, 2, 3, 4, 5},
			Parts:    []Part{{Feature: 0, First: 0, Count: 3}, {Feature: 1, First: 3, Count: 3}},
		}}}
	s := &Scene{Layers: []*Layer{model}, Scenarios: []Scenario{{ID: "hide", Changes: []Change{{Hide: &Selection{Layer: "model", IDs: []string{"b"}}}}}}}
	_, _, n, _ := SunOccluders(s.Layers, nil, 3, nil)
	ev, err := s.Evaluate("hide")
	if err != nil {
		t.Fatal(err)
	}
	_, _, nh, _ := SunOccluders(s.Layers, ev, 3, nil)
	model.Meshes[0].Instances = []MeshInstance{{Transform: [12]float64{1, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0}, Feature: -1}, {Transform: [12]float64{1, 0, 0, 9, 0, 1, 0, 0, 0, 0, 1, 0}, Feature: 0}}
	_, _, ni, _ := SunOccluders(s.Layers, nil, 3, nil)
	if n != 2 || nh != 1 || ni != 4 {
		t.Errorf("triangles: %d, %d with b hidden, %d instanced; want 2, 1, 4", n, nh, ni)
	}
}

func TestSunDirection(t *testing.T) {
	s := sunScene(t)
	noon := time.Date(2026, 6, 21, 13, 32, 0, 0, s.TimeZone)
	d, up := s.SunDirection(noon)
	if !up || d[2] < 0.93 || d[1] > -0.3 || d[1] < -0.4 {
		t.Errorf("noon sun at Monaco: %v up %v; want high in the south", d, up)
	}
	if _, up := s.SunDirection(noon.Add(12 * time.Hour)); up {
		t.Error("the sun is up at midnight")
	}
}

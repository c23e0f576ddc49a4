package scene

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// handCity is a scene whose figures can be worked out by hand: a 100×100 m
// park with a 20×20 m hole (9,600 m²), three trees, a 300 m primary road
// and a 50 m residential road (a 30-40-50 triangle's hypotenuse), two
// buildings (one with 12 flats; one 10×10 m, 9 m tall: 3 storeys, 300 m²),
// and a scenario that adds a 50×50 m park (class green) and hides the
// residential road.
func handCity() *Scene {
	sq := func(x, y, d float64) orb.Ring {
		return orb.Ring{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}
	}
	parks := &Layer{ID: "parks", Features: []Feature{
		{ID: "p", Properties: map[string]any{"leisure": "park"}, Geometry: orb.Polygon{sq(0, 0, 100), sq(40, 40, 20)}},
		{ID: "not-green", Index: 1, Properties: map[string]any{"leisure": "stadium"}, Geometry: orb.Polygon{sq(200, 0, 10)}},
	}}
	trees := &Layer{ID: "trees", Features: []Feature{
		{ID: "t1", Properties: map[string]any{"natural": "tree"}, Geometry: orb.Point{1, 1}},
		{ID: "t2", Index: 1, Properties: map[string]any{"natural": "tree"}, Geometry: orb.Point{2, 1}},
		{ID: "t3", Index: 2, Properties: map[string]any{"natural": "tree"}, Geometry: orb.Point{3, 1}},
		{ID: "bench", Index: 3, Properties: map[string]any{"amenity": "bench"}, Geometry: orb.Point{4, 1}},
	}}
	roads := &Layer{ID: "roads", Features: []Feature{
		{ID: "r1", Properties: map[string]any{"highway": "primary"}, Geometry: orb.LineString{{0, -10}, {100, -10}, {300, -10}}},
		{ID: "r2", Index: 1, Properties: map[string]any{"highway": "residential"}, Geometry: orb.LineString{{0, 0}, {-30, -40}}},
		{ID: "river", Index: 2, Properties: map[string]any{"waterway": "river"}, Geometry: orb.LineString{{0, 0}, {0, 500}}},
	}}
	ext := &ExtrudeRule{HeightProperty: "height"}
	buildings := &Layer{ID: "buildings", Style: Style{Class: "buildings", Extrude: ext}, Features: []Feature{
		{ID: "b1", Properties: map[string]any{"height": 9.0, "building:flats": 12.0}, Geometry: orb.Polygon{sq(500, 0, 20)}},
		{ID: "b2", Index: 1, Properties: map[string]any{"height": 9.0}, Geometry: orb.Polygon{sq(600, 0, 10)}},
	}}
	newPark := &Layer{ID: "new-park", Style: Style{Class: "green"}, Features: []Feature{
		{ID: "np", Geometry: orb.Polygon{sq(-100, -100, 50)}},
	}}
	return &Scene{Layers: []*Layer{parks, trees, roads, buildings}, StoreyHeight: 3, DwellingFloorArea: 100,
		Scenarios: []Scenario{{ID: "park", Title: "A park for a road", Changes: []Change{
			{Added: newPark},
			{Hide: &Selection{Layer: "roads", IDs: []string{"r2"}}},
		}}}}
}

func figure(t *testing.T, ks []KeyFigure, id string) KeyFigure {
	t.Helper()
	for _, k := range ks {
		if k.ID == id {
			if k.Formula == "" {
				t.Errorf("%s has no formula", id)
			}
			return k
		}
	}
	t.Fatalf("no key figure %s in %+v", id, ks)
	return KeyFigure{}
}

func TestCityKeyFiguresByHand(t *testing.T) {
	s := handCity()
	ev, err := s.Evaluate("park")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id             string
		base, scenario float64
	}{
		{"green_area", 9600, 9600 + 2500},
		{"tree_count", 3, 3},
		{"road_length", 350, 300},
		{"road_length.primary", 300, 300},
		{"road_length.residential", 50, 0},
		{"dwellings", 12 + 3, 12 + 3},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			b, sc := figure(t, KeyFigures(s, nil), tc.id), figure(t, KeyFigures(s, ev), tc.id)
			if !b.Known() || !sc.Known() {
				t.Fatalf("unknown: %q %q", b.Reason, sc.Reason)
			}
			if b.Value != tc.base || sc.Value != tc.scenario {
				t.Errorf("baseline %v scenario %v, want %v and %v", b.Value, sc.Value, tc.base, tc.scenario)
			}
		})
	}
	// The same figures, in the same order, in every scenario.
	var a, b []string
	for _, k := range KeyFigures(s, nil) {
		a = append(a, k.ID)
	}
	for _, k := range KeyFigures(s, ev) {
		b = append(b, k.ID)
	}
	if strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("figures differ between scenarios:\n%v\n%v", a, b)
	}
}

func TestKeyFiguresUnknown(t *testing.T) {
	s := handCity()
	s.DwellingFloorArea = 0
	s.Layers = s.Layers[3:] // buildings only
	s.Scenarios = nil
	ks := KeyFigures(s, nil)
	for _, id := range []string{"dwellings", "green_area", "tree_count", "road_length"} {
		k := figure(t, ks, id)
		if k.Known() {
			t.Errorf("%s = %v, want unknown", id, k.Value)
			continue
		}
		js, err := json.Marshal(k)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(js, &m); err != nil {
			t.Fatal(err)
		}
		if v, ok := m["value"]; !ok || v != nil || m["reason"] == "" {
			t.Errorf("%s JSON %s: want value null and a reason", id, js)
		}
	}
	if r := figure(t, ks, "dwellings").Reason; !strings.Contains(r, "1 building without building:flats") {
		t.Errorf("dwellings reason %q", r)
	}
	// With every building counted by flats, no assumption is needed.
	s.Layers[0].Features[1].Properties = map[string]any{"height": 9.0, "building:flats": 4.0}
	if k := figure(t, KeyFigures(s, nil), "dwellings"); !k.Known() || k.Value != 16 {
		t.Errorf("dwellings %+v, want 16", k)
	}
	js, _ := json.Marshal(figure(t, KeyFigures(s, nil), "building_count"))
	if !strings.Contains(string(js), `"value":2`) {
		t.Errorf("known figure JSON %s", js)
	}
}

// BenchmarkKeyFigures computes every key figure for every scenario (the
// baseline and two more) of a 100k-building city with roads and trees.
//
//	go test ./scene -run XXX -bench KeyFigures -benchmem
func BenchmarkKeyFigures(b *testing.B) {
	const n = 316
	bl := &Layer{ID: "b", Style: Style{Class: "buildings", Extrude: &ExtrudeRule{HeightProperty: "height"}}}
	roads := &Layer{ID: "roads"}
	trees := &Layer{ID: "trees"}
	hw := []string{"primary", "secondary", "residential", "service"}
	for y := 0; y < n; y++ {
		x0 := float64(-n/2) * 20
		y0 := float64(y-n/2) * 20
		roads.Features = append(roads.Features, Feature{ID: "r" + strconv.Itoa(y), Index: y,
			Properties: map[string]any{"highway": hw[y%4]}, Geometry: orb.LineString{{x0, y0 - 4}, {-x0, y0 - 4}}})
		for x := 0; x < n; x++ {
			x0 := float64(x-n/2) * 20
			i := len(bl.Features)
			bl.Features = append(bl.Features, Feature{ID: strconv.Itoa(i), Index: i,
				Properties: map[string]any{"height": float64(6 + (x*7+y*13)%30)},
				Geometry:   orb.Polygon{{{x0, y0}, {x0 + 12, y0}, {x0 + 12, y0 + 12}, {x0, y0 + 12}, {x0, y0}}}})
			if x%10 == 0 {
				trees.Features = append(trees.Features, Feature{Index: len(trees.Features),
					Properties: map[string]any{"natural": "tree"}, Geometry: orb.Point{x0 - 3, y0 - 3}})
			}
		}
	}
	park := &Layer{ID: "park", Style: Style{Class: "green"}, Features: []Feature{{Geometry: orb.Polygon{{{0, 0}, {50, 0}, {50, 50}, {0, 0}}}}}}
	s := &Scene{Layers: []*Layer{bl, roads, trees}, DwellingFloorArea: 90, Scenarios: []Scenario{
		{ID: "taller", Changes: []Change{{Adjust: &AdjustChange{Selection: Selection{Layer: "b", Where: &Filter{Property: "height", Min: ptr(30)}}, Add: map[string]float64{"height": 6}}}}},
		{ID: "park", Changes: []Change{{Added: park}, {Hide: &Selection{Layer: "roads", IDs: []string{"r1", "r2"}}}}},
	}}
	evs := []*Evaluation{nil}
	for _, sc := range s.Scenarios {
		ev, err := s.Evaluate(sc.ID)
		if err != nil {
			b.Fatal(err)
		}
		evs = append(evs, ev)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, ev := range evs {
			KeyFigures(s, ev)
		}
	}
}

func ptr(v float64) *float64 { return &v }

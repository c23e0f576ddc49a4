package scene

import (
	"image/color"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestParseColor(t *testing.T) {
	for _, c := range []struct {
		in   string
		want color.NRGBA
		ok   bool
	}{
		{"#f80", color.NRGBA{255, 136, 0, 255}, true},
		{"#FF8800", color.NRGBA{255, 136, 0, 255}, true},
		{"#ff880080", color.NRGBA{255, 136, 0, 128}, true},
		{"rgb(10, 20, 30)", color.NRGBA{10, 20, 30, 255}, true},
		{"rgba(10,20,30,0.5)", color.NRGBA{10, 20, 30, 128}, true},
		{"Red", color.NRGBA{255, 0, 0, 255}, true},
		{"#12", color.NRGBA{}, false},
		{"nonsense", color.NRGBA{}, false},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, ok := ParseColor(c.in)
			if got != c.want || ok != c.ok {
				t.Fatalf("ParseColor(%q) = %v,%v want %v,%v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestLook(t *testing.T) {
	poly := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	line := orb.LineString{{0, 0}, {1, 1}}
	ramp := &Ramp{Property: "v", Stops: []RampStop{{0, "#000000"}, {10, "#ffffff"}}}
	for _, c := range []struct {
		name     string
		style    Style
		props    map[string]any
		geom     orb.Geometry
		fill     *color.NRGBA
		extruded bool
		h, mh    float64
		width    float64
	}{
		{"building default", Style{}, map[string]any{"building": "yes"}, poly, &colorBuilding, true, 3, 0, 4},
		{"height string", Style{}, map[string]any{"height": "12,5 m"}, poly, nil, true, 12.5, 0, 4},
		{"levels", Style{}, map[string]any{"building:levels": "4", "building:min_level": 1}, poly, nil, true, 12, 3, 4},
		{"min_height", Style{}, map[string]any{"height": 20.0, "min_height": 8.0}, poly, nil, true, 20, 8, 4},
		{"flat park", Style{}, map[string]any{"leisure": "park"}, poly, &colorGreen, false, 0, 0, 4},
		{"water", Style{}, map[string]any{"natural": "water"}, poly, &colorWater, false, 0, 0, 4},
		{"simplestyle fill", Style{}, map[string]any{"fill": "#ff0000", "fill-opacity": 0.5}, poly, &color.NRGBA{255, 0, 0, 128}, false, 0, 0, 4},
		{"stroke width", Style{}, map[string]any{"stroke-width": 7.0}, line, nil, false, 0, 0, 7},
		{"constant rule", Style{Fill: ColorRule{Constant: "blue"}}, map[string]any{"building": "yes", "fill": nil}, poly, &color.NRGBA{0, 0, 255, 255}, true, 3, 0, 4},
		{"property rule", Style{Fill: ColorRule{Property: "c"}}, map[string]any{"c": "#00ff00"}, poly, &color.NRGBA{0, 255, 0, 255}, false, 0, 0, 4},
		{"ramp", Style{Fill: ColorRule{Ramp: ramp}}, map[string]any{"v": 5.0}, poly, &color.NRGBA{128, 128, 128, 255}, false, 0, 0, 4},
		{"extrude rule storeys", Style{Extrude: &ExtrudeRule{StoreysProperty: "n", StoreyHeight: 4}}, map[string]any{"n": 3.0}, poly, nil, true, 12, 0, 4},
		{"extrude rule property", Style{Extrude: &ExtrudeRule{HeightProperty: "h", MinHeight: 2}}, map[string]any{"h": "9"}, poly, nil, true, 9, 2, 4},
		{"lines never extrude", Style{}, map[string]any{"height": 10.0}, line, nil, false, 0, 0, 4},
		{"class points", Style{Class: "points"}, nil, orb.Point{1, 1}, &colorPoint, false, 0, 0, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			lk := c.style.Look(c.props, c.geom, 3)
			if c.fill != nil && lk.Fill != *c.fill {
				t.Fatalf("fill %v want %v", lk.Fill, *c.fill)
			}
			if lk.Extruded != c.extruded || lk.Height != c.h || lk.MinHeight != c.mh {
				t.Fatalf("extruded %v %v..%v want %v %v..%v", lk.Extruded, lk.MinHeight, lk.Height, c.extruded, c.mh, c.h)
			}
			if lk.LineWidth != c.width {
				t.Fatalf("line width %v want %v", lk.LineWidth, c.width)
			}
		})
	}
}

func TestKeyFigures(t *testing.T) {
	// 10×10 square with a 2×2 hole (96 m²), 9 m tall: 3 storeys; and a
	// 5×4 slab from 3 m to 9 m with building:levels 2.
	sq := orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{3, 3}, {3, 5}, {5, 5}, {5, 3}, {3, 3}}}
	slab := orb.Polygon{{{20, 0}, {25, 0}, {25, 4}, {20, 4}, {20, 0}}}
	l := &Layer{ID: "b", Features: []Feature{
		{ID: "a", Properties: map[string]any{"height": 9.0, "use": "home"}, Geometry: sq},
		{ID: "s", Index: 1, Properties: map[string]any{"height": 9.0, "min_height": 3.0, "building:levels": 2.0}, Geometry: slab},
		{ID: "road", Index: 2, Properties: map[string]any{"highway": "primary"}, Geometry: orb.LineString{{0, 0}, {1, 1}}},
	}}
	s := &Scene{Layers: []*Layer{l}, KeyFigures: []KeyFigureDef{{ID: "homes", Label: "Homes", Kind: "count", Property: "use"}}}
	get := func(ks []KeyFigure, id string) float64 {
		for _, k := range ks {
			if k.ID == id {
				if k.Formula == "" {
					t.Fatalf("%s has no formula", id)
				}
				return k.Value
			}
		}
		t.Fatalf("no key figure %s", id)
		return 0
	}
	ks := KeyFigures(s, nil)
	for id, want := range map[string]float64{"building_count": 2, "footprint_area": 116, "floor_area": 96*3 + 20*2, "volume": 96*9 + 20*6, "homes": 1} {
		if got := get(ks, id); got != want {
			t.Errorf("%s = %v want %v", id, got, want)
		}
	}
	s.Scenarios = []Scenario{{ID: "demolish", Changes: []Change{{Hide: &Selection{Layer: "b", IDs: []string{"s"}}}}}}
	ev, err := s.Evaluate("demolish")
	if err != nil {
		t.Fatal(err)
	}
	ks = KeyFigures(s, ev)
	if get(ks, "building_count") != 1 || get(ks, "footprint_area") != 96 {
		t.Fatalf("hidden feature counted: %+v", ks)
	}
}

func TestAreaKeyFigureByClassCountsAddedLayers(t *testing.T) {
	park := func(id string, x float64) Feature {
		return Feature{ID: id, Geometry: orb.Polygon{{{x, 0}, {x + 10, 0}, {x + 10, 5}, {x, 5}, {x, 0}}}}
	}
	parks := &Layer{ID: "parks", Style: Style{Class: "green"}, Features: []Feature{park("p1", 0)}}
	roads := &Layer{ID: "roads", Style: Style{Class: "roads"}, Features: []Feature{park("not-green", 50)}}
	added := &Layer{ID: "new-park", Style: Style{Class: "green"}, Features: []Feature{park("p2", 100), {ID: "path", Index: 1, Geometry: orb.LineString{{0, 0}, {9, 9}}}}}
	s := &Scene{
		Layers:     []*Layer{parks, roads},
		KeyFigures: []KeyFigureDef{{ID: "green", Label: "Green", Class: "green", Kind: "area", Unit: "m²"}},
		Scenarios:  []Scenario{{ID: "park", Changes: []Change{{Added: added}}}},
	}
	if k := figure(t, KeyFigures(s, nil), "green"); k.Value != 50 || !strings.Contains(k.Formula, "green") {
		t.Fatalf("baseline green area = %+v, want 50 m² with a formula naming the class", k)
	}
	ev, err := s.Evaluate("park")
	if err != nil {
		t.Fatal(err)
	}
	if k := figure(t, KeyFigures(s, ev), "green"); k.Value != 100 {
		t.Fatalf("green area with the added park = %v, want 100", k.Value)
	}
}

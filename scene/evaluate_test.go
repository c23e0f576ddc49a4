package scene

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// evalScene is a small city: five buildings with ids, uses and heights, a
// road layer, and scenarios of every kind of change.
func evalScene(t *testing.T) *Scene {
	t.Helper()
	b := &Layer{ID: "buildings", Features: []Feature{
		{ID: "a", Properties: map[string]any{"use": "shop", "height": 12.0}},
		{ID: "b", Properties: map[string]any{"use": "home", "height": 30.0, "building:levels": "10"}},
		{ID: "c", Properties: map[string]any{"use": "home", "height": "9 m"}},
		{ID: "d", Properties: map[string]any{"use": "parking", "height": 3.0}},
		{ID: "", Properties: map[string]any{"use": "shed"}},
	}}
	r := &Layer{ID: "roads", Features: []Feature{{ID: "r1", Properties: map[string]any{"highway": "service"}}}}
	park := &Layer{ID: "park", Features: []Feature{{ID: "p1", Properties: map[string]any{"leisure": "park"}}}}
	var scs []Scenario
	if err := json.Unmarshal([]byte(`[
		{"id": "taller", "title": "Two floors more", "group": "density",
		 "changes": [{"adjust": {"layer": "buildings", "where": {"property": "use", "equals": "home"}, "add": {"height": 6}}}]},
		{"id": "lower", "title": "Lower", "group": "density",
		 "changes": [{"set": {"layer": "buildings", "ids": ["b"], "properties": {"height": 15, "note": "cut"}}}]},
		{"id": "park", "title": "Park instead of parking",
		 "changes": [{"hide": {"layer": "buildings", "where": {"property": "use", "in": ["parking", "shed"]}}},
		             {"hide": {"layer": "roads", "ids": ["r1"]}},
		             {"add": {"id": "park", "src": "park.geojson"}},
		             {"set": {"layer": "park", "ids": ["p1"], "properties": {"name": "New park"}}}]},
		{"id": "tall-only", "title": "Raise the tall ones",
		 "changes": [{"adjust": {"layer": "buildings", "where": {"property": "height", "min": 10, "max": 40}, "add": {"height": 1}}}]}
	]`), &scs); err != nil {
		t.Fatal(err)
	}
	scs[2].Changes[2].Added = park
	return &Scene{Layers: []*Layer{b, r}, Scenarios: scs}
}

func TestEvaluateBaseline(t *testing.T) {
	sc := evalScene(t)
	for _, ids := range [][]string{nil, {BaselineID}} {
		ev, err := sc.Evaluate(ids...)
		if err != nil {
			t.Fatal(err)
		}
		b := sc.Layers[0]
		if len(ev.Active) != 0 || len(ev.Layers) != 2 {
			t.Errorf("baseline: active %v, %d layers", ev.Active, len(ev.Layers))
		}
		for i := range b.Features {
			if ev.Hidden(b, i) || ev.Changed(nil, b, i) {
				t.Errorf("baseline feature %d hidden or changed", i)
			}
			if !reflect.DeepEqual(ev.Properties(b, i), b.Features[i].Properties) {
				t.Errorf("baseline feature %d properties %v", i, ev.Properties(b, i))
			}
		}
	}
}

func TestEvaluateChanges(t *testing.T) {
	tests := []struct {
		name     string
		active   []string
		hidden   map[string][]int // layer id → hidden feature indices
		heights  []any            // effective "height" of the buildings
		extra    map[int]map[string]any
		layers   int
		wantActv string
	}{
		{name: "adjust where equals", active: []string{"taller"},
			heights: []any{12.0, 36.0, 15.0, 3.0, nil}, layers: 2, wantActv: "taller"},
		{name: "set by ids", active: []string{"lower"},
			heights: []any{12.0, 15.0, "9 m", 3.0, nil}, extra: map[int]map[string]any{1: {"note": "cut"}}, layers: 2, wantActv: "lower"},
		{name: "hide where in, hide ids, add", active: []string{"park"},
			hidden: map[string][]int{"buildings": {3, 4}, "roads": {0}}, heights: []any{12.0, 30.0, "9 m", 3.0, nil}, layers: 3, wantActv: "park"},
		{name: "adjust where min max", active: []string{"tall-only"},
			heights: []any{13.0, 31.0, "9 m", 3.0, nil}, layers: 2, wantActv: "tall-only"}, // "9 m" is below min
		{name: "scene order, whatever the order asked", active: []string{"tall-only", "taller", "park"},
			// taller first (b 36, c 15), then tall-only sees those values (b 37, c 16).
			hidden:  map[string][]int{"buildings": {3, 4}, "roads": {0}},
			heights: []any{13.0, 37.0, 16.0, 3.0, nil}, layers: 3, wantActv: "taller park tall-only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := evalScene(t)
			b := sc.Layers[0]
			before := cloneProps(b)
			ev, err := sc.Evaluate(tc.active...)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ev.Active, " "); got != tc.wantActv {
				t.Errorf("active %q, want %q", got, tc.wantActv)
			}
			if len(ev.Layers) != tc.layers {
				t.Errorf("%d layers, want %d", len(ev.Layers), tc.layers)
			}
			for _, l := range ev.Layers {
				var got []int
				for i := range l.Features {
					if ev.Hidden(l, i) {
						got = append(got, i)
					}
				}
				if !reflect.DeepEqual(got, tc.hidden[l.ID]) {
					t.Errorf("layer %s: hidden %v, want %v", l.ID, got, tc.hidden[l.ID])
				}
			}
			for i, want := range tc.heights {
				if got := ev.Properties(b, i)["height"]; got != want {
					t.Errorf("building %d: height %v (%T), want %v", i, got, got, want)
				}
				for k, v := range tc.extra[i] {
					if ev.Properties(b, i)[k] != v {
						t.Errorf("building %d: %s = %v, want %v", i, k, ev.Properties(b, i)[k], v)
					}
				}
			}
			if !reflect.DeepEqual(cloneProps(b), before) {
				t.Error("Evaluate modified the baseline's properties")
			}
		})
	}
}

func TestEvaluateAddedLayerChanges(t *testing.T) {
	sc := evalScene(t)
	ev, err := sc.Evaluate("park")
	if err != nil {
		t.Fatal(err)
	}
	park := ev.Layers[2]
	if park.ID != "park" || ev.Properties(park, 0)["name"] != "New park" {
		t.Errorf("added layer %s: %v", park.ID, ev.Properties(park, 0))
	}
	if sc.Layer("park") != nil {
		t.Error("the added layer leaked into the scene's layers")
	}
}

func TestEvaluateErrors(t *testing.T) {
	tests := []struct {
		name   string
		ids    []string
		mutate func(*Scene)
		want   string
	}{
		{"unknown scenario", []string{"nope"}, nil, `unknown scenario "nope"`},
		{"group excludes", []string{"lower", "taller"}, nil, `scenarios "taller" and "lower" are both in group "density"`},
		{"unknown layer", []string{"taller"}, func(s *Scene) { s.Scenarios[0].Changes[0].Adjust.Layer = "nope" },
			`scenario "taller" change 0: unknown layer "nope"`},
		{"added layer not loaded", []string{"park"}, func(s *Scene) { s.Scenarios[2].Changes[2].Added = nil },
			`scenario "park" change 2: added layer was not loaded`},
		{"empty change", []string{"taller"}, func(s *Scene) { s.Scenarios[0].Changes[0] = Change{} }, "empty change"},
		{"selection without ids or where", []string{"lower"}, func(s *Scene) { s.Scenarios[1].Changes[0].Set.IDs = nil },
			"a selection needs ids or where"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := evalScene(t)
			if tc.mutate != nil {
				tc.mutate(sc)
			}
			ev, err := sc.Evaluate(tc.ids...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, %v; want an error containing %q", ev, err, tc.want)
			}
		})
	}
}

func TestEvaluationChanged(t *testing.T) {
	sc := evalScene(t)
	b, r := sc.Layers[0], sc.Layers[1]
	base, _ := sc.Evaluate()
	taller, _ := sc.Evaluate("taller")
	taller2, _ := sc.Evaluate("taller")
	park, _ := sc.Evaluate("park")
	both, _ := sc.Evaluate("taller", "park")
	changed := func(ev, other *Evaluation, l *Layer) []int {
		var out []int
		for i := range l.Features {
			if ev.Changed(other, l, i) {
				out = append(out, i)
			}
		}
		return out
	}
	tests := []struct {
		name      string
		ev, other *Evaluation
		l         *Layer
		want      []int
	}{
		{"taller vs nil baseline", taller, nil, b, []int{1, 2}},
		{"taller vs baseline", taller, base, b, []int{1, 2}},
		{"baseline vs taller (symmetric)", base, taller, b, []int{1, 2}},
		{"park hides", park, nil, b, []int{3, 4}},
		{"park hides roads", park, base, r, []int{0}},
		{"same scenario, two evaluations", taller2, taller, b, nil},
		{"both vs taller: only the hidden ones", both, taller, b, []int{3, 4}},
		{"both vs park: only the taller ones", both, park, b, []int{1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := changed(tc.ev, tc.other, tc.l); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changed %v, want %v", got, tc.want)
			}
		})
	}
	// A set that writes the value a feature already has changes nothing.
	sc.Scenarios[1].Changes[0].Set.Properties = map[string]any{"height": 30.0}
	same, _ := sc.Evaluate("lower")
	if same.Changed(nil, b, 1) {
		t.Error("setting a property to its own value reported a change")
	}
}

func TestFilterMatch(t *testing.T) {
	num := func(v float64) *float64 { return &v }
	props := map[string]any{"h": 12.0, "s": "12 m", "use": "home", "n": nil}
	tests := []struct {
		f    Filter
		want bool
	}{
		{Filter{Property: "use", Equals: "home"}, true},
		{Filter{Property: "use", Equals: "shop"}, false},
		{Filter{Property: "h", Equals: 12}, true},
		{Filter{Property: "h", Equals: "12"}, true},
		{Filter{Property: "s", Min: num(10)}, true},
		{Filter{Property: "h", Min: num(12), Max: num(12)}, true},
		{Filter{Property: "h", Max: num(11.9)}, false},
		{Filter{Property: "use", Min: num(0)}, false},
		{Filter{Property: "use", In: []any{"shop", "home"}}, true},
		{Filter{Property: "use", In: []any{}}, false},
		{Filter{Property: "missing", Equals: "x"}, false},
		{Filter{Property: "missing"}, false},
		{Filter{Property: "use"}, true},
	}
	for _, tc := range tests {
		if got := tc.f.Match(props); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.f, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		in   any
		want float64
		ok   bool
	}{
		{12.5, 12.5, true}, {float32(2), 2, true}, {3, 3, true}, {int64(4), 4, true},
		{"12", 12, true}, {"12.5 m", 12.5, true}, {"-3", -3, true},
		{"abc", 0, false}, {"", 0, false}, {"NaN", 0, false}, {"Inf", 0, false},
		{true, 0, false}, {nil, 0, false}, {[]any{1.0}, 0, false},
	}
	for _, tc := range tests {
		got, ok := Number(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Number(%#v) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func cloneProps(l *Layer) []map[string]any {
	out := make([]map[string]any, len(l.Features))
	for i, f := range l.Features {
		m := map[string]any{}
		for k, v := range f.Properties {
			m[k] = v
		}
		out[i] = m
	}
	return out
}

func TestShown(t *testing.T) {
	l := &Layer{ID: "b", Features: []Feature{
		{ID: "a", Properties: map[string]any{"height": 9.0}},
		{ID: "b", Index: 1, Properties: map[string]any{"height": 12.0}},
	}}
	s := &Scene{Layers: []*Layer{l}, Scenarios: []Scenario{{ID: "s", Changes: []Change{
		{Hide: &Selection{Layer: "b", IDs: []string{"a"}}},
		{Set: &SetChange{Selection: Selection{Layer: "b", IDs: []string{"b"}}, Properties: map[string]any{"height": 20.0}}},
	}}}}
	var base *Evaluation
	if p, ok := base.Shown(l, 0); !ok || p["height"] != 9.0 {
		t.Fatalf("baseline: shown %v, props %v", ok, p)
	}
	ev, err := s.Evaluate("s")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ev.Shown(l, 0); ok {
		t.Error("hidden feature shown")
	}
	if p, ok := ev.Shown(l, 1); !ok || p["height"] != 20.0 {
		t.Errorf("set feature: shown %v, props %v", ok, p)
	}
}

func TestHiddenInTile(t *testing.T) {
	tiles := &Layer{ID: "bag", Tiles: &TileTree{}}
	var scs []Scenario
	if err := json.Unmarshal([]byte(`[
		{"id": "square", "title": "A square instead of the block",
		 "changes": [{"hide": {"layer": "bag", "ids": ["NL.IMBAG.Pand.1"]}},
		             {"hide": {"layer": "bag", "where": {"property": "bouwjaar", "max": 1900}}}]},
		{"id": "empty", "title": "Nothing", "changes": [{"hide": {"layer": "bag"}}]}
	]`), &scs); err != nil {
		t.Fatal(err)
	}
	sc := &Scene{Layers: []*Layer{tiles}, Scenarios: scs}
	base, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := sc.Evaluate("square")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    Feature
		want bool
	}{
		{Feature{ID: "NL.IMBAG.Pand.1"}, true},
		{Feature{ID: "NL.IMBAG.Pand.2", Properties: map[string]any{"bouwjaar": 1885.0}}, true},
		{Feature{ID: "NL.IMBAG.Pand.3", Properties: map[string]any{"bouwjaar": 1971.0}}, false},
		{Feature{}, false},
	} {
		if got := ev.HiddenInTile(tiles, &c.f); got != c.want {
			t.Errorf("HiddenInTile(%+v) = %v, want %v", c.f, got, c.want)
		}
		if base.HiddenInTile(tiles, &c.f) {
			t.Errorf("the baseline hides %+v", c.f)
		}
	}
	if !ev.TilesChanged(base, tiles) || !base.TilesChanged(ev, tiles) || ev.TilesChanged(ev, tiles) {
		t.Error("TilesChanged does not tell the scenario from the baseline")
	}
	again, _ := sc.Evaluate("square")
	if again.TilesChanged(ev, tiles) {
		t.Error("two evaluations of one scenario differ")
	}
	if _, err := sc.Evaluate("empty"); err == nil {
		t.Error("a hide with neither ids nor where was accepted")
	}
}

func TestTouched(t *testing.T) {
	l := &Layer{ID: "b", Features: []Feature{{ID: "a"}, {ID: "b", Index: 1}, {ID: "c", Index: 2}, {ID: "d", Index: 3}}}
	for i := range l.Features {
		l.Features[i].Properties = map[string]any{"height": float64(i)}
	}
	s := &Scene{Layers: []*Layer{l}, Scenarios: []Scenario{{ID: "s", Changes: []Change{
		{Hide: &Selection{Layer: "b", IDs: []string{"c"}}},
		{Adjust: &AdjustChange{Selection: Selection{Layer: "b", IDs: []string{"a", "c"}}, Add: map[string]float64{"height": 3}}},
	}}}}
	ev, err := s.Evaluate("s")
	if err != nil {
		t.Fatal(err)
	}
	if got := ev.Touched(l); len(got) != 2 || got[0] != 0 || got[1] != 2 {
		t.Errorf("Touched = %v, want [0 2]", got)
	}
	var base *Evaluation
	if got := base.Touched(l); got != nil {
		t.Errorf("nil evaluation touched %v", got)
	}
}

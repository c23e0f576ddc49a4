package open

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"strings"
	"testing"

	"citytwin/assets"
	"citytwin/loaders/scenefile"
	"citytwin/scene"
)

// TestDemo loads the embedded demo with the real loaders and checks what a
// new user sees: every layer loaded, no warnings, scenarios that change
// something, views placed around Monaco.
func TestDemo(t *testing.T) {
	sc, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	checkDemo(t, sc)
}

// TestDemoWithStandInLoader runs the demo through scene-file assembly with
// a small GeoJSON reader of this test, so the demo's wiring (frame, ids,
// scenarios, views) is checked whatever the state of the real loader.
func TestDemoWithStandInLoader(t *testing.T) {
	ls := Loaders()
	ls.GeoJSON = standInGeoJSON
	sc, err := scenefile.Load(assets.Demo(), assets.DemoScene, scenefile.Options{Loaders: ls})
	if err != nil {
		t.Fatal(err)
	}
	checkDemo(t, sc)
}

// standInGeoJSON reads ids, properties and the extent of a FeatureCollection.
func standInGeoJSON(fsys fs.FS, src string, o scenefile.LayerOptions) (*scene.Layer, error) {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return nil, err
	}
	var fc struct {
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, err
	}
	if o.Frame == nil {
		return nil, fmt.Errorf("stand-in needs a frame")
	}
	l := &scene.Layer{ID: o.ID, Kind: scene.KindGeoJSON, Origin: o.Frame.Origin, Bounds: scene.EmptyBox()}
	for i, f := range fc.Features {
		l.Features = append(l.Features, scene.Feature{ID: f.ID, Index: i, Properties: f.Properties})
		// Every number pair in the coordinates is a lon, lat.
		var nums []float64
		for _, tok := range strings.FieldsFunc(string(f.Geometry.Coordinates), func(r rune) bool { return r == '[' || r == ']' || r == ',' }) {
			var v float64
			if _, err := fmt.Sscan(tok, &v); err == nil {
				nums = append(nums, v)
			}
		}
		for k := 0; k+1 < len(nums); k += 2 {
			l.Bounds = l.Bounds.Extend(o.Frame.FromGeo(nums[k], nums[k+1], 0))
		}
	}
	return l, nil
}

func checkDemo(t *testing.T, sc *scene.Scene) {
	t.Helper()
	if len(sc.Warnings) > 0 {
		t.Errorf("warnings:\n%s", strings.Join(sc.Warnings, "\n"))
	}
	if sc.Name != "Monaco" || sc.Origin.Lon != 7.4246 || sc.Frame == nil {
		t.Errorf("scene %q at %+v", sc.Name, sc.Origin)
	}
	counts := map[string]int{}
	for _, l := range sc.Layers {
		counts[l.ID] = len(l.Features)
		if l.Attribution == "" {
			t.Errorf("layer %s has no attribution", l.ID)
		}
		if len(l.Features) == 0 || l.Bounds.Empty() {
			t.Errorf("layer %s: %d features, bounds %v", l.ID, len(l.Features), l.Bounds)
		}
		if l.Skipped > 0 {
			t.Errorf("layer %s skipped %d features: %v", l.ID, l.Skipped, l.Warnings)
		}
	}
	if counts["buildings"] < 1000 || counts["roads"] < 1000 || counts["trees"] < 200 {
		t.Errorf("features per layer %v", counts)
	}
	b := sc.Layer("buildings")
	// The buildings lie within 3 km of the origin.
	for i := 0; i < 3; i++ {
		if b.Bounds.Min[i] < -3000 || b.Bounds.Max[i] > 3000 {
			t.Errorf("buildings bounds %v", b.Bounds)
			break
		}
	}
	base, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sc.Scenarios {
		ev, err := sc.Evaluate(s.ID)
		if err != nil {
			t.Fatalf("scenario %s: %v", s.ID, err)
		}
		n := 0
		for _, l := range sc.Layers {
			for i := range l.Features {
				if ev.Changed(base, l, i) {
					n++
				}
			}
		}
		if n == 0 {
			t.Errorf("scenario %s changes no feature", s.ID)
		}
	}
	if len(sc.Views) < 3 || sc.Home != sc.Views[0].Camera {
		t.Errorf("views %d, home %+v", len(sc.Views), sc.Home)
	}
	for _, v := range sc.Views {
		if d := v.Camera.Target; d[0]*d[0]+d[1]*d[1] > 3000*3000 {
			t.Errorf("view %s aims %v, far from the origin", v.Name, d)
		}
	}
	if sc.Home.Pitch >= 0 || sc.Home.Range <= 0 {
		t.Errorf("home %+v", sc.Home)
	}
}

// TestDemoKeyFigures checks the demo's scenarios move the key figures a
// council clerk would read: the park adds green area, four extra floors add
// twice the floor area of two.
func TestDemoKeyFigures(t *testing.T) {
	sc, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	figure := func(scenario, id string) float64 {
		t.Helper()
		var ev *scene.Evaluation
		if scenario != "" {
			if ev, err = sc.Evaluate(scenario); err != nil {
				t.Fatal(err)
			}
		}
		for _, k := range scene.KeyFigures(sc, ev) {
			if k.ID == id {
				return k.Value
			}
		}
		t.Fatalf("no key figure %s", id)
		return 0
	}
	base, park := figure("", "park_area"), figure("larvotto-park", "park_area")
	if gain := park - base; gain < 1000 || gain > 3000 {
		t.Errorf("the Larvotto park adds %.1f m² of green, want the proposal's 1,000–3,000 m²", gain)
	}
	floor := figure("", "floor_area")
	two, four := figure("harbour-plus-2", "floor_area")-floor, figure("harbour-plus-4", "floor_area")-floor
	if two <= 0 || math.Abs(four-2*two) > 1 {
		t.Errorf("extra floor area: +2 storeys %.1f m², +4 storeys %.1f m²; want positive and double", two, four)
	}
}

package scenefile

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad loads arbitrary scene files (with the fake layer loaders of
// these tests): never a panic, an error that is not an *InputError, or a
// scene with a non-finite number that would reach the camera or the report.
// The seeds in testdata/fuzz/FuzzLoad include the demo's scene.json.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(fullScene))
	f.Add([]byte(`{"layers": [{"id": "b", "src": "data/buildings.geojson"}], "scenarios": [{"id": "s", "changes": [{"hide": {"layer": "b", "ids": ["zz"]}}]}]}`))
	f.Add([]byte(`{"layers": [], "views": [{"name": "v", "camera": {"lon": 1e308, "lat": 0, "range": 1}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := townFS("")
		fsys["town/scene.json"] = &fstest.MapFile{Data: data}
		var calls []fakeCall
		sc, err := Load(fsys, "town/scene.json", Options{Loaders: fakeLoaders(&calls)})
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("%v is not an input error", err)
			}
			return
		}
		for _, v := range sc.Views {
			if !finiteJSON(v.Camera) {
				t.Fatalf("view %q camera %+v", v.Name, v.Camera)
			}
		}
		if !finiteJSON(sc.Home) || !finiteJSON(sc.Origin) {
			t.Fatalf("home %+v origin %+v", sc.Home, sc.Origin)
		}
		for _, s := range sc.Scenarios {
			if _, err := sc.Evaluate(s.ID); err != nil && !strings.Contains(err.Error(), "group") {
				t.Logf("scenario %s: %v", s.ID, err)
			}
		}
	})
}

// finiteJSON reports whether v encodes as JSON (no NaN or ±Inf inside).
func finiteJSON(v any) bool {
	_, err := json.Marshal(v)
	return err == nil
}

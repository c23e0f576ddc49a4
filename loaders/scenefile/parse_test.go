package scenefile

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestParseErrors covers every way a scene file is refused: each case must
// fail with an *InputError whose message contains want.
func TestParseErrors(t *testing.T) {
	layer := `{"id": "b", "src": "b.geojson"}`
	withLayer := func(rest string) string { return `{"layers": [` + layer + `]` + rest + `}` }
	scen := func(changes string) string {
		return withLayer(`, "scenarios": [{"id": "s", "title": "S", "changes": [` + changes + `]}]`)
	}
	view := func(cam string) string { return withLayer(`, "views": [{"name": "v", "camera": ` + cam + `}]`) }
	tests := []struct {
		name, json, want string
	}{
		// Not JSON, with line:column.
		{"empty", ``, "scene.json: empty file"},
		{"syntax", "{\n  \"name\": \"x\",\n  \"layers\": [}\n}", "scene.json:3:14: not valid JSON"},
		{"truncated", `{"layers": [`, "scene.json:1:13: not valid JSON: unexpected end of file"},
		{"trailing data", `{"layers": []} {}`, "scene.json:1:16: unexpected data after the JSON value"},
		{"top-level array", `[1, 2]`, "want a JSON object at the top, got an array"},
		// Wrong types, with the JSON path.
		{"name type", `{"name": 3, "layers": []}`, "scene.json: name: want a string, got a number (3)"},
		{"layers type", `{"layers": {}}`, "scene.json: layers: want an array, got an object"},
		{"layer type", `{"layers": ["b.geojson"]}`, `layers[0]: want an object, got a string ("b.geojson")`},
		{"placement lon", `{"layers": [{"id": "a", "src": "a.geojson"}, {"id": "b", "src": "b.geojson"},
			{"id": "m", "src": "m.glb", "placement": {"lon": "7.4", "lat": 43}}]}`, `scene.json: layers[2].placement.lon: want a number, got a string ("7.4")`},
		{"visible type", `{"layers": [{"id": "a", "src": "a.geojson", "visible": "yes"}]}`, `layers[0].visible: want true or false`},
		{"style ramp stops", `{"layers": [{"id": "a", "src": "a.geojson", "style": {"color": {"ramp": {"property": "h", "stops": [{"value": "x"}]}}}}]}`,
			`layers[0].style.color.ramp.stops[0].value: want a number`},
		{"huge number", `{"layers": [], "storey_height": 1e999}`, "storey_height: number 1e999 is out of range"},
		{"scenario changes type", withLayer(`, "scenarios": [{"id": "s", "changes": {}}]`), "scenarios[0].changes: want an array"},
		{"adjust add type", scen(`{"adjust": {"layer": "b", "ids": ["1"], "add": {"height": "6"}}}`), `scenarios[0].changes[0].adjust.add.height: want a number`},
		{"added layer type", scen(`{"add": {"id": "p", "src": 5}}`), "scenarios[0].changes[0].add.src: want a string, got a number (5)"},
		{"quoted key path", scen(`{"adjust": {"layer": "b", "ids": ["1"], "add": {"building:levels": true}}}`), `adjust.add["building:levels"]: want a number, got true`},
		{"kiosk type", withLayer(`, "kiosk": {"tour": "v"}`), "kiosk.tour: want an array"},
		{"live quantities", withLayer(`, "live": [{"url": "ws://x", "quantities": {"no2": {"bands": [{"min": null, "color": 3}]}}}]`), "live[0].quantities.no2.bands[0].color: want a string"},
		// src leaving the scene folder.
		{"src parent", `{"layers": [{"id": "a", "src": "../a.geojson"}]}`, `layers[0].src: src "../a.geojson" leads outside the scene's folder`},
		{"src sneaky parent", `{"layers": [{"id": "a", "src": "x/../../a.geojson"}]}`, "leads outside the scene's folder"},
		{"src absolute", `{"layers": [{"id": "a", "src": "/etc/passwd.geojson"}]}`, "is an absolute path"},
		{"src drive", `{"layers": [{"id": "a", "src": "C:/data/a.geojson"}]}`, "is an absolute path"},
		{"src backslash", `{"layers": [{"id": "a", "src": "..\\a.geojson"}]}`, "contains a backslash"},
		{"src url", `{"layers": [{"id": "a", "src": "https://example.org/a.geojson"}]}`, "is a URL"},
		{"src empty", `{"layers": [{"id": "a", "src": ""}]}`, "layers[0].src: src is empty"},
		{"src dot", `{"layers": [{"id": "a", "kind": "geojson", "src": "."}]}`, "not a file path inside"},
		{"added src escapes", scen(`{"add": {"id": "p", "src": "../p.geojson"}}`), "scenarios[0].changes[0].add.src: src \"../p.geojson\" leads outside"},
		// Layers.
		{"unknown kind", `{"layers": [{"id": "a", "kind": "shapefile", "src": "a.shp"}]}`, `layers[0].kind: unknown kind "shapefile"`},
		{"kind not guessable", `{"layers": [{"id": "a", "src": "a.shp"}]}`, `layers[0].kind: missing, and "a.shp" does not say`},
		{"duplicate layer", `{"layers": [{"id": "a", "src": "a.geojson"}, {"id": "a", "src": "b.geojson"}]}`, `layers[1].id: layer id "a" is already used by layers[0]`},
		{"added layer duplicates", scen(`{"add": {"id": "b", "src": "p.geojson"}}`), `scenarios[0].changes[0].add.id: layer id "b" is already used`},
		{"placement on geojson", `{"layers": [{"id": "a", "src": "a.geojson", "placement": {"lon": 1, "lat": 2}}]}`, "only gltf layers take a placement"},
		{"placement lat range", `{"layers": [{"id": "a", "src": "a.glb", "placement": {"lon": 1, "lat": 95}}]}`, "layers[0].placement.lat: want degrees in -90..90, got 95"},
		{"placement scale", `{"layers": [{"id": "a", "src": "a.glb", "placement": {"lon": 1, "lat": 2, "scale": -1}}]}`, "placement.scale: want a scale between"},
		{"set absurd height", `{"layers": [{"id": "a", "src": "a.geojson"}], "scenarios": [{"id": "s", "changes": [{"set": {"layer": "a", "ids": ["x"], "properties": {"height": 1e308}}}]}]}`, "set.properties: property \"height\" = 1e+308: a height (m) must be between 0 and 10000"},
		{"placement scale absurd", `{"layers": [{"id": "a", "src": "a.glb", "placement": {"lon": 1, "lat": 2, "scale": 1e300}}]}`, "placement.scale: want a scale between 1e-06 and 1e+06, got 1e+300"},
		{"origin range", `{"origin": {"lon": 200, "lat": 0}, "layers": []}`, "origin.lon: want degrees in -180..180, got 200"},
		{"opacity", `{"layers": [{"id": "a", "src": "a.geojson", "style": {"opacity": 2}}]}`, "layers[0].style.opacity: want 0..1"},
		{"ramp without stops", `{"layers": [{"id": "a", "src": "a.geojson", "style": {"color": {"ramp": {"property": "h"}}}}]}`, "style.color.ramp.stops: a ramp needs at least one stop"},
		// Scenarios.
		{"unknown layer in hide", scen(`{"hide": {"layer": "roads", "ids": ["1"]}}`), `scene.json: scenarios[0].changes[0].hide.layer: unknown layer "roads"`},
		{"unknown layer in set", scen(`{"set": {"layer": "x", "ids": ["1"], "properties": {"h": 1}}}`), `changes[0].set.layer: unknown layer "x"`},
		{"unknown layer in adjust", scen(`{"adjust": {"layer": "x", "where": {"property": "h", "min": 1}, "add": {"h": 1}}}`), `changes[0].adjust.layer: unknown layer "x"`},
		{"layer added by another scenario", withLayer(`, "scenarios": [
			{"id": "s1", "title": "S1", "changes": [{"add": {"id": "p", "src": "p.geojson"}}]},
			{"id": "s2", "title": "S2", "changes": [{"hide": {"layer": "p", "ids": ["1"]}}]}]`), `scenarios[1].changes[0].hide.layer: unknown layer "p"`},
		{"missing layer", scen(`{"hide": {"ids": ["1"]}}`), "changes[0].hide.layer: missing layer id"},
		{"no selection", scen(`{"hide": {"layer": "b"}}`), "changes[0].hide: select features with ids or where"},
		{"ids and where", scen(`{"hide": {"layer": "b", "ids": ["1"], "where": {"property": "h", "equals": 1}}}`), "give ids or where, not both"},
		{"filter property", scen(`{"hide": {"layer": "b", "where": {"equals": 1}}}`), "hide.where.property: missing property name"},
		{"filter min max", scen(`{"hide": {"layer": "b", "where": {"property": "h", "min": 5, "max": 1}}}`), "hide.where: min 5 is above max 1"},
		{"empty change", scen(`{}`), "scenarios[0].changes[0]: want exactly one of add, hide, set or adjust, got 0"},
		{"two changes in one", scen(`{"hide": {"layer": "b", "ids": ["1"]}, "set": {"layer": "b", "ids": ["1"], "properties": {"a": 1}}}`), "got 2"},
		{"nothing to set", scen(`{"set": {"layer": "b", "ids": ["1"]}}`), "set.properties: nothing to set"},
		{"no changes", withLayer(`, "scenarios": [{"id": "s", "changes": []}]`), "scenarios[0].changes: a scenario needs at least one change"},
		{"baseline reserved", withLayer(`, "scenarios": [{"id": "baseline", "changes": [{"hide": {"layer": "b", "ids": ["1"]}}]}]`), `scenarios[0].id: "baseline" is reserved`},
		{"duplicate scenario", withLayer(`, "scenarios": [{"id": "s", "changes": [{"hide": {"layer": "b", "ids": ["1"]}}]},
			{"id": "s", "changes": [{"hide": {"layer": "b", "ids": ["2"]}}]}]`), `scenarios[1].id: scenario id "s" is used twice`},
		{"missing scenario id", withLayer(`, "scenarios": [{"changes": [{"hide": {"layer": "b", "ids": ["1"]}}]}]`), "scenarios[0].id: missing scenario id"},
		// Views, kiosk, live, key figures.
		{"view range", view(`{"lon": 7, "lat": 43, "range": 0}`), "views[0].camera.range: want metres > 0, got 0"},
		{"view pitch", view(`{"lon": 7, "lat": 43, "range": 10, "pitch": -120}`), "views[0].camera.pitch: want degrees in -90..90"},
		{"view camera type", view(`[7, 43]`), "views[0].camera: want an object, got an array"},
		{"view unknown scenario", withLayer(`, "views": [{"name": "v", "camera": {"lon": 7, "lat": 43, "range": 10}, "scenarios": ["nope"]}]`), `views[0].scenarios[0]: unknown scenario "nope"`},
		{"view exclusive scenarios", withLayer(`, "scenarios": [
			{"id": "a", "group": "g", "changes": [{"hide": {"layer": "b", "ids": ["1"]}}]},
			{"id": "c", "group": "g", "changes": [{"hide": {"layer": "b", "ids": ["2"]}}]}],
			"views": [{"name": "v", "camera": {"lon": 7, "lat": 43, "range": 10}, "scenarios": ["a", "c"]}]`), `views[0].scenarios[1]: scenarios "a" and "c" exclude each other`},
		{"duplicate view", withLayer(`, "views": [{"name": "v", "camera": {"lon": 7, "lat": 43, "range": 10}}, {"name": "v", "camera": {"lon": 7, "lat": 43, "range": 10}}]`), `views[1].name: view name "v" is used twice`},
		{"kiosk home view", withLayer(`, "kiosk": {"home_view": "nope"}`), `kiosk.home_view: unknown view "nope"`},
		{"kiosk tour", withLayer(`, "kiosk": {"tour": ["nope"]}`), `kiosk.tour[0]: unknown view "nope"`},
		{"live scheme", withLayer(`, "live": [{"url": "http://x"}]`), `live[0].url: want a ws://, wss://, mqtt+ws://, mqtt+wss://, mqtt:// or mqtts:// URL`},
		{"live format", withLayer(`, "live": [{"url": "ws://x", "format": "xml"}]`), `live[0].format: unknown format "xml"`},
		{"live ca_file on mqtt://", withLayer(`, "live": [{"url": "mqtt://x:1883?topic=a", "ca_file": "ca.pem"}]`),
			`live[0].ca_file: a CA file only applies to wss://, mqtt+wss:// and mqtts:// sources`},
		{"live mqtts:// accepted", withLayer(`, "live": [{"url": "mqtts://x?topic=a", "ca_file": "ca.pem"}, {"url": "mqtt://x?topic=a", "format": "xml"}]`),
			`scene.json: live[1].format: unknown format "xml"`},
		{"kpi kind", withLayer(`, "kpis": [{"id": "k", "label": "K", "kind": "median"}]`), `kpis[0].kind: unknown kind "median"`},
		{"kpi layer", withLayer(`, "kpis": [{"id": "k", "label": "K", "layer": "x"}]`), `kpis[0].layer: unknown layer "x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, _, err := Parse("scene.json", []byte(tc.json))
			if err == nil {
				t.Fatalf("no error; file %+v", f)
			}
			if !IsInputError(err) {
				t.Errorf("error %v (%T) is not an *InputError", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tc.want)
			}
		})
	}
}

func TestParseManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"layers": [`)
	for i := 0; i < 30; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"id": "a", "src": "../x.geojson"}`)
	}
	b.WriteString(`]}`)
	_, _, err := Parse("s.json", []byte(b.String()))
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxProblems+1 || !strings.Contains(lines[maxProblems], "more problems") {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
	var ie *InputError
	if !errors.As(err, &ie) || ie.Path != "layers[0].src" {
		t.Errorf("first problem %+v", ie)
	}
}

func TestParseDefaults(t *testing.T) {
	f, warns, err := Parse("scene.json", []byte(`{"layers": [
		{"src": "data/./roads.geojson"}, {"src": "m/Tram.GLB"}, {"src": "t/tileset.json"},
		{"id": "x", "src": "a/../b.json", "kind": "geojson"}],
		"scenarios": [{"id": "s", "changes": [{"add": {"src": "p/park.geojson"}}, {"hide": {"layer": "park", "ids": ["1"]}}]}]}`))
	if err != nil || len(warns) != 0 {
		t.Fatal(err, warns)
	}
	var got []string
	for _, l := range f.Layers {
		got = append(got, l.ID+" "+l.Kind+" "+l.Src)
	}
	want := "roads geojson data/roads.geojson|Tram gltf m/Tram.GLB|tileset 3dtiles t/tileset.json|x geojson b.json"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
	var add LayerSpec
	if err := json.Unmarshal(f.Scenarios[0].Changes[0].Add, &add); err != nil || add.ID != "park" || add.Kind != "geojson" {
		t.Errorf("added layer %+v %v", add, err)
	}
}

func TestCleanSrc(t *testing.T) {
	for src, want := range map[string]string{
		"a.geojson": "a.geojson", "./a.geojson": "a.geojson", "d/e/../a.glb": "d/a.glb", "d//a.glb": "d/a.glb",
		"..a.geojson": "..a.geojson", "d/..": "",
	} {
		got, err := CleanSrc(src)
		if want == "" {
			if err == nil {
				t.Errorf("CleanSrc(%q) = %q, want an error", src, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("CleanSrc(%q) = %q, %v; want %q", src, got, err, want)
		}
	}
}

// FuzzParse checks that Parse never panics, that every failure is an
// *InputError, and that an accepted file keeps its promises: every src is
// inside the folder and every layer has a kind and a unique id.
func FuzzParse(f *testing.F) {
	f.Add([]byte(fullScene))
	f.Add([]byte(`{"layers": [{"id": "a", "src": "../a.geojson"}]}`))
	f.Add([]byte(`{"layers": [{"src": "a.glb", "placement": {"lon": 1, "lat": 2}}], "origin": {"lon": 1, "lat": 2}}`))
	f.Add([]byte(`{"layers": [{"id":"b","src":"b.geojson"}], "scenarios": [{"id": "s", "changes": [{"add": {"src": "x.json"}}, {"hide": {"layer": "x", "where": {"property": "p", "in": [1, "a", null]}}}]}]}`))
	f.Add([]byte(`{"name": 1e999}`))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, _, err := Parse("scene.json", data)
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("error %v (%T) is not an *InputError", err, err)
			}
			return
		}
		ids := map[string]bool{}
		for _, l := range file.Layers {
			if _, err := CleanSrc(l.Src); err != nil {
				t.Fatalf("accepted src %q: %v", l.Src, err)
			}
			if l.Kind == "" || l.ID == "" || ids[l.ID] {
				t.Fatalf("accepted layer %+v", l)
			}
			ids[l.ID] = true
		}
	})
}

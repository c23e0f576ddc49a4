package assets_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"

	"citytwin/assets"
	"citytwin/loaders/scenefile"
	"citytwin/scene"
)

// TestDemoSceneDecodesStrictly decodes the demo scene into the scene-file
// types with unknown fields refused, then parses it as Load would.
func TestDemoSceneDecodesStrictly(t *testing.T) {
	data, err := fs.ReadFile(assets.Demo(), assets.DemoScene)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f scenefile.File
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("demo scene.json: %v", err)
	}
	for i, s := range f.Scenarios {
		for j, ch := range s.Changes {
			if len(ch.Add) == 0 {
				continue
			}
			d := json.NewDecoder(bytes.NewReader(ch.Add))
			d.DisallowUnknownFields()
			var l scenefile.LayerSpec
			if err := d.Decode(&l); err != nil {
				t.Errorf("scenarios[%d].changes[%d].add: %v", i, j, err)
			}
		}
	}
	parsed, warnings, err := scenefile.Parse(assets.DemoScene, data)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("Parse: %v %q", err, warnings)
	}
	if len(parsed.Layers) < 4 || len(parsed.Scenarios) < 2 || len(parsed.Views) < 3 || parsed.Kiosk == nil {
		t.Errorf("demo is missing parts: %d layers, %d scenarios, %d views", len(parsed.Layers), len(parsed.Scenarios), len(parsed.Views))
	}
	// Every layer file is there, and nothing else is embedded.
	want := map[string]bool{assets.DemoScene: true}
	for _, l := range parsed.Layers {
		want[l.Src] = true
	}
	for _, s := range parsed.Scenarios {
		for _, ch := range s.Changes {
			if len(ch.Add) > 0 {
				var l scenefile.LayerSpec
				_ = json.Unmarshal(ch.Add, &l)
				want[l.Src] = true
			}
		}
	}
	entries, err := fs.ReadDir(assets.Demo(), ".")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("%s is embedded but the demo does not use it", e.Name())
		}
		delete(want, e.Name())
		info, _ := e.Info()
		total += int(info.Size())
	}
	for name := range want {
		t.Errorf("the demo names %s but it is not embedded", name)
	}
	if total > 3<<20 {
		t.Errorf("demo data is %d bytes, over the 3 MB budget", total)
	}
}

// TestSchemaMatchesTypes checks that every object of the schema lists
// exactly the JSON keys of the Go type the scene-file parser decodes it
// into, so the schema cannot drift from the parser.
func TestSchemaMatchesTypes(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(assets.SceneSchema, &schema); err != nil {
		t.Fatal(err)
	}
	if schema["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %v", schema["$schema"])
	}
	obj := func(path ...string) map[string]any {
		var m any = schema
		for _, p := range path {
			m = m.(map[string]any)[p]
		}
		return m.(map[string]any)
	}
	def := func(name string, path ...string) map[string]any {
		return obj(append([]string{"$defs", name}, path...)...)
	}
	cases := []struct {
		name   string
		schema map[string]any
		typ    reflect.Type
	}{
		{"root", schema, reflect.TypeFor[scenefile.File]()},
		{"geo", def("geo"), reflect.TypeFor[scenefile.Origin]()},
		{"layer", def("layer"), reflect.TypeFor[scenefile.LayerSpec]()},
		{"placement", def("placement"), reflect.TypeFor[scenefile.Placement]()},
		{"style", def("style"), reflect.TypeFor[scene.Style]()},
		{"color", def("color"), reflect.TypeFor[scene.ColorRule]()},
		{"ramp", def("color", "properties", "ramp"), reflect.TypeFor[scene.Ramp]()},
		{"extrude", def("style", "properties", "extrude"), reflect.TypeFor[scene.ExtrudeRule]()},
		{"live", def("live"), reflect.TypeFor[scene.LiveSource]()},
		{"quantity", def("live", "properties", "quantities", "additionalProperties"), reflect.TypeFor[scene.QuantityInfo]()},
		{"filter", def("filter"), reflect.TypeFor[scene.Filter]()},
		{"selection", def("selection"), reflect.TypeFor[scene.Selection]()},
		{"change", def("change"), reflect.TypeFor[scene.Change]()},
		{"scenario", def("scenario"), reflect.TypeFor[scene.Scenario]()},
		{"kpi", def("kpi"), reflect.TypeFor[scene.KeyFigureDef]()},
		{"view", def("view"), reflect.TypeFor[scenefile.ViewSpec]()},
		{"camera", def("view", "properties", "camera"), reflect.TypeFor[scenefile.CameraSpec]()},
		{"kiosk", def("kiosk"), reflect.TypeFor[scene.Kiosk]()},
	}
	for _, tc := range cases {
		props, _ := tc.schema["properties"].(map[string]any)
		var got []string
		for k := range props {
			got = append(got, k)
		}
		sort.Strings(got)
		want := jsonKeys(tc.typ)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: schema has %v, Go type %s has %v", tc.name, got, tc.typ, want)
		}
	}
	// The set and adjust changes extend selection with their own key.
	if _, ok := def("change", "properties", "set", "properties")["properties"]; !ok {
		t.Error("change.set lacks properties")
	}
	if _, ok := def("change", "properties", "adjust", "properties")["add"]; !ok {
		t.Error("change.adjust lacks add")
	}
}

// jsonKeys lists the JSON object keys of struct t, sorted.
func jsonKeys(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && name == "" {
			out = append(out, jsonKeys(f.Type)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// TestDemoScenarioIDsExist checks that every feature id a demo scenario
// names is in the file of the layer it names, so no scenario silently
// selects nothing, and that where filters name properties the layer has.
func TestDemoScenarioIDsExist(t *testing.T) {
	f := parseDemoScene(t)
	src := map[string]string{}
	for _, l := range f.Layers {
		src[l.ID] = l.Src
	}
	type fc struct {
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	files := map[string]*fc{}
	layer := func(id string) *fc {
		if c, ok := files[id]; ok {
			return c
		}
		b, err := fs.ReadFile(assets.Demo(), src[id])
		if err != nil {
			t.Fatalf("layer %s: %v", id, err)
		}
		c := new(fc)
		if err := json.Unmarshal(b, c); err != nil {
			t.Fatalf("layer %s: %v", id, err)
		}
		files[id] = c
		return c
	}
	for _, s := range f.Scenarios {
		for j, ch := range s.Changes {
			var sel *scene.Selection
			switch {
			case ch.Hide != nil:
				sel = ch.Hide
			case ch.Set != nil:
				sel = &ch.Set.Selection
			case ch.Adjust != nil:
				sel = &ch.Adjust.Selection
			default:
				continue
			}
			c := layer(sel.Layer)
			have := map[string]bool{}
			props := map[string]bool{}
			for _, ft := range c.Features {
				have[ft.ID] = true
				for k := range ft.Properties {
					props[k] = true
				}
			}
			for _, id := range sel.IDs {
				if !have[id] {
					t.Errorf("scenario %s change %d: %s has no feature %q", s.ID, j, sel.Layer, id)
				}
			}
			if sel.Where != nil && !props[sel.Where.Property] {
				t.Errorf("scenario %s change %d: no feature of %s has %q", s.ID, j, sel.Layer, sel.Where.Property)
			}
			if ch.Adjust != nil {
				for k := range ch.Adjust.Add {
					if !props[k] {
						t.Errorf("scenario %s adjusts %q, which %s does not have", s.ID, k, sel.Layer)
					}
				}
			}
		}
	}
}

// TestDemoGeoJSONIsClean checks what a loader would otherwise skip: unclosed
// or short rings, short lines, empty geometries, missing or repeated ids,
// coordinates outside the Monaco area.
func TestDemoGeoJSONIsClean(t *testing.T) {
	entries, err := fs.ReadDir(assets.Demo(), ".")
	if err != nil {
		t.Fatal(err)
	}
	type pt [2]float64
	inArea := func(p pt) bool { return p[0] > 7.38 && p[0] < 7.46 && p[1] > 43.70 && p[1] < 43.78 } // complete ways reach past the extract box
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".geojson") {
			continue
		}
		data, err := fs.ReadFile(assets.Demo(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				ID       string `json:"id"`
				Geometry *struct {
					Type        string          `json:"type"`
					Coordinates json.RawMessage `json:"coordinates"`
				} `json:"geometry"`
			} `json:"features"`
		}
		if err := json.Unmarshal(data, &fc); err != nil || fc.Type != "FeatureCollection" {
			t.Errorf("%s: %v (type %q)", e.Name(), err, fc.Type)
			continue
		}
		ids := map[string]bool{}
		for i, f := range fc.Features {
			bad := func(format string, args ...any) {
				t.Errorf("%s: feature %d (%s): %s", e.Name(), i, f.ID, fmt.Sprintf(format, args...))
			}
			if f.ID == "" || ids[f.ID] {
				bad("id missing or repeated")
			}
			ids[f.ID] = true
			if f.Geometry == nil {
				bad("no geometry")
				continue
			}
			var rings [][]pt
			var points []pt
			var err error
			switch f.Geometry.Type {
			case "Point":
				var p pt
				err = json.Unmarshal(f.Geometry.Coordinates, &p)
				points = []pt{p}
			case "LineString":
				err = json.Unmarshal(f.Geometry.Coordinates, &points)
				if len(points) < 2 {
					bad("line of %d points", len(points))
				}
			case "Polygon":
				err = json.Unmarshal(f.Geometry.Coordinates, &rings)
			case "MultiPolygon":
				var polys [][][]pt
				err = json.Unmarshal(f.Geometry.Coordinates, &polys)
				for _, p := range polys {
					rings = append(rings, p...)
				}
			default:
				bad("geometry type %q", f.Geometry.Type)
			}
			if err != nil {
				bad("%v", err)
			}
			for _, r := range rings {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					bad("ring of %d points, closed %v", len(r), len(r) > 0 && r[0] == r[len(r)-1])
				}
				points = append(points, r...)
			}
			for _, p := range points {
				if !inArea(p) && !(e.Name() == "water.geojson" && inOpenSea(p)) {
					bad("point %v outside the demo area", p)
					break
				}
			}
		}
	}
}

// TestDemoSeaMeetsTheCoast checks the derived sea (water.geojson, see
// README.md): it is the first layer, so every other ground layer draws over
// it; it covers the three harbour basins and the open sea; and no building,
// park, tree or street (piers aside) stands in it.
func TestDemoSeaMeetsTheCoast(t *testing.T) {
	f := parseDemoScene(t)
	if l := f.Layers[0]; l.ID != "water" || l.Src != "water.geojson" || l.Style.Class != "water" {
		t.Fatalf("first layer %s (%s, class %q), want the sea", l.ID, l.Src, l.Style.Class)
	}
	type geometry struct {
		Type        string `json:"type"`
		Coordinates any    `json:"coordinates"`
	}
	type collection struct {
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
			Geometry   geometry       `json:"geometry"`
		} `json:"features"`
	}
	read := func(name string) collection {
		var c collection
		b, err := fs.ReadFile(assets.Demo(), name)
		if err == nil {
			err = json.Unmarshal(b, &c)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return c
	}
	// points lists every lon/lat pair of a geometry's coordinates.
	var points func(c any) [][2]float64
	points = func(c any) [][2]float64 {
		a, _ := c.([]any)
		if len(a) >= 2 {
			x, okx := a[0].(float64)
			y, oky := a[1].(float64)
			if okx && oky {
				return [][2]float64{{x, y}}
			}
		}
		var out [][2]float64
		for _, v := range a {
			out = append(out, points(v)...)
		}
		return out
	}
	sea := read("water.geojson")
	if len(sea.Features) != 1 || sea.Features[0].Geometry.Type != "MultiPolygon" {
		t.Fatalf("water.geojson: want one MultiPolygon, got %d features", len(sea.Features))
	}
	var polys [][][][2]float64
	for _, p := range sea.Features[0].Geometry.Coordinates.([]any) {
		var rings [][][2]float64
		for _, r := range p.([]any) {
			rings = append(rings, points(r))
		}
		polys = append(polys, rings)
	}
	inRing := func(p [2]float64, r [][2]float64) bool {
		in := false
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			if (r[i][1] > p[1]) != (r[j][1] > p[1]) && p[0] < (r[j][0]-r[i][0])*(p[1]-r[i][1])/(r[j][1]-r[i][1])+r[i][0] {
				in = !in
			}
		}
		return in
	}
	inSea := func(p [2]float64) bool {
		for _, rings := range polys {
			if inRing(p, rings[0]) {
				hole := false
				for _, h := range rings[1:] {
					hole = hole || inRing(p, h)
				}
				if !hole {
					return true
				}
			}
		}
		return false
	}
	for name, p := range map[string][2]float64{
		"Port Hercule":          {7.4262, 43.7345},
		"Port de Fontvieille":   {7.4205, 43.7290},
		"Port de Cap-d'Ail":     {7.4160, 43.7250},
		"off Larvotto":          {7.4380, 43.7440},
		"the south-east corner": {7.4415, 43.7225},
	} {
		if !inSea(p) {
			t.Errorf("%s %v is not in the sea", name, p)
		}
	}
	for _, p := range [][2]float64{{7.4240, 43.7390}, {7.4210, 43.7310}, {7.4090, 43.7400}} { // La Condamine, the Rock, the hills of Cap-d'Ail
		if inSea(p) {
			t.Errorf("land %v is in the sea", p)
		}
	}
	for _, name := range []string{"buildings.geojson", "surroundings.geojson", "parks.geojson", "trees.geojson", "roads.geojson", "larvotto-park.geojson"} {
		wet := 0
		for _, ft := range read(name).Features {
			if ft.Properties["man_made"] == "pier" {
				continue
			}
			for _, p := range points(ft.Geometry.Coordinates) {
				if inSea(p) {
					if wet++; wet <= 5 {
						t.Errorf("%s: %s has %v in the sea", name, ft.ID, p)
					}
					break
				}
			}
		}
	}
}

// inOpenSea reports whether p lies in the open sea that water.geojson
// extends south and east of the demo area (prepare_demo.py's open_sea).
func inOpenSea(p [2]float64) bool {
	return p[0] >= 7.405 && p[0] <= 7.52 && p[1] >= 43.69 && p[1] <= 43.7485
}

// parseDemoScene reads and parses the embedded demo's scene file.
func parseDemoScene(t *testing.T) *scenefile.File {
	t.Helper()
	data, err := fs.ReadFile(assets.Demo(), assets.DemoScene)
	if err != nil {
		t.Fatal(err)
	}
	f, _, err := scenefile.Parse(assets.DemoScene, data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

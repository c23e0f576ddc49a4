package scenefile

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"citytwin/scene"
)

const buildingsData = `{"origin": {"lon": 7.42, "lat": 43.73, "alt": 0}, "features": [
 {"id": "a", "props": {"height": 12, "use": "shop"}, "X": -100, "Y": -50},
 {"id": "b", "props": {"height": 30, "use": "home"}, "X": 200, "Y": 80}]}`

const fullScene = `{
  "$schema": "../scene.schema.json",
  "name": "Test town",
  "origin": {"lon": 7.4246, "lat": 43.7384, "alt": 5},
  "storey_height": 3.2,
  "layers": [
    {"id": "buildings", "title": "Buildings", "kind": "geojson", "src": "data/buildings.geojson",
     "style": {"class": "buildings", "extrude": {"height_property": "height"}}, "id_property": "ref",
     "attribution": "© OpenStreetMap contributors"},
    {"id": "tram", "src": "./models/tram.glb", "visible": false,
     "placement": {"lon": 7.42, "lat": 43.73, "heading": 45, "scale": 2}},
    {"id": "tiles", "src": "tiles/tileset.json", "crs": "EPSG:3946"}
  ],
  "live": [{"id": "air", "url": "ws://127.0.0.1:8765", "format": "auto",
            "quantities": {"no2": {"name": "NO₂", "unit": "µg/m³", "bands": [{"min": 0, "color": "#0f0"}]}}}],
  "scenarios": [
    {"id": "taller", "title": "Two more floors", "group": "density",
     "changes": [{"adjust": {"layer": "buildings", "where": {"property": "use", "equals": "home"}, "add": {"height": 6}}}]},
    {"id": "lower", "title": "Lower", "group": "density",
     "changes": [{"set": {"layer": "buildings", "ids": ["b"], "properties": {"height": 9}}}]},
    {"id": "park", "title": "Park",
     "changes": [{"hide": {"layer": "buildings", "ids": ["a"]}},
                 {"add": {"id": "newpark", "src": "data/park.geojson", "style": {"class": "green"}}},
                 {"hide": {"layer": "newpark", "where": {"property": "use", "in": ["x"]}}}]}
  ],
  "kpis": [{"id": "homes", "label": "Homes", "layer": "buildings", "kind": "count"}],
  "views": [
    {"name": "Overview", "camera": {"lon": 7.4246, "lat": 43.7384, "alt": 0, "heading": 0, "pitch": -35, "range": 900}},
    {"name": "Harbour", "camera": {"lon": 7.4260, "lat": 43.7350, "alt": 2, "heading": 20, "pitch": -30, "range": 600},
     "scenarios": ["taller", "park"], "caption": "Port"}
  ],
  "kiosk": {"idle_seconds": 120, "home_view": "Harbour", "tour": ["Overview", "Harbour"]}
}`

func townFS(sceneJSON string) fstest.MapFS {
	return fstest.MapFS{
		"town/scene.json":                {Data: []byte(sceneJSON)},
		"town/data/buildings.geojson":    {Data: []byte(buildingsData)},
		"town/data/park.geojson":         {Data: []byte(`{"features": [{"id": "p", "props": {"use": "x"}}]}`)},
		"town/models/tram.glb":           {Data: []byte(`{"features": [{"id": "tram"}]}`)},
		"town/tiles/tileset.json":        {Data: []byte(`{"features": []}`)},
		"secret.geojson":                 {Data: []byte(buildingsData)},
		"town/data/broken.geojson":       {Data: []byte(`{"features": [`)},
		"town/data/other-origin.geojson": {Data: []byte(`{"origin": {"lon": 2.17, "lat": 41.39}, "features": [{"id": "z", "X": 0, "Y": 0}]}`)},
	}
}

func TestLoadFullScene(t *testing.T) {
	var calls []fakeCall
	sc, err := Load(townFS(fullScene), "town/scene.json", Options{Loaders: fakeLoaders(&calls)})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "Test town" || sc.StoreyHeight != 3.2 {
		t.Errorf("name %q storey %g", sc.Name, sc.StoreyHeight)
	}
	if want := (scene.Geo{Lon: 7.4246, Lat: 43.7384, Alt: 5}); sc.Origin != want || sc.Frame == nil || sc.Frame.Origin != want {
		t.Errorf("origin %+v", sc.Origin)
	}
	if len(sc.Warnings) != 0 {
		t.Errorf("warnings %q", sc.Warnings)
	}
	var ids []string
	for _, l := range sc.Layers {
		ids = append(ids, l.ID+":"+string(l.Kind)+":"+l.Src)
	}
	if got := strings.Join(ids, " "); got != "buildings:geojson:data/buildings.geojson tram:gltf:models/tram.glb tiles:3dtiles:tiles/tileset.json" {
		t.Errorf("layers %s", got)
	}
	b := sc.Layers[0]
	if b.Title != "Buildings" || !b.Visible || b.IDProperty != "ref" || b.Attribution != "© OpenStreetMap contributors" || len(b.Features) != 2 {
		t.Errorf("buildings layer %+v", b)
	}
	if sc.Layers[1].Visible || sc.Layers[1].Title != "tram" || sc.Layers[1].Attribution != "loader credit" {
		t.Errorf("tram layer visible %v title %q attribution %q", sc.Layers[1].Visible, sc.Layers[1].Title, sc.Layers[1].Attribution)
	}
	// What the loaders were given.
	if len(calls) != 4 {
		t.Fatalf("%d loader calls, want 4 (3 layers + 1 added)", len(calls))
	}
	for _, c := range calls {
		if c.Frame == nil || *c.Frame != sc.Origin {
			t.Errorf("%s loaded in frame %v, want the scene origin", c.Src, c.Frame)
		}
	}
	if s := calls[0].Opts.Style; s == nil || s.Class != "buildings" || s.Extrude == nil || s.Extrude.HeightProperty != "height" {
		t.Errorf("buildings style %+v", s)
	}
	if p := calls[1].Opts.Placement; p == nil || p.Heading != 45 || p.Scale != 2 {
		t.Errorf("tram placement %+v", p)
	}
	if calls[2].Opts.CRS != "EPSG:3946" {
		t.Errorf("tiles crs %q", calls[2].Opts.CRS)
	}
	// Scenarios, with the added layer loaded.
	if len(sc.Scenarios) != 3 {
		t.Fatalf("%d scenarios", len(sc.Scenarios))
	}
	add := sc.Scenarios[2].Changes[1].Added
	if add == nil || add.ID != "newpark" || add.Kind != scene.KindGeoJSON || len(add.Features) != 1 {
		t.Fatalf("added layer %+v", add)
	}
	if sc.Layer("newpark") != nil {
		t.Error("an added layer must not be a base layer")
	}
	ev, err := sc.Evaluate("park", "taller")
	if err != nil {
		t.Fatal(err)
	}
	if !ev.Hidden(b, 0) || ev.Properties(b, 1)["height"] != 36.0 || len(ev.Layers) != 4 || !ev.Hidden(add, 0) {
		t.Errorf("evaluation: hidden a %v, height b %v, %d layers", ev.Hidden(b, 0), ev.Properties(b, 1)["height"], len(ev.Layers))
	}
	if _, err := sc.Evaluate("taller", "lower"); err == nil {
		t.Error("two scenarios of one group evaluated together")
	}
	// Views and home.
	if len(sc.Views) != 2 || sc.Views[1].Caption != "Port" || len(sc.Views[1].Scenarios) != 2 {
		t.Fatalf("views %+v", sc.Views)
	}
	h := sc.Views[1].Camera
	p := sc.Frame.FromGeo(7.4260, 43.7350, 0)
	if math.Abs(h.Target[0]-p[0]) > 1e-6 || math.Abs(h.Target[1]-p[1]) > 1e-6 || h.Target[2] != 2 ||
		h.Heading != 20 || h.Pitch != -30 || h.Range != 600 {
		t.Errorf("harbour camera %+v, want target %v", h, p)
	}
	if h.Target[1] > -350 || h.Target[1] < -400 {
		t.Errorf("harbour is %g m north of the origin, want about -378 m (0.0034° of latitude)", h.Target[1])
	}
	if sc.Home != h {
		t.Errorf("home %+v, want the kiosk's home view %+v", sc.Home, h)
	}
	if sc.Kiosk.IdleSeconds != 120 || len(sc.Kiosk.Tour) != 2 {
		t.Errorf("kiosk %+v", sc.Kiosk)
	}
	if len(sc.Live) != 1 || sc.Live[0].Quantities["no2"].Unit != "µg/m³" {
		t.Errorf("live %+v", sc.Live)
	}
	if len(sc.KeyFigures) != 1 || sc.KeyFigures[0].Kind != "count" {
		t.Errorf("kpis %+v", sc.KeyFigures)
	}
}

func TestLoadOriginFromFirstLayer(t *testing.T) {
	var calls []fakeCall
	fsys := townFS(`{"layers": [
		{"id": "missing", "src": "data/nothing.geojson"},
		{"id": "other", "src": "data/other-origin.geojson"},
		{"id": "buildings", "src": "data/buildings.geojson"}]}`)
	sc, err := Load(fsys, "town/scene.json", Options{Loaders: fakeLoaders(&calls)})
	if err != nil {
		t.Fatal(err)
	}
	want := scene.Geo{Lon: 2.17, Lat: 41.39}
	if sc.Origin != want || sc.Frame.Origin != want {
		t.Errorf("origin %+v, want the first loaded layer's %+v", sc.Origin, want)
	}
	if calls[0].Frame != nil || calls[1].Frame != nil {
		t.Error("layers before the first loaded one must get no frame")
	}
	if calls[2].Frame == nil || *calls[2].Frame != want {
		t.Errorf("third layer frame %v", calls[2].Frame)
	}
	if sc.Name != "scene" {
		t.Errorf("name %q, want the file name", sc.Name)
	}
	// Home frames the union of the loaded layers' bounds.
	if sc.Home.Heading != 0 || sc.Home.Pitch != HomePitch || sc.Home.Range <= 0 {
		t.Errorf("home %+v", sc.Home)
	}
}

func TestLoadFailedLayerKeepsTheRest(t *testing.T) {
	var calls []fakeCall
	fsys := townFS(`{"origin": {"lon": 7.42, "lat": 43.73}, "layers": [
		{"id": "broken", "src": "data/broken.geojson", "visible": false, "style": {"class": "roads"}},
		{"id": "buildings", "src": "data/buildings.geojson"}],
	  "scenarios": [{"id": "s", "title": "S", "changes": [
		{"hide": {"layer": "broken", "ids": ["x"]}},
		{"add": {"id": "gone", "src": "data/missing.geojson"}}]}]}`)
	sc, err := Load(fsys, "town/scene.json", Options{Loaders: fakeLoaders(&calls)})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Layers) != 2 || len(sc.Layers[1].Features) != 2 {
		t.Fatalf("layers %+v", sc.Layers)
	}
	br := sc.Layers[0]
	if br.ID != "broken" || br.Visible || len(br.Features) != 0 || len(br.Warnings) != 1 || br.Style.Class != "roads" || !br.Bounds.Empty() {
		t.Errorf("placeholder %+v", br)
	}
	if len(sc.Warnings) != 2 || !strings.Contains(sc.Warnings[0], `layers[0]: layer "broken" (data/broken.geojson): not loaded`) ||
		!strings.Contains(sc.Warnings[1], "scenarios[0].changes[1].add") {
		t.Errorf("warnings %q", sc.Warnings)
	}
	if _, err := sc.Evaluate("s"); err != nil {
		t.Errorf("a scenario on a failed layer must still evaluate: %v", err)
	}
}

func TestLoadNoLayerLoads(t *testing.T) {
	var calls []fakeCall
	fsys := townFS(`{"layers": [{"id": "a", "src": "data/broken.geojson"}, {"id": "b", "src": "nope.glb"}]}`)
	_, err := Load(fsys, "town/scene.json", Options{Loaders: fakeLoaders(&calls)})
	if !IsInputError(err) || !strings.Contains(err.Error(), "none of its layers") {
		t.Fatalf("err %v", err)
	}
}

func TestLoadMissingLoader(t *testing.T) {
	fsys := townFS(`{"layers": [{"id": "b", "src": "data/buildings.geojson"}, {"id": "t", "src": "models/tram.glb"}]}`)
	var calls []fakeCall
	ls := fakeLoaders(&calls)
	ls.GLTF = nil
	sc, err := Load(fsys, "town/scene.json", Options{Loaders: ls})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Warnings) != 1 || !strings.Contains(sc.Warnings[0], "no loader for gltf") {
		t.Errorf("warnings %q", sc.Warnings)
	}
}

func TestLoadUnknownKeysWarn(t *testing.T) {
	var calls []fakeCall
	fsys := townFS(`{"name": "x", "colour": "red", "Name": "shadow",
		"layers": [{"id": "b", "src": "data/buildings.geojson", "opacity": 1}]}`)
	sc, err := Load(fsys, "town/scene.json", Options{Loaders: fakeLoaders(&calls)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"town/scene.json: Name: unknown key, ignored",
		"town/scene.json: colour: unknown key, ignored",
		"town/scene.json: layers[0].opacity: unknown key, ignored",
	}
	if strings.Join(sc.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(sc.Warnings, "\n"), strings.Join(want, "\n"))
	}
	if sc.Name != "x" {
		t.Errorf("name %q: an unknown key must not be decoded case-insensitively", sc.Name)
	}
}

// TestLoadDirFSEscape checks that a src leaving the folder is refused before
// anything outside is opened, on a real directory.
func TestLoadDirFSEscape(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "scene"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.geojson"), []byte(buildingsData), 0o644); err != nil {
		t.Fatal(err)
	}
	abs := filepath.ToSlash(filepath.Join(dir, "secret.geojson"))
	for _, src := range []string{"../secret.geojson", abs, "a/../../secret.geojson"} {
		js := `{"layers": [{"id": "x", "src": "` + src + `"}]}`
		if err := os.WriteFile(filepath.Join(dir, "scene", "scene.json"), []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		var calls []fakeCall
		_, err := Load(os.DirFS(filepath.Join(dir, "scene")), "scene.json", Options{Loaders: fakeLoaders(&calls)})
		if !IsInputError(err) || !strings.Contains(err.Error(), "layers[0].src") {
			t.Errorf("src %q: err %v", src, err)
		}
		if len(calls) != 0 {
			t.Errorf("src %q: a loader was called", src)
		}
	}
}

// TestFitCamera checks that every corner of the box is on screen.
func TestFitCamera(t *testing.T) {
	for _, b := range []scene.Box{
		{Min: scene.Vec3{-1000, -500, 0}, Max: scene.Vec3{1000, 500, 80}},
		{Min: scene.Vec3{100, 100, 0}, Max: scene.Vec3{130, 4000, 300}},
		{Min: scene.Vec3{5, 5, 0}, Max: scene.Vec3{6, 6, 1}},
	} {
		cam := FitCamera(b, 0)
		if cam.Heading != 0 || cam.Pitch != HomePitch {
			t.Errorf("camera %+v", cam)
		}
		pr := scene.NewProjector(cam, 1000, 1000, 1, 1e6)
		for i := 0; i < 8; i++ {
			p := scene.Vec3{b.Min[0], b.Min[1], b.Min[2]}
			for k := 0; k < 3; k++ {
				if i&(1<<k) != 0 {
					p[k] = b.Max[k]
				}
			}
			x, y, _, ok := pr.Project(p)
			if !ok || x < 0 || x > 1000 || y < 0 || y > 1000 {
				t.Errorf("box %v: corner %v at (%.0f, %.0f) is off screen", b, p, x, y)
			}
		}
	}
	if c := FitCamera(scene.EmptyBox(), 0); c.Range != 500 {
		t.Errorf("empty box camera %+v", c)
	}
}

// TestLoadUnmatchedIDsWarn: scenario changes whose ids match no feature
// loaded silently; each says which ids matched nothing.
func TestLoadUnmatchedIDsWarn(t *testing.T) {
	var calls []fakeCall
	fsys := townFS(`{"origin": {"lon": 7.42, "lat": 43.73}, "layers": [{"id": "buildings", "src": "data/buildings.geojson"}],
	  "scenarios": [{"id": "s", "title": "S", "changes": [
		{"hide": {"layer": "buildings", "ids": ["a", "nope"]}},
		{"set": {"layer": "buildings", "ids": ["x1", "x2"], "properties": {"height": 3}}},
		{"adjust": {"layer": "buildings", "where": {"property": "height", "min": 1}, "add": {"height": 1}}},
		{"add": {"id": "park", "src": "data/park.geojson"}},
		{"hide": {"layer": "park", "ids": ["p"]}}]}]}`)
	sc, err := Load(fsys, "town/scene.json", Options{Loaders: fakeLoaders(&calls)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`town/scene.json: scenario "s" change 0 (hide on layer "buildings"): id "nope" matches no feature`,
		`town/scene.json: scenario "s" change 1 (set on layer "buildings"): ids "x1", "x2" match no feature`,
	}
	if strings.Join(sc.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(sc.Warnings, "\n"), strings.Join(want, "\n"))
	}
}

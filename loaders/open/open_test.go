package open

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citytwin/loaders/limit"
	"citytwin/loaders/scenefile"
	"citytwin/scene"
)

// fakeLayer is the stand-in GeoJSON loader of these tests: it reads the
// file (so path confinement is exercised), takes the frame it is given or
// the "origin" member of the file, and reports bounds of 200 × 100 m.
func fakeLayer(kind scene.LayerKind, frames *[]*scene.Frame) scenefile.LayerLoader {
	return func(fsys fs.FS, src string, o scenefile.LayerOptions) (*scene.Layer, error) {
		*frames = append(*frames, o.Frame)
		data, err := fs.ReadFile(fsys, src)
		if err != nil {
			return nil, err
		}
		var d struct{ Origin scene.Geo }
		if err := json.Unmarshal(data, &d); err != nil {
			return nil, fmt.Errorf("fake %s: %w", src, err)
		}
		l := &scene.Layer{ID: o.ID, Kind: kind, Origin: d.Origin, Visible: true,
			Bounds: scene.Box{Min: scene.Vec3{-100, -50, 0}, Max: scene.Vec3{100, 50, 30}}}
		if o.Frame != nil {
			l.Origin = o.Frame.Origin
		}
		return l, nil
	}
}

func fakeLoaders(frames *[]*scene.Frame) scenefile.Loaders {
	return scenefile.Loaders{
		GeoJSON: fakeLayer(scene.KindGeoJSON, frames),
		GLTF:    fakeLayer(scene.KindGLTF, frames),
		Tiles3D: fakeLayer(scene.Kind3DTiles, frames),
	}
}

func write(t *testing.T, path, data string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const (
	fcMonaco = `{"features": [], "type": "FeatureCollection", "origin": {"Lon": 7.42, "Lat": 43.73}}`
	fcLyon   = `{"type": "FeatureCollection", "features": [], "origin": {"Lon": 4.83, "Lat": 45.76}}`
)

func TestFilesSceneSyntaxError(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct{ data, want string }{
		"bad.json": {"{\n \"layers\": [,]}", "bad.json:2:13"},
		"cut.json": {`{"layers": [`, "unexpected end of file"},
	} {
		data := c.data
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Files([]string{p}, nil)
		if err == nil || !IsInputError(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an input error with %q", name, err, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name, data string
		want       content
		err        string
	}{
		{"m.glb", "", contentGLTF, ""},
		{"m.GLTF", "", contentGLTF, ""},
		{"a.geojson", "", contentGeoJSON, ""},
		{"scene.json", `{"name": "x", "layers": []}`, contentScene, ""},
		{"a.json", `{"features": [], "type": "FeatureCollection"}`, contentGeoJSON, ""},
		{"f.json", `{"type": "Feature", "geometry": null, "properties": {}}`, contentGeoJSON, ""},
		{"p.json", `{"type": "Point", "coordinates": [1, 2]}`, contentGeoJSON, ""},
		{"tileset.json", `{"asset": {"version": "1.1"}, "geometricError": 1, "root": {}}`, content3DTiles, ""},
		{"bom.json", "\xef\xbb\xbf{\"layers\": []}", contentScene, ""},
		{"other.json", `{"type": "Topology"}`, 0, "neither a scene file"},
		{"array.json", `[1]`, 0, "not valid JSON"},
		// classify reads only as far as the deciding key; the scene loader
		// reports later errors (TestFilesSceneSyntaxError)
		{"bad.json", "{\n \"name\": [,], \"layers\": []}", 0, "not valid JSON"},
		{"cut.json", `{"name": "x"`, 0, "not valid JSON"},
		{"zeros.json", "\x00\x00\x00", 0, "not valid JSON"},
		{"city.shp", "", 0, "not a file citytwin reads"},
		{"model.b3dm", "", 0, "not a file citytwin reads"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := classify(tc.name, func() (io.Reader, error) { return strings.NewReader(tc.data), nil })
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !IsInputError(err) {
					t.Fatalf("err %v, want an input error containing %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestFilesBare(t *testing.T) {
	dir := t.TempDir()
	a := write(t, filepath.Join(dir, "a", "roads.geojson"), fcMonaco)
	b := write(t, filepath.Join(dir, "b", "roads.geojson"), fcLyon)
	m := write(t, filepath.Join(dir, "m", "tram.glb"), `{}`)
	var frames []*scene.Frame
	sc, err := files([]string{m, a, b}, nil, fakeLoaders(&frames), false, limit.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "tram.glb + roads.geojson + roads.geojson" {
		t.Errorf("name %q", sc.Name)
	}
	// The GeoJSON file sets the frame, not the model named before it.
	want := scene.Geo{Lon: 7.42, Lat: 43.73}
	if sc.Origin != want || sc.Frame.Origin != want {
		t.Errorf("origin %+v, want %+v", sc.Origin, want)
	}
	if frames[0] != nil || frames[1] == nil || frames[2] == nil || frames[1].Origin != want {
		t.Errorf("frames given %v", frames)
	}
	var ids []string
	for _, l := range sc.Layers {
		ids = append(ids, l.ID+":"+string(l.Kind)+":"+l.Src)
	}
	if got := strings.Join(ids, " "); got != "tram-2:gltf:tram.glb roads:geojson:roads.geojson roads-2:geojson:roads.geojson" &&
		got != "tram:gltf:tram.glb roads:geojson:roads.geojson roads-2:geojson:roads.geojson" {
		t.Errorf("layers %s", got)
	}
	if sc.Home.Heading != 0 || sc.Home.Pitch != -35 || sc.Home.Range < 100 {
		t.Errorf("home %+v", sc.Home)
	}
}

func TestFilesSceneAndExtraLayer(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "town", "data", "b.geojson"), fcMonaco)
	write(t, filepath.Join(dir, "outside.geojson"), fcMonaco)
	if err := os.Symlink(filepath.Join(dir, "outside.geojson"), filepath.Join(dir, "town", "link.geojson")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	s := write(t, filepath.Join(dir, "town", "scene.json"), `{"name": "Town", "origin": {"lon": 7.4, "lat": 43.7},
		"layers": [{"id": "b", "src": "data/b.geojson"}, {"id": "link", "src": "link.geojson"}]}`)
	extra := write(t, filepath.Join(dir, "more", "b.geojson"), fcLyon)
	var frames []*scene.Frame
	sc, err := files([]string{extra, filepath.Dir(s)}, nil, fakeLoaders(&frames), false, limit.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "Town" || sc.Origin != (scene.Geo{Lon: 7.4, Lat: 43.7}) {
		t.Errorf("scene %q at %+v", sc.Name, sc.Origin)
	}
	if len(sc.Layers) != 3 || sc.Layers[2].ID != "b-2" || sc.Layers[2].Origin != sc.Origin {
		t.Fatalf("layers %+v", sc.Layers)
	}
	// The symbolic link leaves the scene folder: os.Root refuses it.
	if len(sc.Layers[1].Features) != 0 || len(sc.Warnings) != 1 || !strings.Contains(sc.Warnings[0], `layer "link"`) {
		t.Errorf("warnings %q", sc.Warnings)
	}
}

func TestFilesErrors(t *testing.T) {
	dir := t.TempDir()
	s1 := write(t, filepath.Join(dir, "one", "scene.json"), `{"layers": []}`)
	s2 := write(t, filepath.Join(dir, "two", "scene.json"), `{"layers": []}`)
	bad := write(t, filepath.Join(dir, "bad", "scene.json"), `{"layers": [{"src": "../x.geojson"}]}`)
	broken := write(t, filepath.Join(dir, "broken.geojson"), `{"origin": `)
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		paths []string
		want  string
		input bool
	}{
		{"missing", []string{filepath.Join(dir, "nope.geojson")}, "cannot open", true},
		{"two scenes", []string{s1, s2}, "a second scene file", true},
		{"scene escapes", []string{bad}, "leads outside the scene's folder", true},
		{"folder without scene", []string{empty}, "a folder without scene.json", true},
		{"no files", nil, "no file to open", true},
		{"unusable layer", []string{broken}, "broken.geojson: fake broken.geojson", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var frames []*scene.Frame
			_, err := files(tc.paths, nil, fakeLoaders(&frames), false, limit.Limits{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if IsInputError(err) != tc.input {
				t.Errorf("IsInputError(%v) = %v", err, !tc.input)
			}
		})
	}
}

func TestIsInputError(t *testing.T) {
	if IsInputError(nil) || IsInputError(errors.New("disk on fire")) {
		t.Error("plain errors are not input errors")
	}
	if !IsInputError(fmt.Errorf("x: %w", &scenefile.InputError{File: "s.json"})) || !IsInputError(fmt.Errorf("y: %w", fs.ErrNotExist)) {
		t.Error("wrapped input errors not recognised")
	}
}

// TestFilesRealModel opens a Khronos sample model through the real glTF
// loader.
func TestFilesRealModel(t *testing.T) {
	box := "../../../shared/data/gltf/khronos/Box/glTF-Binary/Box.glb"
	if _, err := os.Stat(box); err != nil {
		t.Skip("shared sample data not here:", err)
	}
	sc, err := Files([]string{box}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Layers) != 1 || sc.Layers[0].ID != "Box" || sc.Layers[0].Kind != scene.KindGLTF || len(sc.Layers[0].Meshes) == 0 {
		t.Fatalf("layers %+v", sc.Layers)
	}
	if sc.Name != "Box.glb" || sc.Home.Range <= 0 {
		t.Errorf("scene %q home %+v", sc.Name, sc.Home)
	}
	_, err = Files([]string{"../../../shared/data/gltf/invalid/validator-glb/invalid_magic.glb"}, nil)
	if !IsInputError(err) {
		t.Errorf("an invalid model: %v", err)
	}
}

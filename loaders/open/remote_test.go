package open

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citytwin/loaders/remote"
	"citytwin/scene"
)

// serveSample serves a shared 3D Tiles sample folder over HTTP, refusing
// requests without ?key=k, and returns the folder and the tileset URL.
func serveSample(t *testing.T, name string) (string, string) {
	t.Helper()
	dir := filepath.Join("../../../shared/data/city3d", name)
	if _, err := os.Stat(filepath.Join(dir, "tileset.json")); err != nil {
		t.Skipf("sample data not found: %v", err)
	}
	files := http.FileServer(http.Dir(filepath.Dir(dir))) // the URL names the sample's folder
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("key") != "k" {
			http.Error(w, "no key", http.StatusForbidden)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return dir, srv.URL + "/" + name + "/tileset.json?key=k"
}

func layerSummary(l *scene.Layer) (int, int, scene.Box) {
	tris := 0
	for i := range l.Meshes {
		tris += l.Meshes[i].Triangles()
	}
	return tris, len(l.Features), l.Bounds
}

func TestTilesetURL(t *testing.T) {
	dir, u := serveSample(t, "3dbag-sibbe-nl")
	local, err := Files([]string{filepath.Join(dir, "tileset.json")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cache, err := remote.OpenCache(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := FilesWith([]string{u}, Options{Tiles: TilesLoad, Remote: remote.Options{Cache: cache}})
	if err != nil {
		t.Fatal(err)
	}
	l, want := sc.Layers[0], local.Layers[0]
	gt, gf, gb := layerSummary(l)
	wt, wf, wb := layerSummary(want)
	if gt != wt || gf != wf || gb != wb || sc.Origin != local.Origin {
		t.Errorf("over HTTP: %d triangles, %d features, %v at %v; want %d, %d, %v at %v", gt, gf, gb, sc.Origin, wt, wf, wb, local.Origin)
	}
	if l.ID != "3dbag-sibbe-nl" || strings.Contains(l.Src+sc.Name, "key=") {
		t.Errorf("layer %q, src %q, scene %q: want the folder's name and no key", l.ID, l.Src, sc.Name)
	}
	if cache.Size() == 0 {
		t.Error("nothing cached")
	}
	sc, err = FilesWith([]string{u}, Options{Tiles: TilesAuto})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Layers[0].Tiles == nil {
		t.Error("a tileset URL is not streamed with -tiles auto")
	}
}

func TestSceneLayerURL(t *testing.T) {
	_, u := serveSample(t, "plateau-shizuoka-jp")
	dir := t.TempDir()
	doc := `{"name": "remote", "layers": [{"id": "city", "src": "` + u + `"}]}`
	if err := os.WriteFile(filepath.Join(dir, "scene.json"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []TileMode{TilesLoad, TilesStream} {
		sc, err := FilesWith([]string{filepath.Join(dir, "scene.json")}, Options{Tiles: mode})
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Warnings) > 0 {
			t.Fatalf("%s: warnings %v", mode, sc.Warnings)
		}
		l := sc.Layers[0]
		if l.Kind != scene.Kind3DTiles || (mode == TilesLoad) != (len(l.Meshes) > 0) || (mode == TilesStream) != (l.Tiles != nil) {
			t.Errorf("%s: kind %s, %d meshes, streamed %v", mode, l.Kind, len(l.Meshes), l.Tiles != nil)
		}
	}
}

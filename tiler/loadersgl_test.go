package tiler

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"citytwin/loaders/open"
)

// missingPeer skips a test whose outside peer (Node and npm packages) is
// not installed, or fails it when CITYTWIN_REQUIRE_PEERS is set (as
// .ci/test does), so CI can never pass by skipping the end-to-end tests.
func missingPeer(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CITYTWIN_REQUIRE_PEERS") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// TestLoadersGL reads a written tileset with npm's @loaders.gl/3d-tiles
// (served over HTTP, as loaders.gl fetches in Node) and checks that every
// tile and every feature id is found.
func TestLoadersGL(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		missingPeer(t, "node not installed (.ci/setup-debian installs it)")
	}
	script := filepath.Join("testdata", "loadersgl", "check.mjs")
	if _, err := os.Stat(filepath.Join("testdata", "loadersgl", "node_modules", "@loaders.gl", "3d-tiles")); err != nil {
		missingPeer(t, "@loaders.gl/3d-tiles not installed: npm ci --prefix tiler/testdata/loadersgl (.ci/test does)")
	}
	dir := t.TempDir()
	sc, err := open.Files([]string{writeCity(t, dir, 1500)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := sc.Layers[0]
	out := filepath.Join(dir, "out")
	st, err := Write(sc, out, Options{MaxPerTile: 200})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	cmd := exec.Command(node, script, srv.URL+"/tileset.json")
	cmd.Stderr = os.Stderr
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v", script, err)
	}
	var res struct {
		Version string `json:"version"`
		Tiles   []struct {
			URI        string   `json:"uri"`
			Type       string   `json:"type"`
			Count      int      `json:"count"`
			IDs        []string `json:"ids"`
			FeatureIDs int      `json:"featureIds"`
		} `json:"tiles"`
		Errors []string `json:"errors"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	if len(res.Errors) > 0 {
		t.Errorf("loaders.gl errors: %v", res.Errors)
	}
	if res.Version != "1.1" || len(res.Tiles) != st.Tiles {
		t.Errorf("loaders.gl read version %q, %d tiles; want 1.1, %d", res.Version, len(res.Tiles), st.Tiles)
	}
	ids := map[string]int{}
	for _, tile := range res.Tiles {
		if tile.Type != "glTF" || tile.FeatureIDs != 1 || len(tile.IDs) != tile.Count {
			t.Errorf("%s: type %q, %d feature id sets, %d ids for %d rows", tile.URI, tile.Type, tile.FeatureIDs, len(tile.IDs), tile.Count)
		}
		for _, id := range tile.IDs {
			ids[id]++
		}
	}
	for _, f := range in.Features {
		if ids[f.ID] != 1 {
			t.Errorf("feature %q found %d times by loaders.gl, want once", f.ID, ids[f.ID])
		}
	}
	if len(ids) != len(in.Features) {
		t.Errorf("loaders.gl found %d feature ids, want %d", len(ids), len(in.Features))
	}
}

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestReportTilesetURL(t *testing.T) {
	city3d := "../../../shared/data/city3d"
	if _, err := os.Stat(filepath.Join(city3d, "3dbag-sibbe-nl", "tileset.json")); err != nil {
		t.Skipf("sample data not found: %v", err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(city3d)))
	defer srv.Close()
	cache := t.TempDir()
	local, _, code := runCLI(t, "report", filepath.Join(city3d, "3dbag-sibbe-nl", "tileset.json"))
	if code != 0 {
		t.Fatalf("local report: exit %d", code)
	}
	url := srv.URL + "/3dbag-sibbe-nl/tileset.json?key=k"
	out, errOut, code := runCLI(t, "report", "-cache", cache, "-cache-mb", "64", url)
	if code != 0 {
		t.Fatalf("report %s: exit %d: %s", url, code, errOut)
	}
	type layers struct {
		Layers []struct {
			ID        string `json:"id"`
			Features  int    `json:"features"`
			Triangles int    `json:"triangles"`
		} `json:"layers"`
	}
	var got, want layers
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(local), &want); err != nil {
		t.Fatal(err)
	}
	if len(got.Layers) != 1 || len(want.Layers) != 1 || got.Layers[0] != want.Layers[0] {
		t.Errorf("report over HTTP %+v, want %+v", got.Layers, want.Layers)
	}
	// Offline: the cache answers.
	srv.Close()
	out, errOut, code = runCLI(t, "report", "-cache", cache, url)
	if code != 0 {
		t.Fatalf("offline report: exit %d: %s", code, errOut)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Layers[0] != want.Layers[0] {
		t.Errorf("offline report %+v (%v), want %+v", got.Layers, err, want.Layers)
	}
	if _, _, code := runCLI(t, "report", "-cache-mb", "0", url); code != 2 {
		t.Errorf("-cache-mb 0: exit %d, want 2", code)
	}
}

package main

import (
	"bytes"
	"compress/gzip"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSnapshotOverHTTPMatchesLocal tiles a generated city with
// `citytwin tile`, serves it over HTTP (gzip, an access key) and checks
// that the streamed snapshot of the URL is pixel for pixel that of the
// local folder. It needs a display (.ci/test runs it under Xvfb).
func TestSnapshotOverHTTPMatchesLocal(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no display (run under xvfb-run)")
	}
	if testing.Short() {
		t.Skip("builds citytwin-view")
	}
	dir := filepath.Dir(citytwinBin)
	if out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "citytwin-view"), "../citytwin-view").CombinedOutput(); err != nil {
		t.Fatalf("building citytwin-view: %v\n%s", err, out)
	}
	work := t.TempDir()
	src := filepath.Join(work, "city.geojson")
	if out, err := exec.Command("python3", "../../assets/tools/grid_city.py", "3000", src).CombinedOutput(); err != nil {
		t.Skipf("python3 assets/tools/grid_city.py: %v %s", err, out)
	}
	tiles := filepath.Join(work, "tiles")
	if _, errOut, code := runCLI(t, "tile", "-o", tiles, "-max-per-tile", "300", src); code != 0 {
		t.Fatalf("tile: exit %d: %s", code, errOut)
	}
	files := http.FileServer(http.Dir(tiles))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("key") != "k" {
			http.Error(w, "no key", http.StatusForbidden)
			return
		}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			files.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		files.ServeHTTP(rec, r)
		var zb bytes.Buffer
		zw := gzip.NewWriter(&zb)
		_, _ = zw.Write(rec.Body.Bytes())
		_ = zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(zb.Bytes())
	}))
	defer srv.Close()
	snap := func(name, file string) image.Image {
		t.Helper()
		out := filepath.Join(work, name)
		cmd := exec.Command(citytwinBin, "snapshot", "-tiles", "stream", "-size", "320x180",
			"-camera", "4.8570,45.7540,0,30,-35,600", "-o", out, file)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("snapshot %s: %v\n%s", file, err, b)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	local := snap("local.png", filepath.Join(tiles, "tileset.json"))
	remote := snap("remote.png", srv.URL+"/tileset.json?key=k")
	b := local.Bounds()
	differ, ground := 0, local.At(0, 0)
	drawn := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if local.At(x, y) != remote.At(x, y) {
				differ++
			}
			if local.At(x, y) != ground {
				drawn++
			}
		}
	}
	if differ > 0 || drawn < b.Dx()*b.Dy()/10 {
		t.Errorf("%d pixels differ between the local and the HTTP snapshot (%d of %d drawn)", differ, drawn, b.Dx()*b.Dy())
	}
}

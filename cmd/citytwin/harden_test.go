package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportMaxFileMB: a file over the size limit is refused at once with
// exit 2, the limit and the flag that raises it; -max-file-mb raises it.
func TestReportMaxFileMB(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.geojson")
	if err := os.WriteFile(p, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 3<<20); err != nil { // sparse
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, "report", "-max-file-mb", "2", p)
	if code != 2 || !strings.Contains(errOut, "over the limit for GeoJSON files (2 MiB); raise it with -max-file-mb 3") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// raised: the file is read, and fails on its trailing zeros instead
	_, errOut, code = runCLI(t, "report", "-max-file-mb", "3", p)
	if code != 2 || strings.Contains(errOut, "over the limit") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, _, code := runCLI(t, "report", "-max-file-mb", "-1", p); code != 2 {
		t.Errorf("-max-file-mb -1: exit %d", code)
	}
}

// TestReportAbsurdHeight: "height": 1e308 made report exit 1 with "json:
// unsupported value: +Inf"; the feature is skipped with a warning naming it
// and the property, and the report holds only finite numbers.
func TestReportAbsurdHeight(t *testing.T) {
	p := writeFile(t, "city.geojson", `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"ok","properties":{"height":10},"geometry":{"type":"Polygon","coordinates":[[[7.42,43.73],[7.4201,43.73],[7.4201,43.7301],[7.42,43.7301],[7.42,43.73]]]}},
	 {"type":"Feature","id":"huge","properties":{"height":1e308},"geometry":{"type":"Polygon","coordinates":[[[7.43,43.73],[7.4301,43.73],[7.4301,43.7301],[7.43,43.7301],[7.43,43.73]]]}},
	 {"type":"Feature","properties":{"min_height":-5,"height":3},"geometry":{"type":"Polygon","coordinates":[[[7.44,43.73],[7.4401,43.73],[7.4401,43.7301],[7.44,43.7301],[7.44,43.73]]]}},
	 {"type":"Feature","properties":{"building:levels":1e300},"geometry":{"type":"Polygon","coordinates":[[[7.45,43.73],[7.4501,43.73],[7.4501,43.7301],[7.45,43.7301],[7.45,43.73]]]}}]}`)
	out, errOut, code := runCLI(t, "report", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Layers []struct {
			Features, Skipped int
			Warnings          []string
		}
		Scenarios []struct {
			KPIs []struct {
				ID    string
				Value float64
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	l := rep.Layers[0]
	w := strings.Join(l.Warnings, "\n")
	if l.Features != 1 || l.Skipped != 3 || !strings.Contains(w, `feature 1 (id "huge"): property "height" = 1e+308`) ||
		!strings.Contains(w, `feature 2: property "min_height" = -5`) || !strings.Contains(w, `feature 3: property "building:levels"`) {
		t.Errorf("%d features, %d skipped, warnings:\n%s", l.Features, l.Skipped, w)
	}
	var foot, vol float64
	for _, k := range rep.Scenarios[0].KPIs {
		switch k.ID {
		case "footprint_area":
			foot = k.Value
		case "volume":
			vol = k.Value
		}
	}
	if foot <= 0 || math.Abs(vol-10*foot) > 1 {
		t.Errorf("footprint %g m², volume %g m³: want only the 10 m building", foot, vol)
	}
}

// TestReportBowtie: a self-intersecting footprint is not counted in the
// key figures, and the report says why.
func TestReportBowtie(t *testing.T) {
	p := writeFile(t, "bowtie.geojson", `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"b","properties":{"height":10},"geometry":{"type":"Polygon","coordinates":[[[7.42,43.73],[7.421,43.731],[7.421,43.73],[7.42,43.7304],[7.42,43.73]]]}}]}`)
	out, errOut, code := runCLI(t, "report", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `ring 0 crosses itself`) || strings.Contains(out, `"footprint_area"`) {
		t.Errorf("report:\n%s", out)
	}
}

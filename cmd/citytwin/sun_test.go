package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sunSceneDir writes a scene at Monaco: a 20 m square building of 15 m,
// a park 20 m north of it, a scenario raising the building to 60 m and one
// adding a second park; the sun figures are for both parks.
func sunSceneDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	// Local metres to degrees at 43.74° N.
	sq := func(x0, y0, x1, y1 float64) string {
		lon := func(x float64) float64 { return 7.42 + x/80449 }
		lat := func(y float64) float64 { return 43.74 + y/111132 }
		return fmt.Sprintf("[[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]]",
			lon(x0), lat(y0), lon(x1), lat(y0), lon(x1), lat(y1), lon(x0), lat(y1), lon(x0), lat(y0))
	}
	feature := func(id, props, coords string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","id":"` + id + `","properties":` + props +
			`,"geometry":{"type":"Polygon","coordinates":` + coords + `}}]}`
	}
	files := map[string]string{
		"buildings.geojson": feature("b1", `{"height":15}`, sq(-10, -10, 10, 10)),
		"parks.geojson":     feature("p1", `{"leisure":"park"}`, sq(-10, 30, 10, 50)),
		"new.geojson":       feature("p2", `{"leisure":"park"}`, sq(100, 100, 120, 120)),
		"scene.json": `{"name": "Sun test", "origin": {"lon": 7.42, "lat": 43.74}, "timezone": "Europe/Monaco",
			"layers": [{"id": "buildings", "src": "buildings.geojson"}, {"id": "parks", "src": "parks.geojson", "style": {"class": "green"}}],
			"scenarios": [
				{"id": "tower", "title": "Tower", "changes": [{"adjust": {"layer": "buildings", "ids": ["b1"], "add": {"height": 45}}}]},
				{"id": "newpark", "title": "New park", "changes": [{"add": {"id": "newpark", "src": "new.geojson"}}]}],
			"kpis": [{"id": "park_sun", "label": "Sun on the park", "kind": "sun_hours", "layer": "parks", "unit": "h"},
				{"id": "new_sun", "label": "Sun on the new park", "kind": "sun_hours", "layer": "newpark", "unit": "h"}]}`,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReportSunHours(t *testing.T) {
	dir := sunSceneDir(t)
	out, errOut, code := runCLI(t, "report", "-date", "2026-03-21", filepath.Join(dir, "scene.json"))
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, errOut)
	}
	var rep struct {
		SunDate   string `json:"sun_date"`
		TimeZone  string `json:"timezone"`
		Scenarios []struct {
			ID   string
			KPIs []map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.SunDate != "2026-03-21" || rep.TimeZone != "Europe/Monaco" {
		t.Errorf("sun date %q in %q", rep.SunDate, rep.TimeZone)
	}
	fig := map[string]map[string]any{}
	for _, s := range rep.Scenarios {
		for _, k := range s.KPIs {
			fig[s.ID+"/"+k["id"].(string)] = k
		}
	}
	base, _ := fig["baseline/park_sun"]["value"].(float64)
	tower, _ := fig["tower/park_sun"]["value"].(float64)
	if base < 11.5 || base > 12.3 || base-tower < 1.5 {
		t.Errorf("park sun: baseline %v h, tower %v h; want ≈ 12 h and a loss of hours", base, tower)
	}
	if f, _ := fig["baseline/park_sun"]["formula"].(string); !strings.Contains(f, "2026-03-21") || !strings.Contains(f, "2 m grid") {
		t.Errorf("formula %q", f)
	}
	unknown := fig["baseline/new_sun"]
	if v, ok := unknown["value"]; !ok || v != nil || !strings.Contains(fmt.Sprint(unknown["reason"]), "newpark") {
		t.Errorf("the new park's sun in the baseline: %v, want value null and a reason", unknown)
	}
	if v, _ := fig["newpark/new_sun"]["value"].(float64); v < 11.5 {
		t.Errorf("the new park's sun with it: %v h", v)
	}

	md, errOut, code := runCLI(t, "report", "-format", "markdown", "-date", "2026-03-21", filepath.Join(dir, "scene.json"))
	if code != 0 {
		t.Fatalf("markdown report exited %d: %s", code, errOut)
	}
	for _, w := range []string{"| Sun on the park | h |", "| Sun on the new park | h | unknown |", "Not computed:", "layer newpark is not in this scenario"} {
		if !strings.Contains(md, w) {
			t.Errorf("markdown lacks %q:\n%s", w, md)
		}
	}
}

func TestReportDateFlag(t *testing.T) {
	dir := sunSceneDir(t)
	_, errOut, code := runCLI(t, "report", "-date", "21/03/2026", filepath.Join(dir, "scene.json"))
	if code != 2 || !strings.Contains(errOut, "-date: want a date like") {
		t.Errorf("bad -date: exit %d, %s", code, errOut)
	}
	out, errOut, code := runCLI(t, "report", filepath.Join(dir, "scene.json"))
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, errOut)
	}
	var rep struct {
		SunDate string `json:"sun_date"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || !strings.Contains(rep.SunDate, "-03-2") {
		t.Errorf("default sun date %q (%v), want the March equinox", rep.SunDate, err)
	}
}

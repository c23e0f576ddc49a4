package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// citytwinBin is the citytwin executable built once for these tests, so exit
// statuses and the absence of a display are tested as a user meets them.
var citytwinBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "citytwin-test")
	if err != nil {
		panic(err)
	}
	citytwinBin = filepath.Join(dir, "citytwin")
	out, err := exec.Command("go", "build", "-o", citytwinBin, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runCLI runs citytwin with args and no display, returning stdout, stderr
// and the exit status.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(citytwinBin, args...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "PATH=/usr/bin:/bin")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running citytwin %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return stdout.String(), stderr.String(), code
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReportDemoWithoutDisplay(t *testing.T) {
	out, errOut, code := runCLI(t, "report")
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, errOut)
	}
	var rep struct {
		Scene  string
		Origin struct{ Lon, Lat float64 }
		Layers []struct {
			ID        string
			Triangles int
		}
		Scenarios []struct {
			ID   string
			KPIs []struct {
				ID      string
				Value   float64
				Formula string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out)
	}
	if rep.Scene == "" || len(rep.Layers) == 0 || rep.Layers[0].Triangles == 0 {
		t.Fatalf("demo report lacks a scene name, layers or triangles: %+v", rep)
	}
	if len(rep.Scenarios) < 2 || rep.Scenarios[0].ID != "baseline" {
		t.Fatalf("want the baseline first and the demo's scenarios after it, got %+v", rep.Scenarios)
	}
	for _, k := range rep.Scenarios[0].KPIs {
		if k.Formula == "" {
			t.Errorf("key figure %s has no formula", k.ID)
		}
	}
}

// A 20 m × 10 m building, 9 m high with 3 levels, with a 2 m × 2 m courtyard.
const oneBuilding = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"b1","properties":{"height":9,"building:levels":3},
 "geometry":{"type":"Polygon","coordinates":[
  [[2.0,41.0],[2.000238,41.0],[2.000238,41.00009],[2.0,41.00009],[2.0,41.0]],
  [[2.00001,41.00001],[2.00001,41.000028],[2.0000338,41.000028],[2.0000338,41.00001],[2.00001,41.00001]]]}},
{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[2,41],[2.1,41],[2,41]]]}}
]}`

func TestReportKeyFiguresOfAGeneratedLayer(t *testing.T) {
	p := writeFile(t, "one.geojson", oneBuilding)
	out, errOut, code := runCLI(t, "report", p)
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, errOut)
	}
	var rep struct {
		Layers []struct {
			Features, Skipped, Triangles int
			Warnings                     []string
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
	if len(rep.Layers) != 1 || rep.Layers[0].Skipped != 1 || len(rep.Layers[0].Warnings) == 0 {
		t.Fatalf("want one layer with the broken feature skipped and warned about, got %+v", rep.Layers)
	}
	got := map[string]float64{}
	for _, k := range rep.Scenarios[0].KPIs {
		got[k.ID] = k.Value
	}
	// Footprint: 0.000238° lon × cos(41°) × 111.32 km ≈ 20.0 m, 0.00009° lat ≈ 10.0 m,
	// minus the ~2 m × 2 m courtyard.
	if fa := got["footprint_area"]; fa < 190 || fa > 198 {
		t.Errorf("footprint_area = %v, want about 196 m²", fa)
	}
	if fl := got["floor_area"]; fl < 3*190 || fl > 3*198 {
		t.Errorf("floor_area = %v, want 3 × footprint", fl)
	}
	if v := got["volume"]; v < 9*190 || v > 9*198 {
		t.Errorf("volume = %v, want 9 m × footprint", v)
	}
	if n := got["building_count"]; n != 1 {
		t.Errorf("building_count = %v, want 1", n)
	}
}

func TestExitStatuses(t *testing.T) {
	notJSON := writeFile(t, "broken.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [ oops ]}")
	tests := []struct {
		name     string
		args     []string
		want     int
		inStderr string
	}{
		{"help", []string{"help"}, 0, ""},
		{"command help", []string{"report", "-h"}, 0, ""},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"bad format", []string{"report", "-format", "xml"}, 2, "xml"},
		{"bad flag", []string{"report", "-nope"}, 2, "nope"},
		{"not JSON names file and line", []string{"report", notJSON}, 2, "broken.geojson:2"},
		{"missing file", []string{"report", "/nonexistent/city.geojson"}, 2, "city.geojson"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, tt.args...)
			if code != tt.want {
				t.Fatalf("citytwin %v exited %d, want %d; stderr: %s", tt.args, code, tt.want, errOut)
			}
			if !strings.Contains(errOut, tt.inStderr) {
				t.Errorf("stderr %q does not mention %q", errOut, tt.inStderr)
			}
		})
	}
}

func TestMarkdownReportHasTables(t *testing.T) {
	out, errOut, code := runCLI(t, "report", "-format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"## Key figures", "| Key figure | Unit |", "## Layers", "Gross floor area", "| Δ Park instead of the Larvotto car park |", "Green area", "Road length (primary)"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown report lacks %q", want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := map[float64]string{0: "0", 12: "12", 1234.56: "1,234.6", 1234567: "1,234,567", -5000: "−5,000"}
	for v, want := range tests {
		if got := formatNumber(v); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestWindowCommandsWithoutViewerSayHowToBuildIt(t *testing.T) {
	_, errOut, code := runCLI(t, "snapshot", "-o", filepath.Join(t.TempDir(), "x.png"))
	if code != 1 || !strings.Contains(errOut, "go install ./cmd/...") {
		t.Fatalf("snapshot without citytwin-view: exit %d, stderr %q", code, errOut)
	}
}

func TestWindowCommandsAnswerUsageWithoutADisplay(t *testing.T) {
	for _, c := range []struct {
		args     []string
		want     int
		inStderr string
	}{
		{[]string{"snapshot", "-h"}, 0, "citytwin snapshot -o OUT.png"},
		{[]string{"bench", "-h"}, 0, "-orbit"},
		{[]string{"help", "bench"}, 0, "citytwin bench"},
		{[]string{"snapshot", "-size", "huge", "-o", "x.png"}, 2, "WIDTHxHEIGHT"},
		{[]string{"snapshot", "demo.json"}, 2, "needs -o"},
		{[]string{"bench", "-frames", "0"}, 2, "-frames 0"},
	} {
		_, errOut, code := runCLI(t, c.args...)
		if code != c.want || !strings.Contains(errOut, c.inStderr) {
			t.Errorf("citytwin %v: exit %d, want %d with %q in stderr:\n%s", c.args, code, c.want, c.inStderr, errOut)
		}
	}
}

func TestWindowCommandsWithoutADisplaySaySo(t *testing.T) {
	// A citytwin-view beside citytwin that must not be started.
	dir := t.TempDir()
	self, err := os.ReadFile(citytwinBin)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "citytwin")
	marker := filepath.Join(dir, "started")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "citytwin-view"), []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "snapshot", "-o", filepath.Join(dir, "x.png"))
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "xvfb-run") {
		t.Fatalf("snapshot without a display: %v, stderr %q; want exit 1 suggesting xvfb-run", err, stderr.String())
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("citytwin-view was started without a display")
	}
}

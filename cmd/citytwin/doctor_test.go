package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citytwin/internal/wsstest"
	"citytwin/live/sim"
)

const doctorLayer = `{"type":"FeatureCollection","features":[{"type":"Feature","id":"b1","properties":{"height":12},
 "geometry":{"type":"Polygon","coordinates":[[[7.4240,43.7380],[7.4243,43.7380],[7.4243,43.7383],[7.4240,43.7383],[7.4240,43.7380]]]}}]}`

// writeScene writes files (name → content) into a new folder and returns
// the path of scene.json in it.
func writeScene(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "scene.json")
}

func TestDoctorMissingSceneFile(t *testing.T) {
	scene := writeScene(t, map[string]string{
		"scene.json": `{"name":"Broken","layers":[
			{"id":"buildings","src":"buildings.geojson"},
			{"id":"parks","src":"data/parks.geojson"}]}`,
		"buildings.geojson": doctorLayer,
	})
	out, errOut, code := runCLI(t, "doctor", "-no-display", scene)
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "data/parks.geojson") || !strings.Contains(out, "To fix") {
		t.Errorf("the missing file is not named in the list of fixes:\n%s", out)
	}
	if strings.Contains(out, "All is well") {
		t.Errorf("says all is well:\n%s", out)
	}
}

// TestDoctorGoodScene: a scene whose files are all there, with a ws:// live
// source (the simulator) and a wss:// one signed by a city CA named in
// ca_file, writable votes and cache folders: exit 0.
func TestDoctorGoodScene(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wsURL, stop, err := sim.Start(ctx, sim.Options{Sensors: 3, Rate: 10, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	wssURL, caPEM := wsstest.Start(t, `{"id":"tls-1","lon":7.42,"lat":43.73,"values":{"no2":5}}`)
	ca := string(caPEM)

	scene := writeScene(t, map[string]string{
		"scene.json": `{"name":"Good","layers":[{"id":"buildings","src":"buildings.geojson"}],
			"live":[{"id":"air","url":"` + wsURL + `"},
			        {"id":"city","url":"` + wssURL + `/feed?access_token=TOPSECRET","ca_file":"certs/city-ca.pem"}]}`,
		"buildings.geojson":   doctorLayer,
		"certs/city-ca.pem":   ca,
		"kiosk/votes-here.md": "",
	})
	dir := filepath.Dir(scene)
	out, errOut, code := runCLI(t, "doctor", "-no-display", "-lang", "fr", "-votes", filepath.Join(dir, "kiosk", "votes.csv"),
		"-cache", filepath.Join(dir, "cache"), scene)
	if code != 0 {
		t.Fatalf("exit %d, want 0:\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"live air", "live city", "connected", "All is well", "font (fr)", "votes file", "cache folder"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+errOut, "TOPSECRET") {
		t.Errorf("doctor shows the access token:\n%s", out)
	}

	// Without the CA file the wss:// source is refused, and doctor says why.
	if err := os.WriteFile(scene, []byte(`{"name":"No CA","layers":[{"id":"buildings","src":"buildings.geojson"}],
		"live":[{"id":"city","url":"`+wssURL+`"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = runCLI(t, "doctor", "-no-display", scene)
	if code != 1 || !strings.Contains(out, "certificate") || !strings.Contains(out, "ca_file") {
		t.Errorf("exit %d, want 1 naming the certificate and ca_file:\n%s", code, out)
	}
}

func TestDoctorDisplayAndHelp(t *testing.T) {
	// runCLI removes DISPLAY: the display check fails and says what to do.
	out, _, code := runCLI(t, "doctor")
	if code != 1 || !strings.Contains(out, "DISPLAY") {
		t.Errorf("exit %d without a display:\n%s", code, out)
	}
	out, _, code = runCLI(t, "help")
	if code != 0 || !strings.Contains(out, "doctor") {
		t.Errorf("help does not list doctor:\n%s", out)
	}
	_, errOut, code := runCLI(t, "doctor", "-h")
	if code != 0 || !strings.Contains(errOut, "-no-display") {
		t.Errorf("doctor -h: exit %d\n%s", code, errOut)
	}
}

// TestSceneCAFileChecked: a live[].ca_file must stay inside the scene's
// folder, exist, and belong to a wss://, mqtt+wss:// or mqtts:// source;
// each refusal names it.
func TestSceneCAFileChecked(t *testing.T) {
	for _, tc := range []struct{ url, ca, want string }{
		{"wss://city.example/feed", "../ca.pem", "leads outside"},
		{"wss://city.example/feed", "certs/missing.pem", "certs/missing.pem"},
		{"ws://city.example/feed", "ca.pem", "only applies to wss://"},
		{"mqtt://city.example:1883?topic=a", "ca.pem", "mqtts://"},
		{"mqtts://city.example:8883?topic=a", "certs/missing.pem", "certs/missing.pem"},
	} {
		scene := writeScene(t, map[string]string{
			"scene.json": `{"name":"CA","layers":[{"id":"buildings","src":"buildings.geojson"}],
				"live":[{"id":"city","url":"` + tc.url + `","ca_file":"` + tc.ca + `"}]}`,
			"buildings.geojson": doctorLayer,
			"ca.pem":            "",
		})
		_, errOut, code := runCLI(t, "report", scene)
		if code != 2 || !strings.Contains(errOut, "live[0].ca_file") || !strings.Contains(errOut, tc.want) {
			t.Errorf("ca_file %q: exit %d, want 2 naming live[0].ca_file and %q:\n%s", tc.ca, code, tc.want, errOut)
		}
	}
}

// TestDoctorMQTTOverTCP: doctor checks mqtt:// sources given with -live,
// and says why one is refused and what to do about it.
func TestDoctorMQTTOverTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "mqtt://" + ln.Addr().String() + "?topic=city/%23"
	ln.Close()
	out, errOut, code := runCLI(t, "doctor", "-no-display", "-timeout", "3s", "-live", refused)
	if code != 1 || !strings.Contains(out, "connection refused") || !strings.Contains(out, "start the server") {
		t.Errorf("exit %d, want 1 naming the refusal and the fix:\n%s%s", code, out, errOut)
	}
}

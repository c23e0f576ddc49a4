package main

import (
	"flag"
	"io"
	"math"
	"testing"

	"citytwin/scene"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		ok    bool
		check func(*options) bool
	}{
		{"snapshot", []string{"-snapshot", "-o", "a.png", "-size", "800x450", "-camera", "1,2,3,4,5,6", "-scenario", "x", "-scenario", "y", "f.geojson"}, true,
			func(o *options) bool {
				return o.snapshot && o.out == "a.png" && o.width == 800 && o.height == 450 && len(o.scenarios) == 2 && len(o.files) == 1
			}},
		{"double dash", []string{"--bench", "--frames=10", "--orbit", "--size=64x32"}, true,
			func(o *options) bool { return o.bench && o.frames == 10 && o.orbit && o.width == 64 && o.height == 32 }},
		{"defaults", nil, true, func(o *options) bool { return o.width == 1280 && o.height == 720 && o.fov == 45 && o.frames == 300 }},
		{"snapshot without -o", []string{"-snapshot"}, false, nil},
		{"bad size", []string{"-size", "800"}, false, nil},
		{"zero size", []string{"-size", "0x10"}, false, nil},
		{"bad fov", []string{"-fov", "180"}, false, nil},
		{"both modes", []string{"-snapshot", "-bench", "-o", "a.png"}, false, nil},
		{"unknown flag", []string{"-nope"}, false, nil},
		{"tiles", []string{"-tiles", "stream", "-tile-budget", "64"}, true, func(o *options) bool { return o.tiles == "stream" && o.tileBudget == 64 }},
		{"tile defaults", nil, true, func(o *options) bool { return o.tiles == "auto" && o.tileBudget == 512 }},
		{"bad tile mode", []string{"-tiles", "lazy"}, false, nil},
		{"bad tile budget", []string{"-tile-budget", "0"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			o, err := parseFlags(tt.args, fs)
			if (err == nil) != tt.ok {
				t.Fatalf("err %v, want ok %v", err, tt.ok)
			}
			if tt.ok && !tt.check(o) {
				t.Errorf("got %+v", o)
			}
		})
	}
}

func TestParseCamera(t *testing.T) {
	f := scene.NewFrame(scene.Geo{Lon: 13.4, Lat: 52.52})
	cam, err := parseCamera("13.4, 52.52, 8, 270, -12, 260", f, 45)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(cam.Target[0]) > 1e-6 || math.Abs(cam.Target[1]) > 1e-6 || cam.Target[2] != 8 ||
		cam.Heading != 270 || cam.Pitch != -12 || cam.Range != 260 || cam.FovY != 45 {
		t.Errorf("got %+v", cam)
	}
	cam, _ = parseCamera("13.401,52.52,0,0,-30,100", f, 30)
	if math.Abs(cam.Target[0]-67.9) > 0.5 || cam.FovY != 30 {
		t.Errorf("0.001° east at 52.52° N: got x %g m, want about 67.9", cam.Target[0])
	}
	for _, bad := range []string{"", "1,2,3", "a,2,3,4,5,6", "1,2,3,4,5,0", "1,95,3,4,5,6"} {
		if _, err := parseCamera(bad, f, 45); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

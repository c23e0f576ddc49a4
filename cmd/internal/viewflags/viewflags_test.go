package viewflags

import (
	"bytes"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"citytwin/assets/i18n"
	"citytwin/loaders/limit"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		ok    bool
		check func(*Options) bool
	}{
		{"snapshot", []string{"-snapshot", "-o", "a.png", "-size", "800x450", "-camera", "1,2,3,4,5,6", "-scenario", "x", "-scenario", "y", "-wait", "1500ms", "f.geojson"}, true,
			func(o *Options) bool {
				return o.Snapshot && o.Out == "a.png" && o.Width == 800 && o.Height == 450 && len(o.Scenarios) == 2 &&
					len(o.Files) == 1 && o.Wait == 1500*time.Millisecond
			}},
		{"double dash", []string{"--bench", "--frames=10", "--orbit", "--size=64x32"}, true,
			func(o *Options) bool { return o.Bench && o.Frames == 10 && o.Orbit && o.Width == 64 && o.Height == 32 }},
		{"defaults", nil, true, func(o *Options) bool {
			return o.Width == 1280 && o.Height == 720 && o.Fov == 45 && o.Frames == 300 && o.Tiles == "auto" && o.TileBudgetMiB == DefaultTileBudgetMiB
		}},
		{"live", []string{"-live", "ws://a", "-live", "mqtt+ws://b/?topic=x"}, true, func(o *Options) bool { return len(o.Live) == 2 }},
		{"tiles", []string{"-tiles", "stream", "-tile-budget", "64"}, true, func(o *Options) bool { return o.Tiles == "stream" && o.TileBudgetMiB == 64 }},
		{"snapshot without -o", []string{"-snapshot"}, false, nil},
		{"bad size", []string{"-size", "800"}, false, nil},
		{"zero size", []string{"-size", "0x10"}, false, nil},
		{"bad fov", []string{"-fov", "180"}, false, nil},
		{"both modes", []string{"-snapshot", "-bench", "-o", "a.png"}, false, nil},
		{"unknown flag", []string{"-nope"}, false, nil},
		{"bad wait", []string{"-wait", "soon"}, false, nil},
		{"negative wait", []string{"-wait", "-1s"}, false, nil},
		{"bad tile mode", []string{"-tiles", "lazy"}, false, nil},
		{"bad tile budget", []string{"-tile-budget", "0"}, false, nil},
		{"no frames", []string{"-frames", "0"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			o, err := Parse(tt.args, fs)
			if (err == nil) != tt.ok {
				t.Fatalf("err %v, want ok %v", err, tt.ok)
			}
			if tt.ok && !tt.check(o) {
				t.Errorf("got %+v", o)
			}
		})
	}
}

func TestUsageNamesTheMode(t *testing.T) {
	for mode, want := range map[string]string{"": "Opens the viewer window", "snapshot": "citytwin snapshot -o OUT.png", "bench": "citytwin bench"} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		var buf bytes.Buffer
		fs.SetOutput(&buf)
		Usage(fs, mode)
		if _, err := Parse([]string{"-h"}, fs); err != flag.ErrHelp {
			t.Fatalf("-h gave %v, want flag.ErrHelp", err)
		}
		for _, w := range []string{want, "-camera", "-tile-budget"} {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("usage of %q lacks %q:\n%s", mode, w, buf.String())
			}
		}
	}
}

func TestMaxFileMB(t *testing.T) {
	o, err := Parse([]string{"-max-file-mb", "5", "a.glb"}, flag.NewFlagSet("x", flag.ContinueOnError))
	if err != nil {
		t.Fatal(err)
	}
	if l := o.Limits(); l.GLTFBytes() != 5<<20 || l.GeoJSONBytes() != 5<<20 || l.TileContentBytes() != 5<<20 {
		t.Errorf("limits %+v", l)
	}
	o, err = Parse(nil, flag.NewFlagSet("x", flag.ContinueOnError))
	if err != nil || o.Limits() != (limit.Limits{}) {
		t.Errorf("default limits %+v, %v", o.Limits(), err)
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := Parse([]string{"-max-file-mb", "-2"}, fs); err == nil {
		t.Error("-max-file-mb -2 accepted")
	}
}

func TestSwipeFlags(t *testing.T) {
	for _, c := range []struct {
		args  []string
		base  string
		split float64
		ok    bool
	}{
		{[]string{"-snapshot", "-o", "x.png"}, "", 0, false},
		{[]string{"-snapshot", "-o", "x.png", "-compare", "taller"}, "taller", 0.5, true},
		{[]string{"-snapshot", "-o", "x.png", "-split", "0.3"}, "baseline", 0.3, true},
		{[]string{"-snapshot", "-o", "x.png", "--compare=baseline", "--split=0.7"}, "baseline", 0.7, true},
	} {
		o, err := Parse(c.args, flag.NewFlagSet("t", flag.ContinueOnError))
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		base, split, ok := o.Swipe()
		if base != c.base || split != c.split || ok != c.ok {
			t.Errorf("%v: Swipe() = %q %v %v, want %q %v %v", c.args, base, split, ok, c.base, c.split, c.ok)
		}
	}
	for _, bad := range []string{"1", "-0.2", "1.5"} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		if _, err := Parse([]string{"-split", bad}, fs); err == nil {
			t.Errorf("-split %s accepted", bad)
		}
	}
}

func TestLanguagesAreTheCatalogues(t *testing.T) {
	if got := i18n.Languages(); !slices.Equal(got, Languages) {
		t.Errorf("-lang accepts %v, the catalogues are %v", Languages, got)
	}
}

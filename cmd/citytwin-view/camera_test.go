package main

import (
	"math"
	"testing"

	"citytwin/cmd/internal/viewflags"
	"citytwin/render"
	"citytwin/scene"
)

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

func TestTileBudgetDefaultsAgree(t *testing.T) {
	if got := int64(viewflags.DefaultTileBudgetMiB) << 20; got != render.DefaultTileBudget {
		t.Errorf("-tile-budget defaults to %d bytes, the renderer to %d", got, render.DefaultTileBudget)
	}
}

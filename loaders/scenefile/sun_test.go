package scenefile

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParseSunErrors(t *testing.T) {
	for _, c := range []struct{ name, json, want string }{
		{"unknown zone", `{"layers": [], "timezone": "Mars/Olympus"}`, `scene.json: timezone: unknown time zone "Mars/Olympus" (want an IANA name`},
		{"local zone", `{"layers": [], "timezone": "Local"}`, `timezone: unknown time zone "Local"`},
		{"zone type", `{"layers": [], "timezone": 1}`, "timezone: want a string"},
		{"sun form", `{"layers": [], "sun": "21/06/2026 14:00"}`, `scene.json: sun: want a local date and time like 2026-06-21T14:00, got "21/06/2026 14:00"`},
		{"sun with zone", `{"layers": [], "sun": "2026-06-21T14:00Z"}`, "sun: want a local date and time"},
		{"sun date", `{"layers": [], "sun": "2026-02-30T12:00"}`, "sun: want a local date and time"},
		{"sun_hours without layer", `{"layers": [], "kpis": [{"id": "s", "label": "S", "kind": "sun_hours"}]}`, "kpis[0].layer: a sun_hours figure needs the layer"},
		{"sun_hours unknown layer", `{"layers": [], "kpis": [{"id": "s", "label": "S", "kind": "sun_hours", "layer": "parks"}]}`, `kpis[0].layer: unknown layer "parks"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Parse("scene.json", []byte(c.json))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %q", err, c.want)
			}
			if err != nil && !IsInputError(err) {
				t.Errorf("%v is not an InputError", err)
			}
		})
	}
}

// TestLoadSun: the sun's local time is read in the scene's zone, summer
// time included; without the fields the scene is in UTC with no sun.
func TestLoadSun(t *testing.T) {
	layer := `{"origin": {"lon": 7.42, "lat": 43.73}, "features": [{"id": "1"}]}`
	fsys := fstest.MapFS{
		"a.json": {Data: []byte(`{"timezone": "Europe/Monaco", "sun": "2026-06-21T14:00",
			"layers": [{"id": "parks", "src": "p.geojson"}],
			"kpis": [{"id": "park_sun", "label": "Sun on the park", "kind": "sun_hours", "layer": "parks", "unit": "h"}]}`)},
		"b.json":    {Data: []byte(`{"layers": [{"src": "p.geojson"}]}`)},
		"p.geojson": {Data: []byte(layer)},
	}
	var calls []fakeCall
	opts := Options{Loaders: fakeLoaders(&calls)}
	sc, err := Load(fsys, "a.json", opts)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Location().String() != "Europe/Monaco" || !sc.Sun.Equal(time.Date(2026, 6, 21, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("zone %v, sun %v; want Europe/Monaco, 12:00 UTC", sc.Location(), sc.Sun)
	}
	if len(sc.KeyFigures) != 1 || sc.KeyFigures[0].Kind != "sun_hours" {
		t.Errorf("kpis %+v", sc.KeyFigures)
	}
	sc, err = Load(fsys, "b.json", opts)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Location() != time.UTC || !sc.Sun.IsZero() {
		t.Errorf("defaults: zone %v, sun %v", sc.Location(), sc.Sun)
	}
}

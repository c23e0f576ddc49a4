package geojson

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"

	"citytwin/loaders/limit"
	"citytwin/scene"
)

func load(t *testing.T, src string, opts Options) (*scene.Layer, error) {
	t.Helper()
	return Load(fstest.MapFS{"f.geojson": {Data: []byte(src)}}, "f.geojson", opts)
}

const square = `[[7.42,43.73],[7.4201,43.73],[7.4201,43.7301],[7.42,43.7301],[7.42,43.73]]`

func TestBrokenFeaturesAreSkipped(t *testing.T) {
	for _, c := range []struct {
		name, feature, want string
	}{
		{"short ring", `{"type":"Feature","id":"abc","properties":{},"geometry":{"type":"Polygon","coordinates":[[[7.42,43.73],[7.43,43.73],[7.42,43.73]]]}}`, `feature 1 (id "abc"): polygon ring 0 has 3 points; skipped`},
		{"unknown type", `{"type":"Feature","properties":{},"geometry":{"type":"Circle","coordinates":[7.42,43.73]}}`, `feature 1: unknown geometry type "Circle"; skipped`},
		{"wrong nesting", `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[7.42,43.73]}}`, "wrong nesting"},
		{"out of range", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[200,43.73]}}`, "outside lon ±180"},
		{"empty", `{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[]}}`, "empty MultiPolygon"},
		{"no geometry", `{"type":"Feature","id":7,"properties":{},"geometry":null}`, `feature 1 (id "7"): no geometry; skipped`},
		{"zero area", `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[7.42,43.73],[7.43,43.73],[7.44,43.73],[7.42,43.73]]]}}`, "ring 0 has zero area"},
		{"not a feature", `42`, "not a feature object"},
		{"short line", `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[7.42,43.73]]}}`, "line has 1 points"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := `{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"properties":{},"geometry":{"type":"Polygon","coordinates":[` + square + `]}},` + c.feature + `]}`
			l, err := load(t, src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Features) != 1 || l.Skipped != 1 || len(l.Warnings) != 1 {
				t.Fatalf("features %d skipped %d warnings %q", len(l.Features), l.Skipped, l.Warnings)
			}
			if !strings.Contains(l.Warnings[0], c.want) {
				t.Fatalf("warning %q lacks %q", l.Warnings[0], c.want)
			}
		})
	}
}

func TestUnclosedRingIsClosed(t *testing.T) {
	l, err := load(t, `{"type":"Polygon","coordinates":[[[7.42,43.73],[7.4201,43.73],[7.4201,43.7301],[7.42,43.7301]]]}`, Options{})
	if err != nil || len(l.Features) != 1 {
		t.Fatalf("%v %+v", err, l)
	}
	r := l.Features[0].Geometry.(orb.Polygon)[0]
	if len(r) != 5 || r[0] != r[4] {
		t.Fatalf("ring not closed: %v", r)
	}
}

func TestInputErrors(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"not json", "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [,]\n}", "f.geojson:3:"},
		{"not geojson", `{"hello": 1}`, "$.type"},
		{"bad features", `{"type":"FeatureCollection","features":3}`, "$.features"},
		{"bad crs", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:28992"}},"features":[]}`, "28992"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := load(t, c.src, Options{})
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err %v is not *InputError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%q lacks %q", err, c.want)
			}
		})
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\ncd\nef")
	if l, c := lineCol(data, 4); l != 2 || c != 2 {
		t.Fatalf("got %d:%d", l, c)
	}
}

func TestIDsAndOrigin(t *testing.T) {
	src := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":12,"properties":{"ref":"A"},"geometry":{"type":"Point","coordinates":[2,41]}},
{"type":"Feature","id":"x","properties":{"ref":"B"},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[4,43]},{"type":"LineString","coordinates":[[4,43],[4.001,43]]}]}}]}`
	l, err := load(t, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Features[0].ID != "12" || l.Features[1].ID != "x" {
		t.Fatalf("ids %q %q", l.Features[0].ID, l.Features[1].ID)
	}
	if math.Abs(l.Origin.Lon-3.0005) > 1e-9 || math.Abs(l.Origin.Lat-42) > 1e-9 {
		t.Fatalf("origin %+v", l.Origin)
	}
	if c, ok := l.Features[1].Geometry.(orb.Collection); !ok || len(c) != 2 {
		t.Fatalf("collection %T", l.Features[1].Geometry)
	}
	l, _ = load(t, src, Options{IDProperty: "ref"})
	if l.Features[0].ID != "A" {
		t.Fatalf("id property: %q", l.Features[0].ID)
	}
}

func TestGeodesy(t *testing.T) {
	// 0.001° of longitude at 43.73° N is about 80.4 m; of latitude 111.1 m.
	fr := scene.NewFrame(scene.Geo{Lon: 7.42, Lat: 43.73})
	l, err := load(t, `{"type":"Polygon","coordinates":[[[7.42,43.73],[7.421,43.73],[7.421,43.731],[7.42,43.73]]]}`, Options{Frame: fr})
	if err != nil {
		t.Fatal(err)
	}
	r := l.Features[0].Geometry.(orb.Polygon)[0]
	if math.Abs(r[0][0]) > 1e-6 || math.Abs(r[1][0]-80.4) > 0.5 || math.Abs(r[2][1]-111.1) > 0.5 {
		t.Fatalf("ring %v", r)
	}
}

func TestCRSReprojection(t *testing.T) {
	dir := "/work/shared/data/geojson/lyon/"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("sample data not present")
	}
	fr := scene.NewFrame(scene.Geo{Lon: 4.83, Lat: 45.77})
	a, err := Load(os.DirFS(dir), "buildings_lyon1_EPSG3946.geojson", Options{Frame: fr})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(os.DirFS(dir), "buildings_lyon1_wgs84.geojson", Options{Frame: fr})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Features) != len(b.Features) || len(a.Features) == 0 {
		t.Fatalf("%d vs %d features", len(a.Features), len(b.Features))
	}
	worst := 0.0
	for i := range a.Features {
		pa, pb := firstPoint(a.Features[i].Geometry), firstPoint(b.Features[i].Geometry)
		worst = math.Max(worst, math.Hypot(pa[0]-pb[0], pa[1]-pb[1]))
	}
	if worst > 1 {
		t.Fatalf("worst distance %.3f m", worst)
	}
}

func firstPoint(g orb.Geometry) orb.Point {
	var p orb.Point
	found := false
	mapPoints(g, func(q *orb.Point) {
		if !found {
			p, found = *q, true
		}
	})
	return p
}

func TestSampleFiles(t *testing.T) {
	for _, f := range []string{"monaco/buildings.geojson", "monaco/roads.geojson", "monaco/parks.geojson", "monaco/trees.geojson", "monaco/districts.geojson", "madrid/madrid-districts.geojson"} {
		t.Run(f, func(t *testing.T) {
			l, err := Load(os.DirFS("/work/shared/data/geojson"), f, Options{})
			if errors.Is(err, os.ErrNotExist) {
				t.Skip("sample data not present")
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Features) == 0 || l.Skipped*10 > len(l.Features) {
				t.Fatalf("%d features, %d skipped: %v", len(l.Features), l.Skipped, l.Warnings)
			}
		})
	}
}

// genCollection returns a FeatureCollection of n buildings on a grid:
// rectangles and L shapes with heights and levels.
func genCollection(n int) []byte {
	var sb strings.Builder
	sb.Grow(n * 260)
	sb.WriteString(`{"type":"FeatureCollection","features":[`)
	side := int(math.Ceil(math.Sqrt(float64(n))))
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		x := 2.0 + float64(i%side)*0.0004
		y := 41.0 + float64(i/side)*0.0003
		d := 0.0002
		var ring string
		if i%2 == 0 {
			ring = fmt.Sprintf("[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]", x, y, x+d, y, x+d, y+d, x, y+d, x, y)
		} else {
			h := d / 2
			ring = fmt.Sprintf("[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]", x, y, x+d, y, x+d, y+h, x+h, y+h, x+h, y+d, x, y+d, x, y)
		}
		fmt.Fprintf(&sb, `{"type":"Feature","id":%d,"properties":{"building":"yes","height":%d,"building:levels":%d},"geometry":{"type":"Polygon","coordinates":[%s]}}`, i, 6+i%30, 2+i%10, ring)
	}
	sb.WriteString("]}")
	return []byte(sb.String())
}

// TestLoadFailsAtFirstBytes: a file of zeros failed only after being read
// whole ("invalid character '\x00'" after ~47 s for 2 GB); it fails at its
// first byte, having read only the first buffer.
func TestLoadFailsAtFirstBytes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.geojson")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 64<<20); err != nil { // sparse zeros
		t.Fatal(err)
	}
	var read int64
	_, err := Load(countingFS{os.DirFS(dir), &read}, "big.geojson", Options{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Line != 1 || ie.Col != 1 || !strings.Contains(err.Error(), `found '\x00'`) {
		t.Fatalf("err %v, want an input error at 1:1", err)
	}
	if read > 1<<20 {
		t.Errorf("read %d bytes before failing", read)
	}
	for _, tc := range []struct{ data, want string }{
		{"", "no JSON object"},
		{"  \n [1]", "big.geojson:2:2"},
		{"\xef\xbb\xbf{\"type\":\"FeatureCollection\",\"features\":[]}", ""},
	} {
		if err := os.WriteFile(p, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(os.DirFS(dir), "big.geojson", Options{})
		if tc.want == "" {
			if err != nil && strings.Contains(err.Error(), "not GeoJSON: want") {
				t.Errorf("%q: %v", tc.data, err)
			}
		} else if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.data, err, tc.want)
		}
	}
}

// TestLoadOverLimit: a file over the limit is refused from its size alone,
// naming the limit and the flag.
func TestLoadOverLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.geojson")
	if err := os.WriteFile(p, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 3<<20); err != nil {
		t.Fatal(err)
	}
	var read int64
	_, err := Load(countingFS{os.DirFS(dir), &read}, "big.geojson", Options{Limits: limit.Limits{GeoJSON: 1 << 20}})
	var ie *InputError
	if !errors.As(err, &ie) || !limit.IsLimit(err) || !strings.Contains(err.Error(), "over the limit for GeoJSON files (1 MiB); raise it with -max-file-mb 3") {
		t.Fatalf("err %v", err)
	}
	if read != 0 {
		t.Errorf("read %d bytes", read)
	}
}

// countingFS counts the bytes read from its files.
type countingFS struct {
	fs.FS
	read *int64
}

type countingFile struct {
	fs.File
	read *int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return countingFile{f, c.read}, nil
}

func (c countingFile) Read(p []byte) (int, error) {
	n, err := c.File.Read(p)
	*c.read += int64(n)
	return n, err
}

// TestAbsurdHeightsSkipped: heights beyond 10 km, negative heights and
// absurd storey counts (as the default extrusion or the layer's style read
// them) skip the feature with a warning naming it and the property.
func TestAbsurdHeightsSkipped(t *testing.T) {
	sq := `"geometry":{"type":"Polygon","coordinates":[[[0,0],[0.001,0],[0.001,0.001],[0,0]]]}`
	src := `{"type":"FeatureCollection","features":[
		{"type":"Feature","id":1,"properties":{"height":12},` + sq + `},
		{"type":"Feature","id":2,"properties":{"height":1e308},` + sq + `},
		{"type":"Feature","id":3,"properties":{"height":-3},` + sq + `},
		{"type":"Feature","id":4,"properties":{"building:levels":5000},` + sq + `},
		{"type":"Feature","id":5,"properties":{"h":"20000 m"},` + sq + `},
		{"type":"Feature","id":6,"properties":{"height":"tall"},` + sq + `}]}`
	style := &scene.Style{Extrude: &scene.ExtrudeRule{HeightProperty: "h"}}
	l, err := load(t, src, Options{Style: style})
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(l.Warnings, "\n")
	for _, want := range []string{`feature 1 (id "2"): property "height" = 1e+308`, `feature 2 (id "3"): property "height" = -3`,
		`feature 3 (id "4"): property "building:levels" = 5000`, `feature 4 (id "5"): property "h" = 20000`} {
		if !strings.Contains(w, want) {
			t.Errorf("no warning %q in\n%s", want, w)
		}
	}
	if len(l.Features) != 2 || l.Skipped != 4 {
		t.Errorf("%d features, %d skipped", len(l.Features), l.Skipped)
	}
}

// TestSelfIntersectingSkipped: an asymmetric bowtie footprint was extruded
// and its area counted; it is skipped with a warning saying where it
// crosses. Rings that only touch are kept.
func TestSelfIntersectingSkipped(t *testing.T) {
	src := `{"type":"FeatureCollection","features":[
		{"type":"Feature","id":"bowtie","properties":{"height":10},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0.001,0.001],[0.001,0],[0,0.0004],[0,0]]]}},
		{"type":"Feature","id":"ok","properties":{"height":10},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0.001,0],[0.001,0.001],[0,0.001],[0,0]],[[0,0],[0.0002,0.0004],[0.0004,0.0004],[0,0]]]}},
		{"type":"Feature","id":"multi","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,0],[3,0],[3,1],[2,1],[2,0]],[[2.5,0.5],[3.5,0.5],[3.5,0.6],[2.5,0.5]]]]}}]}`
	l, err := load(t, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(l.Warnings, "\n")
	if len(l.Features) != 1 || l.Features[0].ID != "ok" ||
		!strings.Contains(w, `feature 0 (id "bowtie"): ring 0 crosses itself near 0.0002857,0.0002857 (a self-intersecting polygon); skipped`) ||
		!strings.Contains(w, `feature 2 (id "multi"): polygon 1: rings 0 and 1 cross near`) {
		t.Errorf("%d features, warnings:\n%s", len(l.Features), w)
	}
}

package tiler

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"citytwin/loaders/open"
	"citytwin/loaders/tiles3d"
	"citytwin/scene"
)

// writeCity writes n buildings on a grid near Lyon as GeoJSON: L-shaped
// footprints with a hole every seventh, heights, names, storeys, flags.
func writeCity(t testing.TB, dir string, n int) string {
	t.Helper()
	side := int(math.Ceil(math.Sqrt(float64(n))))
	dx, dy := 20/(111320*math.Cos(45.75*math.Pi/180)), 20/110540.0
	var feats []any
	for i := 0; i < n; i++ {
		r, c := i/side, i%side
		x, y := 4.85+float64(c)*dx, 45.75+float64(r)*dy
		w, h := dx*0.6, dy*0.6
		rings := [][][2]float64{{{x, y}, {x + w, y}, {x + w, y + h/2}, {x + w/2, y + h/2}, {x + w/2, y + h}, {x, y + h}, {x, y}}}
		if i%7 == 0 {
			rings = append(rings, [][2]float64{{x + w*0.1, y + h*0.1}, {x + w*0.1, y + h*0.3}, {x + w*0.3, y + h*0.3}, {x + w*0.3, y + h*0.1}, {x + w*0.1, y + h*0.1}})
		}
		props := map[string]any{"height": 5 + float64(i%37), "name": fmt.Sprintf("b-%d", i), "listed": i%5 == 0}
		if i%3 == 0 {
			props["building:levels"] = float64(1 + i%9)
		}
		feats = append(feats, map[string]any{"type": "Feature", "id": fmt.Sprintf("bldg-%d", i), "properties": props,
			"geometry": map[string]any{"type": "Polygon", "coordinates": rings}})
	}
	data, _ := json.Marshal(map[string]any{"type": "FeatureCollection", "features": feats})
	name := filepath.Join(dir, "city.geojson")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// roofArea adds up the area of the upward-facing triangles of l (the roofs
// of flat extrusions: the footprint area).
func roofArea(l *scene.Layer) float64 {
	a := 0.0
	for _, m := range l.Meshes {
		for i := 0; i+2 < len(m.Indices); i += 3 {
			p, q, r := m.Vertices[m.Indices[i]].Pos, m.Vertices[m.Indices[i+1]].Pos, m.Vertices[m.Indices[i+2]].Pos
			ux, uy, uz := float64(q[0]-p[0]), float64(q[1]-p[1]), float64(q[2]-p[2])
			vx, vy, vz := float64(r[0]-p[0]), float64(r[1]-p[1]), float64(r[2]-p[2])
			nx, ny, nz := uy*vz-uz*vy, uz*vx-ux*vz, ux*vy-uy*vx
			if nz > 0 && nz > 0.99*math.Sqrt(nx*nx+ny*ny+nz*nz) {
				a += nz / 2
			}
		}
	}
	return a
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := writeCity(t, dir, 3000)
	sc, err := open.Files([]string{src}, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := sc.Layers[0]
	out := filepath.Join(dir, "tiles")
	st, err := Write(sc, out, Options{MaxPerTile: 400})
	if err != nil {
		t.Fatal(err)
	}
	if st.Features != 3000 || st.Levels < 3 || st.Tiles < 8 {
		t.Fatalf("stats %+v: want 3000 features over 3+ levels", st)
	}
	l, err := tiles3d.Load(os.DirFS(out), "tileset.json", tiles3d.Options{Frame: sc.Frame, MaxTriangles: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Warnings) > 0 {
		t.Errorf("warnings: %v", l.Warnings)
	}
	if len(l.Features) != len(in.Features) {
		t.Fatalf("%d features read back, want %d", len(l.Features), len(in.Features))
	}
	byID := map[string]*scene.Feature{}
	for i := range l.Features {
		byID[l.Features[i].ID] = &l.Features[i]
	}
	foot := 0.0
	for _, f := range in.Features {
		g := byID[f.ID]
		if g == nil {
			t.Fatalf("feature %q not read back", f.ID)
		}
		for k, v := range f.Properties {
			if k == "building:levels" {
				continue // stored as building_levels with its name in the schema
			}
			if b, ok := v.(bool); ok {
				v = fmt.Sprint(b) // booleans are strings in the tiles
			}
			if g.Properties[k] != v {
				t.Errorf("%s: %s = %v, want %v", f.ID, k, g.Properties[k], v)
			}
		}
		foot += planar.Area(f.Geometry.(orb.Polygon))
	}
	if got := roofArea(l); math.Abs(got-foot) > 1e-3*foot {
		t.Errorf("roof area read back %.1f m², footprint area %.1f m²", got, foot)
	}
	// Streamed, every tile loads and the bounds hold the data.
	sl, err := tiles3d.Open(os.DirFS(out), "tileset.json", tiles3d.Options{Frame: sc.Frame})
	if err != nil {
		t.Fatal(err)
	}
	n, loaded := 0, 0
	for i, node := range sl.Tiles.Nodes {
		if node.HasContent {
			tl, err := sl.Tiles.Load(i)
			if err != nil {
				t.Fatalf("tile %d: %v", i, err)
			}
			loaded++
			n += len(tl.Features)
		}
	}
	if n != 3000 || loaded != st.Tiles {
		t.Errorf("streamed: %d features in %d tiles, want 3000 in %d", n, loaded, st.Tiles)
	}
	ib := in.Bounds
	if b := sl.Bounds; b.Min[0] > ib.Min[0]+0.01 || b.Max[0] < ib.Max[0]-0.01 || b.Min[1] > ib.Min[1]+0.01 || b.Max[1] < ib.Max[1]-0.01 {
		t.Errorf("streamed bounds %v do not hold the data's %v", b, ib)
	}
}

func TestNoBuildings(t *testing.T) {
	sc := &scene.Scene{Layers: []*scene.Layer{{ID: "empty"}}}
	if _, err := Write(sc, t.TempDir(), Options{}); err == nil {
		t.Error("a scene without buildings was tiled")
	}
}

package tiles3d

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"citytwin/scene"
)

// TestLyonOverlaysGeoJSON checks that the Lyon b3dm tiles (transforms in
// EPSG:3946) land on the WGS84 GeoJSON footprints of the same buildings:
// the tiles' batch ids are the footprints' ID, and the horizontal bounding
// box centre of each building must match its footprint's within metres.
func TestLyonOverlaysGeoJSON(t *testing.T) {
	root := city3d(t)
	raw, err := os.ReadFile(filepath.Join(dataDir, "geojson/lyon/buildings_lyon1_wgs84.geojson"))
	if err != nil {
		t.Skip(err)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	frame := scene.NewFrame(scene.Geo{Lon: 4.83, Lat: 45.765})
	l, err := Load(os.DirFS(filepath.Join(root, "lyon-1er-fr")), "tileset.json", Options{Frame: frame, CRS: "EPSG:3946"})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Warnings) != 0 {
		t.Errorf("warnings with an explicit CRS: %q", l.Warnings)
	}
	// Footprint boxes in the same local frame, by ID.
	foot := map[string]scene.Box{}
	groundAlt, height := map[string]float64{}, map[string]float64{}
	for _, f := range fc.Features {
		id, _ := f.Properties["ID"].(string)
		if z, ok := f.Properties["Z_MIN_TOIT"].(float64); ok {
			groundAlt[id] = z
		}
		if h, ok := f.Properties["HAUTEUR"].(float64); ok {
			height[id] = h
		}
		var pts [][]float64
		switch f.Geometry.Type {
		case "Polygon":
			var rings [][][]float64
			_ = json.Unmarshal(f.Geometry.Coordinates, &rings)
			if len(rings) > 0 {
				pts = rings[0]
			}
		case "MultiPolygon":
			var polys [][][][]float64
			_ = json.Unmarshal(f.Geometry.Coordinates, &polys)
			for _, p := range polys {
				if len(p) > 0 {
					pts = append(pts, p[0]...)
				}
			}
		}
		b := scene.EmptyBox()
		for _, p := range pts {
			q := frame.FromGeo(p[0], p[1], 0)
			b = b.Extend(scene.Vec3{q[0], q[1], 0})
		}
		if !b.Empty() {
			foot[id] = b
		}
	}
	// Building boxes from the tiles' parts.
	boxes := map[int]scene.Box{}
	for _, m := range l.Meshes {
		for _, p := range m.Parts {
			b, ok := boxes[p.Feature]
			if !ok {
				b = scene.EmptyBox()
			}
			boxes[p.Feature] = b.Union(p.Bounds)
		}
	}
	// Heights stay in the frame's vertical (altitudes in metres, as the
	// tiles carry them). These tiles were extruded by HAUTEUR upwards from
	// the roof altitude Z_MIN_TOIT (a quirk of the source data, not the
	// ground Z_MIN_SOL): check both, to the decimetre.
	var dz, dh []float64
	for fi, b := range boxes {
		id := l.Features[fi].ID
		if z, ok := groundAlt[id]; ok {
			dz = append(dz, math.Abs(b.Min[2]-z))
		}
		if h, ok := height[id]; ok {
			dh = append(dh, math.Abs(b.Max[2]-b.Min[2]-h))
		}
	}
	slices.Sort(dz)
	slices.Sort(dh)
	if len(dz) < 2000 || dz[len(dz)/2] > 0.2 || len(dh) < 2000 || dh[len(dh)/2] > 0.2 {
		t.Errorf("building base vs Z_MIN_TOIT: median %.2f m; height vs HAUTEUR: median %.2f m", dz[len(dz)/2], dh[len(dh)/2])
	}
	t.Logf("base vs Z_MIN_TOIT: median %.2f m; height vs HAUTEUR: median %.2f m", dz[len(dz)/2], dh[len(dh)/2])
	var dists []float64
	for fi, b := range boxes {
		fb, ok := foot[l.Features[fi].ID]
		if !ok {
			continue
		}
		c, fc := b.Center(), fb.Center()
		dists = append(dists, math.Hypot(c[0]-fc[0], c[1]-fc[1]))
	}
	if len(dists) < 2000 {
		t.Fatalf("only %d tile buildings matched a footprint by ID", len(dists))
	}
	slices.Sort(dists)
	med, p95 := dists[len(dists)/2], dists[len(dists)*95/100]
	t.Logf("%d buildings matched; centre offset median %.2f m, 95%% %.2f m, max %.2f m", len(dists), med, p95, dists[len(dists)-1])
	if med > 1 || p95 > 5 {
		t.Errorf("tiles do not overlay the footprints: median offset %.2f m, 95th percentile %.2f m", med, p95)
	}
	// Standing every building on z = 0 (to overlay flat GeoJSON) keeps the
	// footprints and puts each building's base at 0.
	flat, err := Load(os.DirFS(filepath.Join(root, "lyon-1er-fr")), "tileset.json", Options{Frame: frame, CRS: "EPSG:3946", Ground: "features"})
	if err != nil {
		t.Fatal(err)
	}
	base := map[int]float64{}
	for _, m := range flat.Meshes {
		for _, p := range m.Parts {
			if z, ok := base[p.Feature]; !ok || p.Bounds.Min[2] < z {
				base[p.Feature] = p.Bounds.Min[2]
			}
		}
	}
	for f, z := range base {
		if math.Abs(z) > 0.01 {
			t.Fatalf("flattened building %s starts at z = %.2f", flat.Features[f].ID, z)
		}
	}
	if h := flat.Bounds.Max[2]; h < 20 || h > 120 {
		t.Errorf("tallest flattened building is %.1f m", h)
	}
	// And the tile bounds centre, as WGS84, lies inside the GeoJSON extent.
	ext := scene.EmptyBox()
	for _, b := range foot {
		ext = ext.Union(b)
	}
	for _, m := range l.Meshes {
		for _, p := range m.Parts {
			c := p.Bounds.Center()
			if c[0] < ext.Min[0]-50 || c[0] > ext.Max[0]+50 || c[1] < ext.Min[1]-50 || c[1] > ext.Max[1]+50 {
				g := frame.ToGeo(c)
				t.Fatalf("a building at %.6f, %.6f is outside the GeoJSON extent", g.Lon, g.Lat)
			}
		}
	}
}

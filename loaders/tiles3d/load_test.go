package tiles3d

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citytwin/scene"
)

const dataDir = "../../../shared/data"

func city3d(t testing.TB) string {
	t.Helper()
	d := filepath.Join(dataDir, "city3d")
	if _, err := os.Stat(d); err != nil {
		t.Skipf("sample data not found: %v", err)
	}
	return d
}

func triangles(l *scene.Layer) int {
	n := 0
	for i := range l.Meshes {
		n += l.Meshes[i].Triangles()
	}
	return n
}

func tilesLoaded(l *scene.Layer) map[string]bool {
	tiles := map[string]bool{}
	for _, f := range l.Features {
		if s, ok := f.Properties["tile"].(string); ok {
			tiles[s] = true
		}
	}
	return tiles
}

func TestSampleTilesets(t *testing.T) {
	root := city3d(t)
	tests := []struct {
		dir       string
		triangles int
		tiles     int
		missing   []string
		lon, lat  float64
	}{
		{"3dbag-sibbe-nl", 22227, 3, []string{"content/1_0_0.glb", "content/1_0_1.glb", "content/2_3_3.glb"}, 5.85, 50.84},
		{"lyon-1er-fr", 92066, 8, nil, 4.83, 45.765},
		{"plateau-shizuoka-jp", 38480, 1, nil, 138.80, 35.12},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			l, err := Load(os.DirFS(filepath.Join(root, tt.dir)), "tileset.json", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := triangles(l); got != tt.triangles {
				t.Errorf("triangles = %d, want %d", got, tt.triangles)
			}
			if got := len(tilesLoaded(l)); got != tt.tiles {
				t.Errorf("%d tiles loaded, want %d: %v", got, tt.tiles, tilesLoaded(l))
			}
			for _, m := range tt.missing {
				found := false
				for _, w := range l.Warnings {
					found = found || strings.Contains(w, m)
				}
				if !found {
					t.Errorf("no warning names missing tile %s: %q", m, l.Warnings)
				}
			}
			if d := l.Origin.Lon - tt.lon; d < -0.05 || d > 0.05 {
				t.Errorf("origin lon %.4f, want about %.2f", l.Origin.Lon, tt.lon)
			}
			if d := l.Origin.Lat - tt.lat; d < -0.05 || d > 0.05 {
				t.Errorf("origin lat %.4f, want about %.2f", l.Origin.Lat, tt.lat)
			}
			if tt.dir == "3dbag-sibbe-nl" {
				// EXT_structural_metadata: the BAG id of every building.
				for _, f := range l.Features {
					if id, _ := f.Properties["identificatie"].(string); id == "" || f.ID != id {
						t.Fatalf("feature %+v has no BAG identificatie as its ID", f)
					}
				}
			}
			t.Logf("origin %+v bounds %v warnings %q features %d meshes %d", l.Origin, l.Bounds, l.Warnings, len(l.Features), len(l.Meshes))
		})
	}
}

// Merging tiles renumbers the features that instances name, as it does
// the parts'.
func TestMergeRenumbersInstanceFeatures(t *testing.T) {
	ld := &loader{l: &scene.Layer{Features: []scene.Feature{{ID: "a"}, {ID: "b"}, {ID: "c"}}}}
	tile := &scene.Layer{
		Features: []scene.Feature{{ID: "tree 0"}, {ID: "tree 1"}},
		Meshes: []scene.Mesh{{Parts: []scene.Part{{Feature: 0, Count: 3}},
			Instances: []scene.MeshInstance{{Feature: 0}, {Feature: 1}, {Feature: -1}}}},
	}
	ld.merge(tile)
	in := ld.l.Meshes[0].Instances
	if in[0].Feature != 3 || in[1].Feature != 4 || in[2].Feature != -1 {
		t.Errorf("instance features %d %d %d after merging behind 3 features, want 3 4 -1", in[0].Feature, in[1].Feature, in[2].Feature)
	}
	if ld.l.Features[in[1].Feature].ID != "tree 1" {
		t.Errorf("instance 1 names %q", ld.l.Features[in[1].Feature].ID)
	}
}

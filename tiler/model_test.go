package tiler

import (
	"os"
	"path/filepath"
	"testing"

	"citytwin/loaders/open"
	"citytwin/loaders/tiles3d"
)

func TestModelsRoundTrip(t *testing.T) {
	for _, src := range []string{"3dbag-sibbe-nl/tileset.json", "plateau-shizuoka-jp/test.glb"} {
		t.Run(src, func(t *testing.T) {
			name := filepath.Join("../../shared/data/city3d", src)
			if _, err := os.Stat(name); err != nil {
				t.Skipf("sample data not found: %v", err)
			}
			sc, err := open.Files([]string{name}, nil)
			if err != nil {
				t.Fatal(err)
			}
			in := sc.Layers[0]
			out := t.TempDir()
			st, err := Write(sc, out, Options{MaxPerTile: 100})
			if err != nil {
				t.Fatal(err)
			}
			l, err := tiles3d.Load(os.DirFS(out), "tileset.json", tiles3d.Options{Frame: sc.Frame, MaxTriangles: -1})
			if err != nil {
				t.Fatal(err)
			}
			tris, want := 0, 0
			for i := range l.Meshes {
				tris += l.Meshes[i].Triangles()
			}
			for i := range in.Meshes {
				want += in.Meshes[i].Triangles()
			}
			if len(l.Features) != len(in.Features) || tris != want || st.Levels < 2 {
				t.Errorf("read back %d features, %d triangles (%d levels); want %d, %d", len(l.Features), tris, st.Levels, len(in.Features), want)
			}
			ids := map[string]int{}
			for _, f := range l.Features {
				ids[f.ID]++
			}
			for _, f := range in.Features {
				if ids[f.ID] == 0 {
					t.Errorf("feature %q not read back", f.ID)
				}
			}
		})
	}
}

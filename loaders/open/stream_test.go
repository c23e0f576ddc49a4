package open

import (
	"os"
	"testing"
)

func TestFilesWithTileModes(t *testing.T) {
	lyon := "../../../shared/data/city3d/lyon-1er-fr/tileset.json"
	if _, err := os.Stat(lyon); err != nil {
		t.Skipf("sample data not found: %v", err)
	}
	for _, tc := range []struct {
		mode   TileMode
		stream bool
	}{{TilesLoad, false}, {"", false}, {TilesAuto, false}, {TilesStream, true}} {
		t.Run(string(tc.mode), func(t *testing.T) {
			sc, err := FilesWith([]string{lyon}, Options{Tiles: tc.mode})
			if err != nil {
				t.Fatal(err)
			}
			l := sc.Layers[0]
			if got := l.Tiles != nil; got != tc.stream {
				t.Fatalf("streamed = %v, want %v", got, tc.stream)
			}
			if !tc.stream {
				if len(l.Meshes) == 0 {
					t.Error("loaded whole but holds no mesh")
				}
				return
			}
			// The folder stays open: a tile loads after FilesWith returned.
			for i, n := range l.Tiles.Nodes {
				if n.HasContent {
					tl, err := l.Tiles.Load(i)
					if err != nil || len(tl.Meshes) == 0 {
						t.Fatalf("tile %d: %v, %d meshes", i, err, len(tl.Meshes))
					}
					break
				}
			}
		})
	}
	if _, err := ParseTileMode("lazy"); err == nil {
		t.Error(`ParseTileMode("lazy") accepted`)
	}
}

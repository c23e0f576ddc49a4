package limit

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLimits(t *testing.T) {
	var zero Limits
	if zero.GeoJSONBytes() != DefaultGeoJSON || zero.GLTFBytes() != DefaultGLTF || zero.TileContentBytes() != DefaultTileContent ||
		zero.SceneBytes() != DefaultScene || zero.ImageSidePixels() != DefaultImageSide {
		t.Error("zero Limits are not the defaults")
	}
	l := MaxFileMB(3)
	if l.GeoJSONBytes() != 3<<20 || l.GLTFBytes() != 3<<20 || l.TileContentBytes() != 3<<20 || l.SceneBytes() != 3<<20 {
		t.Errorf("MaxFileMB(3) = %+v", l)
	}
	if MaxFileMB(0) != (Limits{}) {
		t.Error("MaxFileMB(0) is not the defaults")
	}
}

func TestReadFile(t *testing.T) {
	fsys := fstest.MapFS{"a.json": {Data: []byte(strings.Repeat("x", 3000))}}
	if b, err := ReadFile(fsys, "a.json", "GeoJSON", 3000); err != nil || len(b) != 3000 {
		t.Fatalf("%d bytes, %v", len(b), err)
	}
	_, err := ReadFile(fsys, "a.json", "GeoJSON", 2999)
	if !IsLimit(err) || !strings.Contains(err.Error(), "a.json: 3000 bytes is over the limit for GeoJSON files (2999 bytes); raise it with -max-file-mb 1") {
		t.Fatalf("err %v", err)
	}
	// a file that grows past its stat size is cut at the limit
	if _, err := ReadAll(strings.NewReader(strings.Repeat("y", 5000)), "g", "glTF", 10, 4096); !IsLimit(err) {
		t.Fatalf("err %v, want a limit error", err)
	}
}

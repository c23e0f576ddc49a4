package tiles3d

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"citytwin/loaders/gltf"
	"citytwin/loaders/limit"
	"citytwin/scene"
	"citytwin/scene/affine"
)

const hardenRoot = `{"asset":{"version":"1.0"},"root":{"boundingVolume":{"sphere":[4014743,411334,4922395,10]},"geometricError":9,`

// TestAbsoluteContentURI: a content uri "/etc/passwd" was read as
// etc/passwd inside the folder; it is refused like a glTF buffer's, and a
// tileset with nothing else fails with a 3dtiles error.
func TestAbsoluteContentURI(t *testing.T) {
	files := map[string][]byte{
		"tileset.json": []byte(hardenRoot + `"content":{"uri":"/etc/passwd"}}}`),
		"etc/passwd":   genB3DM(t),
		"mixed.json":   []byte(hardenRoot + `"content":{"uri":"a.b3dm"},"children":[{"geometricError":1,"content":{"uri":"/a.b3dm"}}]}}`),
		"a.b3dm":       genB3DM(t),
		"windows.json": []byte(hardenRoot + `"content":{"uri":"C:/a.b3dm"}}}`),
		"C:/a.b3dm":    genB3DM(t),
	}
	for _, name := range []string{"tileset.json", "windows.json"} {
		_, err := Load(mapFS(files), name, Options{})
		if err == nil || !gltf.IsInputError(err) || !strings.Contains(err.Error(), "absolute paths are not allowed") ||
			!strings.HasPrefix(err.Error(), "3dtiles "+name) {
			t.Errorf("%s: err %v, want a 3dtiles error refusing the absolute path", name, err)
		}
		// Open keeps the tree; the content is a warning
		if l, err := Open(mapFS(files), name, Options{}); err != nil || !strings.Contains(strings.Join(l.Warnings, ";"), "absolute paths") {
			t.Errorf("Open %s: err %v, want a warning", name, err)
		}
	}
	l, err := Load(mapFS(files), "mixed.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "absolute paths are not allowed") {
		t.Errorf("warnings %q", l.Warnings)
	}
}

// TestSelfIncludingLoad: a tileset that includes itself loaded with 0
// features and no error, while other tilesets with no loadable tile fail;
// both now fail (exit 2 in cmd/citytwin).
func TestSelfIncludingLoad(t *testing.T) {
	files := map[string][]byte{
		"tileset.json": []byte(hardenRoot + `"children":[{"geometricError":9,"content":{"uri":"tileset.json"}}]}}`),
		"empty.json":   []byte(hardenRoot + `"children":[]}}`),
	}
	for _, name := range []string{"tileset.json", "empty.json"} {
		l, err := Load(mapFS(files), name, Options{})
		if err == nil || !gltf.IsInputError(err) || !strings.HasPrefix(err.Error(), "3dtiles ") {
			n := -1
			if l != nil {
				n = len(l.Features)
			}
			t.Errorf("%s: err %v (%d features), want a 3dtiles input error", name, err, n)
		}
	}
}

// TestTileContentOverLimit: tile contents over the limit are refused
// unread, naming the limit.
func TestTileContentOverLimit(t *testing.T) {
	dir := t.TempDir()
	writeDir(t, dir, map[string][]byte{"tileset.json": []byte(hardenRoot + `"content":{"uri":"big.b3dm"}}}`)})
	big := filepath.Join(dir, "big.b3dm")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 5<<20); err != nil {
		t.Fatal(err)
	}
	_, err := Load(os.DirFS(dir), "tileset.json", Options{Limits: limit.Limits{TileContent: 1 << 20}})
	if err == nil || !strings.Contains(err.Error(), "over the limit") || !strings.Contains(err.Error(), "-max-file-mb 5") {
		t.Fatalf("err %v, want the limit named", err)
	}
}

// TestBatchCountsCheckedAgainstBytes: a b3dm claiming 50 million batch ids
// made 50 million features (GBs) from a few hundred bytes, and an i3dm
// BATCH_ID of 4 billion made as many batch-table rows; both now cost only
// what the file holds.
func TestBatchCountsCheckedAgainstBytes(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b3 := makeB3DM(`{"BATCH_LENGTH":50000000}`, nil, `{"name":["a"]}`, nil, triangleGLB(t))
	ld := &loader{l: &scene.Layer{}, frame: scene.NewFrame(scene.Geo{})}
	err := ld.tileData(ld.l, "big.b3dm", b3, affine.Identity, boundingVolume{})
	if err == nil || !strings.Contains(err.Error(), "BATCH_LENGTH 50000000 is more than") {
		t.Errorf("b3dm: err %v", err)
	}
	bin := append(f32s(0, 0, 0, 100, 0, 0), 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xef) // BATCH_ID 0 and 4026531839
	ft := `{"INSTANCES_LENGTH":2,"POSITION":{"byteOffset":0},"BATCH_ID":{"byteOffset":24,"componentType":"UNSIGNED_INT"}}`
	i3 := makeI3DM(ft, bin, `{"species":["oak"]}`, triangleGLB(t))
	ld = &loader{l: &scene.Layer{}, frame: scene.NewFrame(scene.Geo{})}
	if err := ld.tileData(ld.l, "trees.i3dm", i3, affine.Translate(scene.GeodeticToECEF(0, 0, 0)), boundingVolume{}); err != nil {
		t.Logf("i3dm: %v", err)
	}
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 64<<20 {
		t.Errorf("allocated %d MB", d>>20)
	}
}

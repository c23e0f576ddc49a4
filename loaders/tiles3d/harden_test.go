package tiles3d

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citytwin/loaders/gltf"
	"citytwin/loaders/limit"
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

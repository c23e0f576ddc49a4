package scenefile

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// CleanSrc returns src as a path inside the scene folder, in the form
// fs.FS expects ("data/roads.geojson"), or an error when src is empty,
// absolute (a leading "/", a drive letter, a URL) or climbs out of the folder
// with "..". Backslashes are refused rather than guessed at.
func CleanSrc(src string) (string, error) {
	switch {
	case src == "":
		return "", fmt.Errorf("src is empty")
	case strings.HasPrefix(src, "/"):
		return "", fmt.Errorf("src %q is an absolute path; give it relative to the scene file's folder", src)
	case strings.Contains(src, "://"):
		return "", fmt.Errorf("src %q is a URL; only files inside the scene's folder can be loaded", src)
	case len(src) >= 2 && src[1] == ':':
		return "", fmt.Errorf("src %q is an absolute path; give it relative to the scene file's folder", src)
	case strings.Contains(src, `\`):
		return "", fmt.Errorf("src %q contains a backslash; use / between folders", src)
	}
	clean := path.Clean(src)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("src %q leads outside the scene's folder", src)
	}
	if clean == "." || !fs.ValidPath(clean) {
		return "", fmt.Errorf("src %q is not a file path inside the scene's folder", src)
	}
	return clean, nil
}

// KindOf guesses a layer kind from a file name: "3dtiles" for tileset.json
// (or any *.tileset.json), "gltf" for .glb and .gltf, "geojson" for
// .geojson and other .json files, "" when it cannot tell.
func KindOf(name string) string {
	base := strings.ToLower(path.Base(name))
	switch {
	case base == "tileset.json" || strings.HasSuffix(base, ".tileset.json"):
		return "3dtiles"
	case strings.HasSuffix(base, ".glb") || strings.HasSuffix(base, ".gltf"):
		return "gltf"
	case strings.HasSuffix(base, ".geojson") || strings.HasSuffix(base, ".json"):
		return "geojson"
	}
	return ""
}

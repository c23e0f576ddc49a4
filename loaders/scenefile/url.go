package scenefile

import (
	"net/url"
	"path"
	"strings"

	"citytwin/scene"
)

// IsTilesetURL reports whether src is an http:// or https:// URL whose
// path ends in .json: the form a 3D Tiles layer's src may take instead of
// a file in the scene folder (https://example.org/city/tileset.json?key=abc).
func IsTilesetURL(src string) bool {
	u, err := url.Parse(src)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return strings.HasSuffix(strings.ToLower(u.Path), ".json")
}

// tilesetURL parses src when a layer of kind may read it over HTTP: a
// tileset URL, named tileset.json (or *.tileset.json) unless the layer
// says kind "3dtiles".
func tilesetURL(src, kind string) (*url.URL, bool) {
	if !IsTilesetURL(src) {
		return nil, false
	}
	u, _ := url.Parse(src)
	switch {
	case kind == string(scene.Kind3DTiles):
		return u, true
	case kind == "" && KindOf(path.Base(u.Path)) == string(scene.Kind3DTiles):
		return u, true
	}
	return nil, false
}

package scenefile

import "testing"

func TestTilesetURLSrc(t *testing.T) {
	for _, tt := range []struct {
		src, kind string
		ok        bool
		id        string
	}{
		{"https://example.org/city/tileset.json?key=abc", "", true, "city"},
		{"http://127.0.0.1:8080/b/data.json", "3dtiles", true, "b"},
		{"http://127.0.0.1:8080/b/data.json", "", false, ""},
		{"https://example.org/a.geojson", "", false, ""},
		{"https://example.org/city/tileset.json", "geojson", false, ""},
		{"ftp://example.org/city/tileset.json", "", false, ""},
	} {
		var p problems
		l := &LayerSpec{Src: tt.src, Kind: tt.kind}
		validateLayer(&p, "layers[0]", l, map[string]string{})
		if ok := p.err() == nil; ok != tt.ok {
			t.Errorf("%s (kind %q): accepted %v, want %v (%v)", tt.src, tt.kind, ok, tt.ok, p.err())
			continue
		}
		if tt.ok && (l.Src != tt.src || l.Kind != "3dtiles" || l.ID != tt.id) {
			t.Errorf("%s: src %q kind %q id %q, want the URL, 3dtiles, %q", tt.src, l.Src, l.Kind, l.ID, tt.id)
		}
	}
}

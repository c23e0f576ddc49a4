package scenefile

import (
	"strings"
	"testing"
)

// TestExtrudeShorthand checks that "extrude": "prop" and "extrude": 12 are
// read as the object forms, in layers and in layers a scenario adds.
func TestExtrudeShorthand(t *testing.T) {
	doc := `{"layers": [
	  {"id": "a", "src": "a.geojson", "style": {"extrude": "h"}},
	  {"id": "b", "src": "b.geojson", "style": {"extrude": 12}},
	  {"id": "c", "src": "c.geojson", "style": {"extrude": {"min_height": 2, "height": 5}}}],
	 "scenarios": [{"id": "s", "title": "S", "changes": [{"add": {"id": "p", "src": "p.geojson", "style": {"extrude": 7.5}}}]}]}`
	f, warnings, err := Parse("scene.json", []byte(doc))
	if err != nil || len(warnings) > 0 {
		t.Fatal(err, warnings)
	}
	if e := f.Layers[0].Style.Extrude; e == nil || e.HeightProperty != "h" || e.Height != 0 {
		t.Errorf("extrude \"h\": %+v", e)
	}
	if e := f.Layers[1].Style.Extrude; e == nil || e.Height != 12 || e.HeightProperty != "" {
		t.Errorf("extrude 12: %+v", e)
	}
	if e := f.Layers[2].Style.Extrude; e == nil || e.Height != 5 || e.MinHeight != 2 {
		t.Errorf("extrude object: %+v", e)
	}
	if _, _, err := Parse("scene.json", []byte(`{"layers": [{"id": "a", "src": "a.geojson", "style": {"extrude": true}}]}`)); err == nil {
		t.Error("extrude: true accepted")
	}
	add := string(f.Scenarios[0].Changes[0].Add)
	if add == "" || !strings.Contains(add, `"height":7.5`) {
		t.Errorf("added layer's extrude: %s", add)
	}
}

package viewer

import (
	"testing"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

// TestGhosts outlines what a scenario removes: a 9 m building's footprint
// at the ground and at 9 m with its corners, a road's line; nothing at
// the baseline.
func TestGhosts(t *testing.T) {
	sq := orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}
	l := &scene.Layer{ID: "x", Visible: true, Features: []scene.Feature{
		{ID: "b", Properties: map[string]any{"height": 9.0}, Geometry: sq},
		{ID: "r", Index: 1, Properties: map[string]any{"highway": "service"}, Geometry: orb.LineString{{0, 20}, {30, 20}}},
		{ID: "kept", Index: 2, Properties: map[string]any{"height": 9.0}, Geometry: sq},
	}}
	sc := &scene.Scene{Layers: []*scene.Layer{l}, Scenarios: []scene.Scenario{{ID: "s", Changes: []scene.Change{
		{Hide: &scene.Selection{Layer: "x", IDs: []string{"b", "r"}}}}}}}
	base, _ := sc.Evaluate()
	if g := ghosts(sc, base); len(g) != 0 {
		t.Errorf("baseline ghosts %v", g)
	}
	ev, err := sc.Evaluate("s")
	if err != nil {
		t.Fatal(err)
	}
	g := ghosts(sc, ev)
	if len(g) != 4*6+2 {
		t.Fatalf("%d ghost points, want 26 (4 edges × ground, top and corner; 1 road segment)", len(g))
	}
	top := 0
	for _, p := range g {
		if p[2] == 9 {
			top++
		}
	}
	if top != 4*3 {
		t.Errorf("%d points at the top, want 12", top)
	}
}

// TestChangedListFliesThere lists the 41 raised harbour blocks of the
// demo's scenario, and a tap on one flies there.
func TestChangedListFliesThere(t *testing.T) {
	v := demoViewer(t, 1280, 720)
	v.setScenarios([]string{"harbour-plus-2"})
	v.updateChanged()
	cr := &v.panel.changed
	if cr.total != 41 || len(cr.rows) != maxChanged {
		t.Fatalf("%d changed (%d listed), want 41 (%d listed)", cr.total, len(cr.rows), maxChanged)
	}
	for _, r := range cr.rows {
		if len(r.text) < 8 || r.text[:7] != "Raised:" {
			t.Fatalf("row %q, want Raised: …", r.text)
		}
	}
	v.flyToFeature(&cr.rows[0])
	if !v.nav.Flying() {
		t.Error("no flight to the changed feature")
	}
	v.setScenarios([]string{"larvotto-park"})
	v.updateChanged()
	var added, removed int
	for _, r := range cr.rows {
		switch {
		case len(r.text) > 6 && r.text[:6] == "Added:":
			added++
		case len(r.text) > 8 && r.text[:8] == "Removed:":
			removed++
		}
	}
	if added != 1 || removed != 5 {
		t.Errorf("park scenario: %d added, %d removed, want 1 and 5", added, removed)
	}
}

package mesh

import (
	"testing"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

func TestBuildLayerFollowsEvaluation(t *testing.T) {
	l := &scene.Layer{ID: "b", Features: []scene.Feature{
		{ID: "a", Properties: map[string]any{"height": 10.0}, Geometry: orb.Polygon{square(0, 0, 10, true)}},
		{ID: "c", Index: 1, Properties: map[string]any{"height": 10.0}, Geometry: orb.Polygon{square(20, 0, 10, true)}},
	}}
	s := &scene.Scene{Layers: []*scene.Layer{l}, Scenarios: []scene.Scenario{
		{ID: "raze", Changes: []scene.Change{{Hide: &scene.Selection{Layer: "b", IDs: []string{"a"}}}}},
	}}
	ev, err := s.Evaluate("raze")
	if err != nil {
		t.Fatal(err)
	}
	base, after := BuildLayer(l, nil, 3), BuildLayer(l, ev, 3)
	if base.Triangles() != 20 || after.Triangles() != 10 {
		t.Fatalf("triangles %d → %d, want 20 → 10", base.Triangles(), after.Triangles())
	}
	for _, m := range after.Solids {
		for _, p := range m.Parts {
			if p.Feature == 0 {
				t.Fatal("hidden feature drawn")
			}
		}
	}
}

package open

import (
	"strings"
	"testing"

	"citytwin/scene"
)

// TestDemo loads the embedded demo with the real loaders and checks what a
// new user sees: every layer loaded, no warnings, scenarios that change
// something, views placed around Monaco.
func TestDemo(t *testing.T) {
	if !geojsonBuiltIn {
		t.Skip("the GeoJSON loader is not built in yet")
	}
	sc, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Warnings) > 0 {
		t.Errorf("warnings:\n%s", strings.Join(sc.Warnings, "\n"))
	}
	if sc.Name != "Monaco" || sc.Origin.Lon != 7.4246 || sc.Frame == nil {
		t.Errorf("scene %q at %+v", sc.Name, sc.Origin)
	}
	counts := map[string]int{}
	for _, l := range sc.Layers {
		counts[l.ID] = len(l.Features)
		if l.Attribution == "" {
			t.Errorf("layer %s has no attribution", l.ID)
		}
		if len(l.Features) == 0 || l.Bounds.Empty() {
			t.Errorf("layer %s: %d features, bounds %v", l.ID, len(l.Features), l.Bounds)
		}
		if l.Skipped > 0 {
			t.Errorf("layer %s skipped %d features: %v", l.ID, l.Skipped, l.Warnings)
		}
	}
	if counts["buildings"] < 1000 || counts["roads"] < 1000 || counts["trees"] < 200 {
		t.Errorf("features per layer %v", counts)
	}
	b := sc.Layer("buildings")
	// The buildings lie within 3 km of the origin.
	for i := 0; i < 3; i++ {
		if b.Bounds.Min[i] < -3000 || b.Bounds.Max[i] > 3000 {
			t.Errorf("buildings bounds %v", b.Bounds)
			break
		}
	}
	base, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sc.Scenarios {
		ev, err := sc.Evaluate(s.ID)
		if err != nil {
			t.Fatalf("scenario %s: %v", s.ID, err)
		}
		n := 0
		for _, l := range sc.Layers {
			for i := range l.Features {
				if ev.Changed(base, l, i) {
					n++
				}
			}
		}
		if n == 0 {
			t.Errorf("scenario %s changes no feature", s.ID)
		}
	}
	if len(sc.Views) < 3 || sc.Home != sc.Views[0].Camera {
		t.Errorf("views %d, home %+v", len(sc.Views), sc.Home)
	}
	for _, v := range sc.Views {
		if d := v.Camera.Target; d[0]*d[0]+d[1]*d[1] > 3000*3000 {
			t.Errorf("view %s aims %v, far from the origin", v.Name, d)
		}
	}
	if sc.Home.Pitch >= 0 || sc.Home.Range <= 0 {
		t.Errorf("home %+v", sc.Home)
	}
	_ = scene.BaselineID
}

package viewer

import (
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

// BenchmarkSwitchScenario100k switches a 100k-building vector city to a
// scenario that raises ten buildings and hides ten others, and back, as a
// tap in the panel does: the renderer's update, the change tint, the
// panel's key figures and changed list (two switches per op).
//
//	xvfb-run -a go test ./render/viewer -run XXX -bench SwitchScenario -benchmem -benchtime 5x
func BenchmarkSwitchScenario100k(b *testing.B) {
	const n = 316
	l := &scene.Layer{ID: "b", Kind: scene.KindGeoJSON, Visible: true}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			x0, y0 := float64(x-n/2)*20, float64(y-n/2)*20
			i := len(l.Features)
			l.Features = append(l.Features, scene.Feature{ID: strconv.Itoa(i), Index: i,
				Properties: map[string]any{"height": float64(6 + (x*7+y*13)%30)},
				Geometry:   orb.Polygon{{{x0, y0}, {x0 + 12, y0}, {x0 + 12, y0 + 12}, {x0, y0 + 12}, {x0, y0}}}})
		}
	}
	var raised, hidden []string
	for k := 0; k < 10; k++ {
		raised = append(raised, strconv.Itoa(k*n*n/10+n/2))
		hidden = append(hidden, strconv.Itoa(k*n*n/10+n/2+3))
	}
	sc := &scene.Scene{Layers: []*scene.Layer{l}, StoreyHeight: 3, Scenarios: []scene.Scenario{{ID: "s", Title: "S", Changes: []scene.Change{
		{Adjust: &scene.AdjustChange{Selection: scene.Selection{Layer: "b", IDs: raised}, Add: map[string]float64{"height": 12}}},
		{Hide: &scene.Selection{Layer: "b", IDs: hidden}},
	}}}}
	v, err := newViewer(sc, Options{Width: 1280, Height: 720})
	if err != nil {
		b.Fatal(err)
	}
	if err := v.init(); err != nil {
		b.Fatal(err)
	}
	v.updateFigures(300) // the baseline's figures, computed once
	b.ReportAllocs()
	for b.Loop() {
		for _, ids := range [][]string{{"s"}, nil} {
			v.setScenarios(ids)
			v.updateFigures(300)
			v.updateChanged()
		}
	}
}

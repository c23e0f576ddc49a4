package render

import (
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

// vectorCity is a GeoJSON layer of n×n square footprints 20 m apart, 12 m
// a side, with heights, and a scenario that hides ten of them.
func vectorCity(n int) *scene.Scene {
	l := &scene.Layer{ID: "b", Kind: scene.KindGeoJSON, Visible: true}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			x0, y0 := float64(x-n/2)*20, float64(y-n/2)*20
			ring := orb.Ring{{x0, y0}, {x0 + 12, y0}, {x0 + 12, y0 + 12}, {x0, y0 + 12}, {x0, y0}}
			i := len(l.Features)
			l.Features = append(l.Features, scene.Feature{ID: strconv.Itoa(i), Index: i,
				Properties: map[string]any{"height": float64(6 + (x*7+y*13)%30)}, Geometry: orb.Polygon{ring}})
		}
	}
	var ids []string
	for k := 0; k < 10; k++ {
		ids = append(ids, strconv.Itoa(k*n*n/10+n/2))
	}
	return &scene.Scene{Layers: []*scene.Layer{l}, StoreyHeight: 3, Scenarios: []scene.Scenario{
		{ID: "raze", Title: "Raze ten", Changes: []scene.Change{{Hide: &scene.Selection{Layer: "b", IDs: ids}}}}}}
}

// BenchmarkUpdateScene switches a 100k-building city to a scenario that
// hides ten buildings and back (two UpdateScene calls per op): B/op is what
// a switch allocates, the memory it needs on top of the city.
//
//	xvfb-run -a go test ./render -run XXX -bench UpdateScene -benchmem -benchtime 5x
func BenchmarkUpdateScene(b *testing.B) {
	sc := vectorCity(316)
	base, err := sc.Evaluate()
	if err != nil {
		b.Fatal(err)
	}
	ev, err := sc.Evaluate("raze")
	if err != nil {
		b.Fatal(err)
	}
	r, err := NewRenderer()
	if err != nil {
		b.Fatal(err)
	}
	meshes := GroundOnly(r.SetScene(sc, base, nil))
	b.ReportAllocs()
	for b.Loop() {
		meshes = GroundOnly(r.UpdateScene(sc, base, ev, meshes, nil))
		meshes = GroundOnly(r.UpdateScene(sc, ev, base, meshes, nil))
	}
}

// Switching scenarios tile by tile draws what building the scene afresh
// in that scenario draws, and hides what the scenario hides.
func TestUpdateSceneByTileMatchesFreshBuild(t *testing.T) {
	sc := vectorCity(60) // 1.2 km square: several mesh tiles and render tiles
	base, _ := sc.Evaluate()
	ev, _ := sc.Evaluate("raze")
	cam := scene.Camera{Pitch: -35, Heading: 20, Range: 900}
	var fresh, updated *Renderer
	for _, r := range []**Renderer{&fresh, &updated} {
		var err error
		if *r, err = NewRenderer(); err != nil {
			t.Fatal(err)
		}
	}
	fresh.SetScene(sc, ev, nil)
	meshes := updated.SetScene(sc, base, nil)
	before := drawView(updated, cam)
	if out := updated.UpdateScene(sc, base, ev, meshes, nil); out[0].Solids != nil {
		t.Error("UpdateScene built the whole layer, not the tiles of the changed buildings")
	}
	want, got := drawView(fresh, cam), drawView(updated, cam)
	if n := differing(want, got, 8); n > 20 {
		t.Errorf("updated by tile: %d pixels differ from a fresh build", n)
	}
	if n := differing(before, got, 8); n < 20 {
		t.Errorf("the scenario changed only %d pixels: the razed buildings are still drawn", n)
	}
	countParts := func(r *Renderer) int {
		n := 0
		for _, c := range r.solids[0] {
			n += len(c.parts)
		}
		return n
	}
	if a, b := countParts(fresh), countParts(updated); a != b || a != 60*60-10 {
		t.Errorf("parts: fresh %d, updated %d, want %d", a, b, 60*60-10)
	}
}

package render

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

// vectorScene is a GeoJSON-kind layer of n×n footprints 40 m apart (many
// tiles) and a layer of roads between them.
func vectorScene(n int) *scene.Scene {
	b := &scene.Layer{ID: "b", Kind: scene.KindGeoJSON, Visible: true}
	roads := &scene.Layer{ID: "r", Kind: scene.KindGeoJSON, Visible: true}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			x0, y0 := float64(x)*40, float64(y)*40
			ring := orb.Ring{{x0, y0}, {x0 + 12, y0}, {x0 + 12, y0 + 12}, {x0, y0 + 12}, {x0, y0}}
			b.Features = append(b.Features, scene.Feature{ID: fmt.Sprint(len(b.Features)), Index: len(b.Features),
				Properties: map[string]any{"height": float64(4 + (x*7+y*3)%30)}, Geometry: orb.Polygon{ring}})
		}
		roads.Features = append(roads.Features, scene.Feature{ID: fmt.Sprint(y), Index: y,
			Properties: map[string]any{}, Geometry: orb.LineString{{-20, float64(y)*40 - 14}, {float64(n) * 40, float64(y)*40 - 14}}})
	}
	return &scene.Scene{Layers: []*scene.Layer{roads, b}, StoreyHeight: 3}
}

// Built tile by tile (no builder given), the renderer holds exactly the
// chunks it holds when given the whole layer's meshes, and SetScene hands
// back only ground meshes.
func TestSetSceneByTileSameChunks(t *testing.T) {
	sc := vectorScene(30)
	ev, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	byTile, whole := newTestRenderer(t), newTestRenderer(t)
	got := byTile.SetScene(sc, ev, nil)
	want := whole.SetScene(sc, ev, DefaultBuilder)
	if len(byTile.solids[1]) < 4 {
		t.Fatalf("%d chunks: the test scene should span several tiles", len(byTile.solids[1]))
	}
	for i := range sc.Layers {
		if got[i].Solids != nil || want[i].Solids != nil {
			t.Errorf("layer %d: SetScene handed back solid meshes", i)
		}
		if !reflect.DeepEqual(got[i].Ground, want[i].Ground) {
			t.Errorf("layer %d: ground meshes differ", i)
		}
		if len(byTile.solids[i]) != len(whole.solids[i]) || len(byTile.ground[i]) != len(whole.ground[i]) {
			t.Fatalf("layer %d: %d chunks, %d ground pieces; want %d, %d", i, len(byTile.solids[i]), len(byTile.ground[i]), len(whole.solids[i]), len(whole.ground[i]))
		}
		for j, c := range byTile.solids[i] {
			w := whole.solids[i][j]
			if c.key != w.key || !reflect.DeepEqual(c.verts, w.verts) || !reflect.DeepEqual(c.idx, w.idx) || !reflect.DeepEqual(c.parts, w.parts) {
				t.Errorf("layer %d chunk %d differs", i, j)
			}
		}
		for j, g := range byTile.ground[i] {
			if !reflect.DeepEqual(g.pos, whole.ground[i][j].pos) || !reflect.DeepEqual(g.idx, whole.ground[i][j].idx) {
				t.Errorf("layer %d ground piece %d differs", i, j)
			}
		}
	}
	if byTile.Bounds() != whole.Bounds() {
		t.Errorf("bounds %v, want %v", byTile.Bounds(), whole.Bounds())
	}
}

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

package render

import (
	"image/color"
	"testing"

	"citytwin/scene"
)

// cityWithTall returns 20×20 boxes 30 m apart, 10 m high, except feature
// tall which is 80 m high.
func cityWithTall(tall int) []scene.Mesh {
	var m scene.Mesh
	for i := 0; i < 400; i++ {
		x, y := float64(i%20)*30, float64(i/20)*30
		h := 10.0
		if i == tall {
			h = 80
		}
		addBox(&m, i, scene.Vec3{x, y, 0}, scene.Vec3{x + 12, y + 12, h}, color.NRGBA{R: 200, G: 200, B: 200, A: 255})
	}
	return []scene.Mesh{m}
}

// A scenario that changes one feature rebuilds only the chunks of its tile.
func TestUpdateFeaturesRebuildsOnlyAffectedChunks(t *testing.T) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetLayer(0, nil, cityWithTall(-1))
	before := map[*chunk]bool{}
	for _, c := range r.solids[0] {
		before[c] = true
	}
	if len(before) < 4 {
		t.Fatalf("%d chunks: the test city should span several tiles", len(before))
	}
	const changed = 21 // at (30, 30): tile (0, 0)
	r.UpdateFeatures(0, func(f int) bool { return f == changed }, nil, cityWithTall(changed))
	kept, parts := 0, 0
	for _, c := range r.solids[0] {
		parts += len(c.parts)
		if before[c] {
			kept++
			if c.key.tx == 0 && c.key.ty == 0 {
				t.Errorf("chunk of the changed tile was kept")
			}
		}
	}
	if kept != len(before)-1 {
		t.Errorf("kept %d of %d chunks, want all but one", kept, len(before))
	}
	if parts != 400 {
		t.Errorf("%d parts after the update, want 400", parts)
	}
	if got := r.Bounds().Max[2]; got != 80 {
		t.Errorf("bounds top %g, want 80", got)
	}
}

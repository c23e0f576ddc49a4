package tiler

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"citytwin/scene"
)

// tileJSON is one tile of tileset.json.
type tileJSON struct {
	Transform      []float64      `json:"transform,omitempty"`
	BoundingVolume map[string]any `json:"boundingVolume"`
	GeometricError float64        `json:"geometricError"`
	Refine         string         `json:"refine,omitempty"`
	Content        *struct {
		URI string `json:"uri"`
	} `json:"content,omitempty"`
	Children []*tileJSON `json:"children,omitempty"`
}

// box is a 3D Tiles bounding box of b (local frame), at least 1 cm thick.
func box(b scene.Box) []float64 {
	c := b.Center()
	h := [3]float64{}
	for k := 0; k < 3; k++ {
		h[k] = max((b.Max[k]-b.Min[k])/2, 0.01)
	}
	return []float64{c[0], c[1], c[2], h[0], 0, 0, 0, h[1], 0, 0, 0, h[2]}
}

func tileOf(n *node) *tileJSON {
	t := &tileJSON{BoundingVolume: map[string]any{"box": box(n.bounds)}, GeometricError: n.geomError}
	if len(n.items) > 0 && !n.bounds.Empty() {
		t.Content = &struct {
			URI string `json:"uri"`
		}{contentPath(n)}
	}
	for _, c := range n.children {
		if !c.bounds.Empty() {
			t.Children = append(t.Children, tileOf(c))
		}
	}
	return t
}

// enuToECEF is the column-major matrix taking frame's local coordinates
// (east, north, up metres) to Earth-centred ones.
func enuToECEF(f *scene.Frame) []float64 {
	o := f.ToECEF(scene.Vec3{})
	m := make([]float64, 0, 16)
	for _, axis := range []scene.Vec3{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}} {
		p := f.ToECEF(axis)
		m = append(m, p[0]-o[0], p[1]-o[1], p[2]-o[2], 0)
	}
	return append(m, o[0], o[1], o[2], 1)
}

// writeTileset writes dir/tileset.json for the tree under root and returns
// its size.
func writeTileset(f *scene.Frame, root *node, dir string) (int64, error) {
	rt := tileOf(root)
	rt.Transform = enuToECEF(f)
	rt.Refine = "ADD"
	b := root.bounds
	diag := math.Hypot(math.Hypot(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]), b.Max[2]-b.Min[2])
	ts := map[string]any{
		"asset":          map[string]any{"version": "1.1", "generator": "citytwin tile"},
		"geometricError": diag,
		"root":           rt,
	}
	data, err := json.Marshal(ts)
	if err != nil {
		return 0, fmt.Errorf("tile: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tileset.json"), data, 0o644); err != nil {
		return 0, fmt.Errorf("tile: %w", err)
	}
	return int64(len(data)), nil
}

package gltf

import (
	"math"

	"citytwin/scene"
)

// Finish computes the bounds of every Part, the layer's Bounds and each
// feature's Ground (the lowest local Z of its triangles). Call it once after
// the last AppendTo.
func Finish(l *scene.Layer) {
	l.Bounds = scene.EmptyBox()
	ground := make([]float64, len(l.Features))
	for i := range ground {
		ground[i] = math.Inf(1)
	}
	for mi := range l.Meshes {
		me := &l.Meshes[mi]
		for pi := range me.Parts {
			p := &me.Parts[pi]
			b := scene.EmptyBox()
			for _, ix := range me.Indices[p.First : p.First+p.Count] {
				v := me.Vertices[ix].Pos
				b = b.Extend(scene.Vec3{float64(v[0]), float64(v[1]), float64(v[2])})
			}
			p.Bounds = b
			l.Bounds = l.Bounds.Union(b)
			if p.Feature >= 0 && p.Feature < len(ground) {
				ground[p.Feature] = math.Min(ground[p.Feature], b.Min[2])
			}
		}
	}
	for i := range l.Features {
		if !math.IsInf(ground[i], 1) {
			l.Features[i].Ground = ground[i]
		}
	}
}

package gltf

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"citytwin/scene"
)

// Finish computes the bounds of every Part (in mesh coordinates for
// instanced meshes), the layer's Bounds and each feature's Ground (the
// lowest local Z of its triangles, over every instance). Call it once after
// the last AppendTo.
func Finish(l *scene.Layer) {
	l.Bounds = scene.EmptyBox()
	ground := make([]float64, len(l.Features))
	for i := range ground {
		ground[i] = math.Inf(1)
	}
	partBounds(l.Meshes)
	add := func(f int, b scene.Box) {
		l.Bounds = l.Bounds.Union(b)
		if f >= 0 && f < len(ground) {
			ground[f] = math.Min(ground[f], b.Min[2])
		}
	}
	for mi := range l.Meshes {
		me := &l.Meshes[mi]
		for pi := range me.Parts {
			p := &me.Parts[pi]
			if len(me.Instances) == 0 {
				add(p.Feature, p.Bounds)
				continue
			}
			for ii := range me.Instances {
				in := &me.Instances[ii]
				add(in.FeatureOf(*p), in.Box(p.Bounds))
			}
		}
	}
	for i := range l.Features {
		if !math.IsInf(ground[i], 1) {
			l.Features[i].Ground = ground[i]
		}
	}
}

// partBounds sets the Bounds of every part of meshes, spreading runs of
// parts over processors when there are many indices.
func partBounds(meshes []scene.Mesh) {
	// Work items: up to partsPerItem parts of one mesh.
	const partsPerItem = 64
	type item struct{ mesh, first, end int }
	var items []item
	total := 0
	for mi := range meshes {
		me := &meshes[mi]
		total += len(me.Indices)
		for p := 0; p < len(me.Parts); p += partsPerItem {
			items = append(items, item{mi, p, min(p+partsPerItem, len(me.Parts))})
		}
	}
	do := func(it item) {
		me := &meshes[it.mesh]
		for pi := it.first; pi < it.end; pi++ {
			p := &me.Parts[pi]
			p.Bounds = indexBounds(me.Vertices, me.Indices[p.First:p.First+p.Count])
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(items), total/parallelVertices, 8)
	if workers < 2 {
		for _, it := range items {
			do(it)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(items); i = int(next.Add(1) - 1) {
				do(items[i])
			}
		})
	}
	wg.Wait()
}

// indexBounds returns the box of the vertices that indices name: the same
// box as scene.EmptyBox extended by each of them, computed in float32
// (exact: float32 → float64 keeps the order).
func indexBounds(verts []scene.Vertex, indices []uint32) scene.Box {
	inf := float32(math.Inf(1))
	lx, ly, lz, hx, hy, hz := inf, inf, inf, -inf, -inf, -inf
	for _, ix := range indices {
		v := &verts[ix].Pos
		x, y, z := v[0], v[1], v[2]
		if x < lx {
			lx = x
		}
		if x > hx {
			hx = x
		}
		if y < ly {
			ly = y
		}
		if y > hy {
			hy = y
		}
		if z < lz {
			lz = z
		}
		if z > hz {
			hz = z
		}
	}
	lo, hi := [3]float32{lx, ly, lz}, [3]float32{hx, hy, hz}
	b := scene.EmptyBox()
	for k := 0; k < 3; k++ {
		// Extend never moves EmptyBox's ±1e300 to +Inf (min) or −Inf (max).
		if lo[k] != inf {
			b.Min[k] = float64(lo[k])
		}
		if hi[k] != -inf {
			b.Max[k] = float64(hi[k])
		}
	}
	return b
}

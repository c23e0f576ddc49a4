// Package pick finds the feature under a ray on the CPU: a uniform 2D grid
// over the parts' bounds, walked cell by cell along the ray, then a
// ray/box test per part and ray/triangle tests on the parts whose box is
// hit. It needs no window (no Ebiten), so it is tested anywhere.
//
//	var ix pick.Index
//	ix.Add(0, meshes)              // layer 0's solid meshes, kept by reference
//	ix.Build()
//	o, d := projector.Ray(x, y)
//	if hit, ok := ix.Pick(o, d); ok { ... hit.Layer, hit.Feature, hit.Point ... }
package pick

import (
	"math"

	"citytwin/scene"
)

// Hit is what a ray met first.
type Hit struct {
	Layer   int        // layer index the meshes were added with
	Feature int        // scene.Part.Feature (index into Layer.Features), -1 for meshes without parts
	Point   scene.Vec3 // where the ray met the surface, local frame
	Dist    float64    // distance from the ray origin, metres
}

// item is one part of one source.
type item struct {
	layer, feature int32
	src            int32 // index into Index.srcs
	first, count   int32 // triangle indices of the source
	inst           int32 // instance of the source drawing it (source.inst), -1: none
	bounds         scene.Box
}

// source holds the triangles of items: a mesh, or positions (x, y, z per
// vertex) with 16-bit indices; with inst, in instance coordinates (each
// item names the instance that places it).
type source struct {
	mesh *scene.Mesh
	pos  []float32
	idx  []uint16
	inst []scene.MeshInstance
}

// Index is a pick index over mesh parts. Build it with Add, AddTriangles
// and Build; meshes and triangles are kept by reference and must not
// change while the index is in use. Pick is safe for concurrent use once
// built; Add, AddTriangles and Build are not.
type Index struct {
	items  []item
	srcs   []source
	bounds scene.Box
	// Grid: cell size, origin and dimensions; cells hold item indices.
	cell   float64
	ox, oy float64
	nx, ny int
	cells  [][]int32
}

// Reset empties the index.
func (ix *Index) Reset() { *ix = Index{} }

// Add adds the parts of meshes under layer. Meshes without parts become one
// item with feature -1. An instanced mesh (scene.Mesh.Instances) adds one
// item per instance and part, placed by the instance's transform and
// drawing the instance's feature (MeshInstance.FeatureOf).
func (ix *Index) Add(layer int, meshes []scene.Mesh) {
	if len(ix.items) == 0 {
		ix.bounds = scene.EmptyBox()
	}
	for i := range meshes {
		m := &meshes[i]
		src := int32(len(ix.srcs))
		ix.srcs = append(ix.srcs, source{mesh: m, inst: m.Instances})
		parts := m.Parts
		if len(parts) == 0 {
			parts = []scene.Part{{Feature: -1, First: 0, Count: len(m.Indices)}}
		}
		for _, p := range parts {
			if p.First < 0 || p.Count < 3 || p.First+p.Count > len(m.Indices) {
				continue
			}
			b := scene.EmptyBox()
			for _, vi := range m.Indices[p.First : p.First+p.Count] {
				if int(vi) < len(m.Vertices) {
					v := m.Vertices[vi].Pos
					b = b.Extend(scene.Vec3{float64(v[0]), float64(v[1]), float64(v[2])})
				}
			}
			if b.Empty() {
				continue
			}
			it := item{layer: int32(layer), feature: int32(p.Feature), src: src, first: int32(p.First), count: int32(p.Count - p.Count%3), inst: -1, bounds: b}
			ix.addItem(it, p, m.Instances)
		}
	}
}

// addItem adds it, or with instances one copy of it per instance, placed
// and numbered by the instance.
func (ix *Index) addItem(it item, p scene.Part, instances []scene.MeshInstance) {
	if len(instances) == 0 {
		ix.items = append(ix.items, it)
		ix.bounds = ix.bounds.Union(it.bounds)
		return
	}
	b := it.bounds
	for k := range instances {
		in := &instances[k]
		it.inst, it.feature, it.bounds = int32(k), int32(in.FeatureOf(p)), in.Box(b)
		ix.items = append(ix.items, it)
		ix.bounds = ix.bounds.Union(it.bounds)
	}
}

// TrianglePart is one feature's range of the indices given to AddTriangles.
type TrianglePart struct {
	Feature      int       // -1: none
	First, Count int       // range of idx
	Bounds       scene.Box // of the range's vertices
}

// AddTriangles adds parts of the triangles idx (indices into pos, which
// holds x, y, z per vertex) under layer. Parts out of range or with empty
// bounds are skipped.
func (ix *Index) AddTriangles(layer int, pos []float32, idx []uint16, parts []TrianglePart) {
	ix.AddInstances(layer, pos, idx, parts, nil)
}

// AddInstances is AddTriangles for triangles drawn once per instance:
// pos and the parts' Bounds are in the instances' own coordinates, and each
// instance adds one item per part, with the bounds transformed and the
// instance's feature (MeshInstance.FeatureOf). Nil instances adds the
// triangles as they are. pos, idx and instances are kept by reference.
func (ix *Index) AddInstances(layer int, pos []float32, idx []uint16, parts []TrianglePart, instances []scene.MeshInstance) {
	if len(ix.items) == 0 {
		ix.bounds = scene.EmptyBox()
	}
	src := int32(-1)
	for _, p := range parts {
		if p.First < 0 || p.Count < 3 || p.First+p.Count > len(idx) || p.Bounds.Empty() {
			continue
		}
		if src < 0 {
			src = int32(len(ix.srcs))
			ix.srcs = append(ix.srcs, source{pos: pos, idx: idx, inst: instances})
		}
		it := item{layer: int32(layer), feature: int32(p.Feature), src: src, first: int32(p.First), count: int32(p.Count - p.Count%3), inst: -1, bounds: p.Bounds}
		ix.addItem(it, scene.Part{Feature: p.Feature}, instances)
	}
}

// Build makes the grid; call it after the last Add.
func (ix *Index) Build() {
	ix.cells = nil
	if len(ix.items) == 0 {
		return
	}
	w, h := ix.bounds.Max[0]-ix.bounds.Min[0], ix.bounds.Max[1]-ix.bounds.Min[1]
	// About two items per cell, cells at least 8 m.
	ix.cell = math.Max(math.Sqrt(math.Max(w*h, 1)/float64(len(ix.items))*2), 8)
	ix.nx = min(int(w/ix.cell)+1, 4096)
	ix.ny = min(int(h/ix.cell)+1, 4096)
	ix.cell = math.Max(w/float64(ix.nx), h/float64(ix.ny)) * (1 + 1e-9)
	ix.cell = math.Max(ix.cell, 1e-3)
	ix.ox, ix.oy = ix.bounds.Min[0], ix.bounds.Min[1]
	ix.cells = make([][]int32, ix.nx*ix.ny)
	for i, it := range ix.items {
		x0, y0 := ix.cellOf(it.bounds.Min[0], it.bounds.Min[1])
		x1, y1 := ix.cellOf(it.bounds.Max[0], it.bounds.Max[1])
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				ix.cells[y*ix.nx+x] = append(ix.cells[y*ix.nx+x], int32(i))
			}
		}
	}
}

func (ix *Index) cellOf(x, y float64) (int, int) {
	cx := int(math.Floor((x - ix.ox) / ix.cell))
	cy := int(math.Floor((y - ix.oy) / ix.cell))
	return min(max(cx, 0), ix.nx-1), min(max(cy, 0), ix.ny-1)
}

// Pick returns the first surface the ray from origin along dir (need not
// be unit length) meets, and false when it meets none.
func (ix *Index) Pick(origin, dir scene.Vec3) (Hit, bool) {
	l := math.Sqrt(dir[0]*dir[0] + dir[1]*dir[1] + dir[2]*dir[2])
	if len(ix.cells) == 0 || l == 0 {
		return Hit{}, false
	}
	d := scene.Vec3{dir[0] / l, dir[1] / l, dir[2] / l}
	t0, t1, ok := rayBox(origin, d, ix.bounds)
	if !ok {
		return Hit{}, false
	}
	best := Hit{Dist: math.Inf(1)}
	found := false
	seen := map[int32]bool{}
	// Walk the grid cells along the ray's ground track from t0 to t1.
	p := scene.Vec3{origin[0] + d[0]*t0, origin[1] + d[1]*t0, 0}
	cx, cy := ix.cellOf(p[0], p[1])
	stepX, stepY := 1, 1
	if d[0] < 0 {
		stepX = -1
	}
	if d[1] < 0 {
		stepY = -1
	}
	next := func(c int, step int, o, pd, dd float64) (float64, float64) {
		if math.Abs(dd) < 1e-12 {
			return math.Inf(1), math.Inf(1)
		}
		edge := o + float64(c)*ix.cell
		if step > 0 {
			edge += ix.cell
		}
		return t0 + (edge-pd)/dd, ix.cell / math.Abs(dd)
	}
	tMaxX, tDeltaX := next(cx, stepX, ix.ox, p[0], d[0])
	tMaxY, tDeltaY := next(cy, stepY, ix.oy, p[1], d[1])
	tEnter := t0
	for {
		if tEnter > best.Dist || tEnter > t1 {
			break
		}
		for _, id := range ix.cells[cy*ix.nx+cx] {
			if seen[id] {
				continue
			}
			seen[id] = true
			it := &ix.items[id]
			bt0, _, ok := rayBox(origin, d, it.bounds)
			if !ok || bt0 > best.Dist {
				continue
			}
			if t, ok := it.hit(&ix.srcs[it.src], origin, d, best.Dist); ok {
				best = Hit{Layer: int(it.layer), Feature: int(it.feature), Dist: t,
					Point: scene.Vec3{origin[0] + d[0]*t, origin[1] + d[1]*t, origin[2] + d[2]*t}}
				found = true
			}
		}
		if tMaxX < tMaxY {
			cx += stepX
			tEnter = tMaxX
			tMaxX += tDeltaX
		} else {
			cy += stepY
			tEnter = tMaxY
			tMaxY += tDeltaY
		}
		if cx < 0 || cy < 0 || cx >= ix.nx || cy >= ix.ny {
			break
		}
	}
	return best, found
}

// hit returns the nearest triangle intersection of the item (in s) closer
// than maxT.
func (it *item) hit(s *source, o, d scene.Vec3, maxT float64) (float64, bool) {
	var in *scene.MeshInstance
	if it.inst >= 0 {
		in = &s.inst[it.inst]
	}
	best, ok := maxT, false
	try := func(a, b, c [3]float32) {
		var t float64
		var hit bool
		if in != nil {
			t, hit = rayTriangle64(o, d, in.Apply(a), in.Apply(b), in.Apply(c))
		} else {
			t, hit = rayTriangle(o, d, a, b, c)
		}
		if hit && t < best {
			best, ok = t, true
		}
	}
	m := s.mesh
	if m == nil {
		nv := len(s.pos) / 3
		at := func(i int) [3]float32 { return [3]float32{s.pos[3*i], s.pos[3*i+1], s.pos[3*i+2]} }
		for i := it.first; i+3 <= it.first+it.count; i += 3 {
			a, b, c := int(s.idx[i]), int(s.idx[i+1]), int(s.idx[i+2])
			if a >= nv || b >= nv || c >= nv {
				continue
			}
			try(at(a), at(b), at(c))
		}
		return best, ok
	}
	for i := it.first; i+3 <= it.first+it.count; i += 3 {
		a, b, c := m.Indices[i], m.Indices[i+1], m.Indices[i+2]
		if int(a) >= len(m.Vertices) || int(b) >= len(m.Vertices) || int(c) >= len(m.Vertices) {
			continue
		}
		try(m.Vertices[a].Pos, m.Vertices[b].Pos, m.Vertices[c].Pos)
	}
	return best, ok
}

// rayBox returns the parameter range where the ray is inside b (slab test);
// the range starts at 0 when the origin is inside.
func rayBox(o, d scene.Vec3, b scene.Box) (float64, float64, bool) {
	t0, t1 := 0.0, math.Inf(1)
	for i := 0; i < 3; i++ {
		if math.Abs(d[i]) < 1e-15 {
			if o[i] < b.Min[i] || o[i] > b.Max[i] {
				return 0, 0, false
			}
			continue
		}
		inv := 1 / d[i]
		ta, tb := (b.Min[i]-o[i])*inv, (b.Max[i]-o[i])*inv
		if ta > tb {
			ta, tb = tb, ta
		}
		t0, t1 = math.Max(t0, ta), math.Min(t1, tb)
		if t0 > t1 {
			return 0, 0, false
		}
	}
	return t0, t1, true
}

// rayTriangle is the Möller–Trumbore test, both faces counted.
func rayTriangle(o, d scene.Vec3, a, b, c [3]float32) (float64, bool) {
	v := func(p [3]float32) scene.Vec3 { return scene.Vec3{float64(p[0]), float64(p[1]), float64(p[2])} }
	return rayTriangle64(o, d, v(a), v(b), v(c))
}

// rayTriangle64 is rayTriangle on float64 corners (transformed instances).
func rayTriangle64(o, d, a, b, c scene.Vec3) (float64, bool) {
	e1 := scene.Vec3{b[0] - a[0], b[1] - a[1], b[2] - a[2]}
	e2 := scene.Vec3{c[0] - a[0], c[1] - a[1], c[2] - a[2]}
	p := cross(d, e2)
	det := dot(e1, p)
	if math.Abs(det) < 1e-12 {
		return 0, false
	}
	inv := 1 / det
	s := scene.Vec3{o[0] - a[0], o[1] - a[1], o[2] - a[2]}
	u := dot(s, p) * inv
	if u < 0 || u > 1 {
		return 0, false
	}
	q := cross(s, e1)
	v := dot(d, q) * inv
	if v < 0 || u+v > 1 {
		return 0, false
	}
	t := dot(e2, q) * inv
	return t, t > 0
}

func dot(a, b scene.Vec3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func cross(a, b scene.Vec3) scene.Vec3 {
	return scene.Vec3{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

package render

import (
	"runtime"
	"sync"

	"citytwin/scene"
)

// framePool holds the per-frame chunks that instances are copied into (one
// pool per goroutine that copies). They are reused from frame to frame
// (slices keep their capacity), so a steady view allocates nothing, and
// they only ever hold the copies of instances in view, at most.
type framePool struct {
	chunks []*chunk
	used   int
	open   map[chunkKey]*chunk // per frame: the chunk being filled per key
}

// take returns an empty pooled chunk with key k.
func (fp *framePool) take(k chunkKey) *chunk {
	if fp.used == len(fp.chunks) {
		fp.chunks = append(fp.chunks, &chunk{})
	}
	c := fp.chunks[fp.used]
	fp.used++
	c.key = k
	c.verts, c.pos, c.idx, c.parts = c.verts[:0], c.pos[:0], c.idx[:0], c.parts[:0]
	c.bounds = scene.EmptyBox()
	return c
}

// fillItem is one tile group of an instance set in view, to be copied.
type fillItem struct {
	s  *instSet
	g  int32 // index into s.groups
	hl int32 // feature tinted in this set, -1: none
}

// minInstancesPerWorker keeps small instance sets on one goroutine.
const minInstancesPerWorker = 512

// fillInstances copies the instances of sets that v sees (frustum and
// screen size, tile group first, then each instance) into pooled chunks
// and appends those chunks to all: chunk.prepare then draws them like any
// other. Each copied part goes to the chunk of its own tile and material,
// as addMesh puts a baked part, so chunks keep their tile order and the
// sorted mode orders copies of all sets of a tile together, as it would
// baked ones. Copies of the highlighted feature (r.hl) are tinted. When
// sorted (a moving camera), a copy whose part would get a proxy block
// when baked (lit, untextured, not a convex part of at most 8 vertices)
// and is smaller on screen than v.lodPx is copied as that block only: 8
// vertices that chunk.prepare draws as the block. Many instances are
// copied on up to 4 goroutines, each with its own pool, groups split in
// order (so a tile's parts stay together). Sorted and exact frames have
// pools of their own: Draw empties the exact ones (releaseExact).
func (r *Renderer) fillInstances(v *view, sets []*instSet, all []*chunk, sorted bool) []*chunk {
	frames := &r.frames[Exact]
	if sorted {
		frames = &r.frames[Sorted]
	}
	items, total := r.fillItems[:0], 0
	for _, s := range sets {
		hl := int32(-1)
		if !s.tile && r.hl[0] == int(s.layer) && r.hl[1] >= 0 {
			hl = int32(r.hl[1])
		} else if s.tile {
			hl = s.hl
		}
		for gi := range s.groups {
			g := &s.groups[gi]
			if vis, z := v.sphere(g.center, g.radius); vis && !v.tooSmall(g.radius, z) {
				items = append(items, fillItem{s, int32(gi), hl})
				total += int(g.end - g.first)
			}
		}
	}
	r.fillItems = items
	n := min(runtime.GOMAXPROCS(0), 4, max(1, total/minInstancesPerWorker))
	for len(*frames) < n {
		*frames = append(*frames, framePool{open: map[chunkKey]*chunk{}})
	}
	pools := *frames
	if n == 1 {
		pools[0].fill(v, items, sorted)
	} else {
		var wg sync.WaitGroup
		first, done := 0, 0
		for k := 0; k < n; k++ {
			// Items up to the k+1-th n-th of the instances.
			end, want := first, total*(k+1)/n
			for end < len(items) && (done < want || k == n-1) {
				done += int(items[end].s.groups[items[end].g].end - items[end].s.groups[items[end].g].first)
				end++
			}
			wg.Add(1)
			go func(fp *framePool, items []fillItem) {
				defer wg.Done()
				fp.fill(v, items, sorted)
			}(&pools[k], items[first:end])
			first = end
		}
		wg.Wait()
	}
	for k := range pools {
		fp := &pools[k]
		if k >= n {
			fp.used = 0
		}
		for _, c := range fp.chunks[:fp.used] {
			c.center, c.radius = c.bounds.Center(), halfDiagonal(c.bounds)
			if cap(c.z) < len(c.verts) {
				c.z = make([]float32, len(c.verts), cap(c.verts))
			}
			c.z = c.z[:len(c.verts)]
			all = append(all, c)
		}
	}
	return all
}

// releaseExact drops the vertices of the exact frames' chunks once they
// are drawn: the exact picture is drawn once when the camera stops and then
// kept, and a view of every instance (no blocks) copies them all, as many
// vertices as baking them would hold. The chunks themselves stay (small):
// r.visible still points at them.
func (r *Renderer) releaseExact() {
	for k := range r.frames[Exact] {
		fp := &r.frames[Exact][k]
		for _, c := range fp.chunks {
			*c = chunk{key: c.key, bounds: c.bounds, center: c.center, radius: c.radius, visible: c.visible, dist: c.dist}
		}
	}
}

// fill copies the instances of items that v sees into fp's chunks (see
// fillInstances).
func (fp *framePool) fill(v *view, items []fillItem, sorted bool) {
	fp.used = 0
	clear(fp.open)
	for _, it := range items {
		s, g := it.s, &it.s.groups[it.g]
		for k := g.first; k < g.end; k++ {
			cu := &s.cull[k]
			vis, z := v.sphere(cu.center, cu.radius)
			if !vis || v.tooSmall(cu.radius, z) {
				continue
			}
			// May a part of this copy be drawn as its block?
			lod := sorted && v.lodBlock(cu.radius, z)
			in := &s.xf[k]
			if s.hiddenFeature(in.Feature) {
				continue
			}
			for _, pc := range s.pieces {
				for pi := range pc.parts {
					pp := &pc.parts[pi]
					if in.Feature < 0 && s.hiddenFeature(int(pp.feature)) {
						continue
					}
					p := *pp
					if s.single {
						p.bounds, p.center, p.radius = cu.box, cu.center, cu.radius
					} else {
						p.bounds = in.Box(pp.bounds)
						p.center, p.radius = p.bounds.Center(), halfDiagonal(p.bounds)
					}
					key := pc.key
					key.tx, key.ty = tileOf(p.bounds)
					block := lod && pc.key.lit && pc.key.tex == 0 && !(p.convex && p.v1-p.v0 <= 8)
					if block && !s.single {
						_, _, pz := v.pr.ToView(p.center)
						block = v.lodBlock(p.radius, pz)
					}
					n := int(p.v1 - p.v0)
					if block {
						n = 8
					}
					c := fp.open[key]
					if c == nil || len(c.verts)+n > maxChunkVertices {
						c = fp.take(key)
						fp.open[key] = c
					}
					if block {
						c.addBlock(pc, p, in, it.hl)
					} else {
						c.addCopy(pc, p, in, cu.mirror, it.hl)
					}
				}
			}
		}
	}
}

// addBlock appends to c the proxy block of a copy of the prototype part
// p of piece pc (its bounds already placed) for instance in: a part whose
// only vertices are the 8 corners of its bounds, coloured like its first
// vertex, as addProxy makes for a baked part.
func (c *chunk) addBlock(pc *chunk, p part, in *scene.MeshInstance, hl int32) {
	base := int32(len(c.verts))
	v := pc.verts[p.v0]
	v.SrcX, v.SrcY = 0, 0
	p.feature = int32(in.FeatureOf(scene.Part{Feature: int(p.feature)}))
	if p.feature == hl {
		tintVertex(&v)
	}
	o := c.key.origin()
	b := &p.bounds
	for i := 0; i < 8; i++ {
		x, y, z := float32(b.Min[0]), float32(b.Min[1]), float32(b.Min[2])
		if i&1 != 0 {
			x = float32(b.Max[0])
		}
		if i&2 != 0 {
			y = float32(b.Max[1])
		}
		if i&4 != 0 {
			z = float32(b.Max[2])
		}
		v.Custom1, v.Custom2, v.Custom3 = x-o[0], y-o[1], z-o[2]
		c.verts = append(c.verts, v)
		c.pos = append(c.pos, x, y, z)
	}
	p.v0, p.v1, p.proxy, p.lod = base, base+8, base, false
	p.i0, p.i1 = int32(len(c.idx)), int32(len(c.idx))
	c.parts = append(c.parts, p)
	c.bounds = c.bounds.Union(p.bounds)
}

// addCopy appends to c one copy of the prototype part p of piece pc
// (p's bounds, centre and radius already placed), placed by in: its
// vertices transformed (pos and, relative to the key's origin,
// Custom1..3), its triangles turned around when mirror is set, and in's
// feature. Its vertices are tinted when it draws feature hl.
func (c *chunk) addCopy(pc *chunk, p part, in *scene.MeshInstance, mirror bool, hl int32) {
	base, ibase := int32(len(c.verts)), int32(len(c.idx))
	o := c.key.origin()
	m := &in.Transform
	c.verts = append(c.verts, pc.verts[p.v0:p.v1]...)
	verts := c.verts[base:]
	pos := pc.pos[3*p.v0 : 3*p.v1]
	for i := range verts {
		x, y, z := float64(pos[3*i]), float64(pos[3*i+1]), float64(pos[3*i+2])
		px := float32(m[0]*x + m[1]*y + m[2]*z + m[3])
		py := float32(m[4]*x + m[5]*y + m[6]*z + m[7])
		pz := float32(m[8]*x + m[9]*y + m[10]*z + m[11])
		c.pos = append(c.pos, px, py, pz)
		v := &verts[i]
		v.Custom1, v.Custom2, v.Custom3 = px-o[0], py-o[1], pz-o[2]
	}
	// Prototype indices of p point into p.v0..p.v1 only.
	ub := uint16(base - p.v0)
	idx := pc.idx[p.i0:p.i1]
	if mirror {
		for t := 0; t+2 < len(idx); t += 3 {
			c.idx = append(c.idx, idx[t]+ub, idx[t+2]+ub, idx[t+1]+ub)
		}
	} else {
		for _, i := range idx {
			c.idx = append(c.idx, i+ub)
		}
	}
	p.feature = int32(in.FeatureOf(scene.Part{Feature: int(p.feature)}))
	p.v0, p.v1, p.i0, p.i1 = base, int32(len(c.verts)), ibase, int32(len(c.idx))
	p.proxy, p.lod = -1, false
	if p.feature == hl {
		for i := range verts {
			tintVertex(&verts[i])
		}
	}
	c.parts = append(c.parts, p)
	c.bounds = c.bounds.Union(p.bounds)
}

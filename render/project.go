package render

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// prepare culls the chunk and its parts for view v, projects the vertices
// of the visible parts (DstX, DstY, Custom0 = 1/z) and fills c.draw with the
// triangles to submit: back faces dropped unless the chunk is double-sided,
// parts back to front when sorted is set. Triangles crossing the near plane
// are clipped into c.clip. It returns the number of triangles submitted.
func (c *chunk) prepare(v *view, sorted bool, scratch []clipVertex) (int, []clipVertex) {
	c.draw = c.draw[:0]
	c.clip.reset()
	clip := &c.clip
	c.order = c.order[:0]
	vis, z := v.sphere(c.center, c.radius)
	minPx := v.minPx
	if c.streamed {
		minPx = v.streamPx
	}
	c.visible = vis && !v.under(c.radius, z, minPx)
	if !c.visible {
		return 0, scratch
	}
	eye := v.pr.Eye
	// Chunks are drawn far to near by their tile's Manhattan distance
	// from the eye's tile: a tile column can only hide another one that
	// is nearer along both axes, so this order is right for any view (the
	// Euclidean distance only breaks ties).
	ex, ey := math.Floor(eye[0]/tileSize), math.Floor(eye[1]/tileSize)
	c.dist = (math.Abs(float64(c.key.tx)-ex)+math.Abs(float64(c.key.ty)-ey))*1e7 + dist(c.center, eye)
	for i := range c.parts {
		p := &c.parts[i]
		if p.hidden {
			continue
		}
		vis, z := v.sphere(p.center, p.radius)
		if !vis || v.under(p.radius, z, minPx) {
			continue
		}
		p.lod = sorted && p.proxy >= 0 && v.lodBlock(p.radius, z)
		if sorted {
			p.dist = dist(p.center, eye)
		}
		c.order = append(c.order, int32(i))
	}
	if len(c.order) == 0 {
		c.visible = false
		return 0, scratch
	}
	if sorted {
		slices.SortFunc(c.order, func(a, b int32) int { return cmp.Compare(c.parts[b].dist, c.parts[a].dist) })
	}
	pr := &v.pr
	ex, ey, ez := pr.Eye[0], pr.Eye[1], pr.Eye[2]
	r0, r1, r2 := pr.Right[0], pr.Right[1], pr.Right[2]
	u0, u1, u2 := pr.Up[0], pr.Up[1], pr.Up[2]
	f0, f1, f2 := pr.Forward[0], pr.Forward[1], pr.Forward[2]
	cx, cy, focal, near := pr.W/2, pr.H/2, pr.Focal, pr.Near
	verts, pos, zs := c.verts, c.pos, c.z
	for _, pi := range c.order {
		p := &c.parts[pi]
		v0, v1 := p.v0, p.v1
		if p.lod {
			v0, v1 = p.proxy, p.proxy+8
		}
		for i := v0; i < v1; i++ {
			d0, d1, d2 := float64(pos[3*i])-ex, float64(pos[3*i+1])-ey, float64(pos[3*i+2])-ez
			z := d0*f0 + d1*f1 + d2*f2
			zs[i] = float32(z)
			if z < near {
				continue
			}
			x := d0*r0 + d1*r1 + d2*r2
			y := d0*u0 + d1*u1 + d2*u2
			inv := 1 / z
			vx := &verts[i]
			vx.DstX = float32(cx + x*focal*inv)
			vx.DstY = float32(cy - y*focal*inv)
			vx.Custom0 = float32(inv)
		}
	}
	cull := !c.key.doubleSided
	tris := 0
	idx, draw := c.idx, c.draw
	fnear := float32(near)
	for _, pi := range c.order {
		p := &c.parts[pi]
		if p.lod {
			b := uint16(p.proxy)
			for _, f := range &proxyFaces {
				va, vb, vd := &verts[b+f[0]], &verts[b+f[1]], &verts[b+f[2]]
				if !frontFacing(va.DstX, va.DstY, vb.DstX, vb.DstY, vd.DstX, vd.DstY) {
					continue
				}
				draw = append(draw, b+f[0], b+f[1], b+f[2], b+f[0], b+f[2], b+f[3])
				tris += 2
			}
			continue
		}
		// Faces of a non-convex part can hide each other: sort them far
		// to near when the camera moves.
		sortPart := sorted && !p.convex
		c.tris = c.tris[:0]
		for i := p.i0; i+2 < p.i1; i += 3 {
			a, b, d := idx[i], idx[i+1], idx[i+2]
			za, zb, zd := zs[a], zs[b], zs[d]
			if za >= fnear && zb >= fnear && zd >= fnear {
				if cull {
					va, vb, vd := &verts[a], &verts[b], &verts[d]
					if !frontFacing(va.DstX, va.DstY, vb.DstX, vb.DstY, vd.DstX, vd.DstY) {
						continue
					}
				}
				if sortPart {
					c.tris = append(c.tris, sortTri{key: za + zb + zd, a: a, b: b, c: d})
				} else {
					draw = append(draw, a, b, d)
				}
				tris++
				continue
			}
			if za < fnear && zb < fnear && zd < fnear {
				continue
			}
			var n int
			scratch, n = clip.addClipped(pr, [3]clipVertex{c.viewVertex(pr, a), c.viewVertex(pr, b), c.viewVertex(pr, d)}, cull, scratch)
			tris += n
		}
		if sortPart {
			slices.SortFunc(c.tris, func(x, y sortTri) int { return cmp.Compare(y.key, x.key) })
			for _, t := range c.tris {
				draw = append(draw, t.a, t.b, t.c)
			}
		}
	}
	c.draw = draw
	return tris, scratch
}

// viewVertex returns vertex i in view space with its colour.
func (c *chunk) viewVertex(pr *scene.Projector, i uint16) clipVertex {
	x, y, z := pr.ToView(scene.Vec3{float64(c.pos[3*int(i)]), float64(c.pos[3*int(i)+1]), float64(c.pos[3*int(i)+2])})
	v := &c.verts[i]
	return clipVertex{x: x, y: y, z: z, r: v.ColorR, g: v.ColorG, b: v.ColorB, a: v.ColorA,
		c1: v.Custom1, c2: v.Custom2, c3: v.Custom3, u: v.SrcX, v: v.SrcY}
}

// projectAll projects every vertex of a ground mesh and appends its
// triangles (no culling) to draw; triangles crossing the near plane go to
// clip. It returns the new draw list and the triangles submitted.
func projectAll(pr *scene.Projector, verts []ebiten.Vertex, pos []float32, zs []float32, idx []uint16, draw []uint16, clip *batch, scratch []clipVertex) ([]uint16, int, []clipVertex) {
	ex, ey, ez := pr.Eye[0], pr.Eye[1], pr.Eye[2]
	cx, cy, focal, near := pr.W/2, pr.H/2, pr.Focal, pr.Near
	for i := range verts {
		d0, d1, d2 := float64(pos[3*i])-ex, float64(pos[3*i+1])-ey, float64(pos[3*i+2])-ez
		z := d0*pr.Forward[0] + d1*pr.Forward[1] + d2*pr.Forward[2]
		zs[i] = float32(z)
		if z < near {
			continue
		}
		x := d0*pr.Right[0] + d1*pr.Right[1] + d2*pr.Right[2]
		y := d0*pr.Up[0] + d1*pr.Up[1] + d2*pr.Up[2]
		inv := 1 / z
		verts[i].DstX = float32(cx + x*focal*inv)
		verts[i].DstY = float32(cy - y*focal*inv)
		verts[i].Custom0 = float32(inv)
	}
	tris := 0
	fnear := float32(near)
	view := func(i uint16) clipVertex {
		x, y, z := pr.ToView(scene.Vec3{float64(pos[3*int(i)]), float64(pos[3*int(i)+1]), float64(pos[3*int(i)+2])})
		v := &verts[i]
		return clipVertex{x: x, y: y, z: z, r: v.ColorR, g: v.ColorG, b: v.ColorB, a: v.ColorA}
	}
	for i := 0; i+2 < len(idx); i += 3 {
		a, b, d := idx[i], idx[i+1], idx[i+2]
		za, zb, zd := zs[a], zs[b], zs[d]
		if za >= fnear && zb >= fnear && zd >= fnear {
			draw = append(draw, a, b, d)
			tris++
			continue
		}
		if za < fnear && zb < fnear && zd < fnear {
			continue
		}
		var n int
		scratch, n = clip.addClipped(pr, [3]clipVertex{view(a), view(b), view(d)}, false, scratch)
		tris += n
	}
	return draw, tris, scratch
}

// worker is the per-goroutine state of prepareChunks.
type worker struct {
	scratch []clipVertex
	tris    int
}

// minChunksPerWorker keeps small scenes on one goroutine.
const minChunksPerWorker = 8

// prepareChunks prepares r.all on up to GOMAXPROCS goroutines (chunks are
// independent) and returns the triangles submitted.
func (r *Renderer) prepareChunks(v *view, sorted bool) int {
	n := min(runtime.GOMAXPROCS(0), 4, max(1, len(r.all)/minChunksPerWorker))
	for len(r.workers) < n {
		r.workers = append(r.workers, worker{})
	}
	if n == 1 {
		w := &r.workers[0]
		w.tris = 0
		for _, c := range r.all {
			var t int
			t, w.scratch = c.prepare(v, sorted, w.scratch)
			w.tris += t
		}
		return w.tris
	}
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		w := &r.workers[k]
		w.tris = 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Interleave chunks so near and far ones spread evenly.
			for i := k; i < len(r.all); i += n {
				var t int
				t, w.scratch = r.all[i].prepare(v, sorted, w.scratch)
				w.tris += t
			}
		}()
	}
	wg.Wait()
	tris := 0
	for k := 0; k < n; k++ {
		tris += r.workers[k].tris
	}
	return tris
}

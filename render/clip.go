package render

import (
	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// batch is a per-frame list of triangles with their own vertices: the
// pieces of triangles clipped at the near plane, the ground plane, the sky.
type batch struct {
	verts []ebiten.Vertex
	idx   []uint16
}

func (b *batch) reset() { b.verts, b.idx = b.verts[:0], b.idx[:0] }

// full reports whether n more vertices would overflow one draw call.
func (b *batch) full(n int) bool { return len(b.verts)+n > maxChunkVertices }

// clipVertex is a vertex in view space with its colour.
type clipVertex struct {
	x, y, z    float64
	r, g, b, a float32
	c1, c2, c3 float32 // Custom1..3: lit chunks' positions
	u, v       float32 // SrcX, SrcY: texture pixels
}

func lerpClip(p, q clipVertex, t float64) clipVertex {
	tf := float32(t)
	return clipVertex{
		x: p.x + (q.x-p.x)*t, y: p.y + (q.y-p.y)*t, z: p.z + (q.z-p.z)*t,
		r: p.r + (q.r-p.r)*tf, g: p.g + (q.g-p.g)*tf, b: p.b + (q.b-p.b)*tf, a: p.a + (q.a-p.a)*tf,
		c1: p.c1 + (q.c1-p.c1)*tf, c2: p.c2 + (q.c2-p.c2)*tf, c3: p.c3 + (q.c3-p.c3)*tf,
		u: p.u + (q.u-p.u)*tf, v: p.v + (q.v-p.v)*tf,
	}
}

// clipNear clips the triangle tri (view space) against z >= near and
// appends the resulting convex polygon (0, 3 or 4 vertices) to out.
func clipNear(tri [3]clipVertex, near float64, out []clipVertex) []clipVertex {
	for i := 0; i < 3; i++ {
		p, q := tri[i], tri[(i+1)%3]
		pin, qin := p.z >= near, q.z >= near
		if pin {
			out = append(out, p)
		}
		if pin != qin {
			out = append(out, lerpClip(p, q, (near-p.z)/(q.z-p.z)))
		}
	}
	return out
}

// plane is a clip plane in view space: points with a*x + b*y + c*z >= d
// are kept.
type plane struct{ a, b, c, d float64 }

// clipPolygon clips a convex view-space polygon against one plane into out.
func clipPolygon(poly []clipVertex, p plane, out []clipVertex) []clipVertex {
	out = out[:0]
	for i := range poly {
		u, v := poly[i], poly[(i+1)%len(poly)]
		du, dv := p.a*u.x+p.b*u.y+p.c*u.z-p.d, p.a*v.x+p.b*v.y+p.c*v.z-p.d
		if du >= 0 {
			out = append(out, u)
		}
		if (du >= 0) != (dv >= 0) {
			out = append(out, lerpClip(u, v, du/(du-dv)))
		}
	}
	return out
}

// addPolygon appends a convex view-space polygon, already in front of the
// near plane, as a triangle fan.
func (b *batch) addPolygon(pr *scene.Projector, poly []clipVertex) {
	if len(poly) < 3 || b.full(len(poly)) {
		return
	}
	base := len(b.verts)
	for _, p := range poly {
		inv := 1 / p.z
		b.verts = append(b.verts, ebiten.Vertex{
			DstX: float32(pr.W/2 + p.x*pr.Focal*inv), DstY: float32(pr.H/2 - p.y*pr.Focal*inv),
			ColorR: p.r, ColorG: p.g, ColorB: p.b, ColorA: p.a, Custom0: float32(inv),
			Custom1: p.c1, Custom2: p.c2, Custom3: p.c3, SrcX: p.u, SrcY: p.v,
		})
	}
	for i := 1; i+1 < len(poly); i++ {
		b.idx = append(b.idx, uint16(base), uint16(base+i), uint16(base+i+1))
	}
}

// addClipped clips a view-space triangle at the near plane and appends the
// visible part to b as screen-space triangles (Custom0 = 1/z). With cull it
// drops the result if it faces away (screen winding). It reports the number
// of triangles added.
func (b *batch) addClipped(pr *scene.Projector, tri [3]clipVertex, cull bool, scratch []clipVertex) ([]clipVertex, int) {
	poly := clipNear(tri, pr.Near, scratch[:0])
	if len(poly) < 3 || b.full(len(poly)) {
		return poly, 0
	}
	base := len(b.verts)
	for _, p := range poly {
		inv := 1 / p.z
		b.verts = append(b.verts, ebiten.Vertex{
			DstX: float32(pr.W/2 + p.x*pr.Focal*inv), DstY: float32(pr.H/2 - p.y*pr.Focal*inv),
			ColorR: p.r, ColorG: p.g, ColorB: p.b, ColorA: p.a, Custom0: float32(inv),
			Custom1: p.c1, Custom2: p.c2, Custom3: p.c3, SrcX: p.u, SrcY: p.v,
		})
	}
	if cull {
		v := b.verts[base:]
		if !frontFacing(v[0].DstX, v[0].DstY, v[1].DstX, v[1].DstY, v[2].DstX, v[2].DstY) {
			b.verts = b.verts[:base]
			return poly, 0
		}
	}
	n := 0
	for i := 1; i+1 < len(poly); i++ {
		b.idx = append(b.idx, uint16(base), uint16(base+i), uint16(base+i+1))
		n++
	}
	return poly, n
}

// frontFacing reports whether a screen triangle (y down) is counter-
// clockwise as seen in the world, i.e. faces the camera.
func frontFacing(ax, ay, bx, by, cx, cy float32) bool {
	return (bx-ax)*(cy-ay)-(by-ay)*(cx-ax) < 0
}

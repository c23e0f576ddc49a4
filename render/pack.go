package render

import (
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
)

// Packing the drawn vertices of a frame.
//
// Ebiten copies and validates every vertex handed to a draw call, whether
// its indices use it or not, and each call costs its own command. A chunk's
// draw list often uses a small part of its vertices (parts culled, back
// faces dropped, proxies instead of buildings), and a streamed view holds
// hundreds of small chunks: before packing, orbiting a streamed 1M-building
// city submitted 909 draw calls a frame of chunks mostly unused. So once
// per Draw, the vertices that the visible chunks' draw lists and clipped
// pieces use are copied into one pooled list, and runs of consecutive
// chunks with the same material, texture and blend become one draw call
// (up to maxChunkVertices vertices). Triangles keep their order, chunk
// after chunk, so every pass draws the same picture as chunk by chunk.

// denseIndices: a chunk drawing at least this many indices per vertex
// is copied whole (a box seen from above draws 18 indices of its 8
// vertices), not vertex by vertex.
const denseIndices = 2

// drawBatch is a run of consecutive visible chunks drawn by one call: its
// vertices are pack.verts[v0:v1], its indices pack.idx[i0:i1] (local to v0).
type drawBatch struct {
	key    chunkKey // material, texture and blend of its chunks
	v0, v1 int
	i0, i1 int
}

// packer holds a frame's packed vertices and batches.
type packer struct {
	verts   []ebiten.Vertex
	idx     []uint16
	batches []drawBatch
	stamp   []uint32 // per chunk vertex: cur when copied this chunk
	to      []uint16 // per chunk vertex: its index in the batch
	cur     uint32
}

// batchKey keeps what decides a chunk's shader and images.
func batchKey(k chunkKey) chunkKey {
	return chunkKey{lit: k.lit, tex: k.tex, blend: k.blend}
}

// pack fills p from the visible chunks, in order; batches hold at most
// limit vertices (≤ maxChunkVertices).
func (p *packer) pack(visible []*chunk, limit int) {
	p.verts, p.idx, p.batches = p.verts[:0], p.idx[:0], p.batches[:0]
	limit = min(limit, maxChunkVertices)
	if p.stamp == nil {
		p.stamp = make([]uint32, maxChunkVertices)
		p.to = make([]uint16, maxChunkVertices)
	}
	for _, c := range visible {
		need := min(len(c.verts), len(c.draw)) + len(c.clip.verts)
		if need == 0 {
			continue
		}
		key := batchKey(c.key)
		n := len(p.batches)
		if n == 0 || p.batches[n-1].key != key || len(p.verts)-p.batches[n-1].v0+need > limit {
			p.batches = append(p.batches, drawBatch{key: key, v0: len(p.verts), v1: len(p.verts), i0: len(p.idx), i1: len(p.idx)})
			n++
		}
		b := &p.batches[n-1]
		base := len(p.verts) - b.v0
		verts := slices.Grow(p.verts, need)
		idx := slices.Grow(p.idx, len(c.draw)+len(c.clip.idx))
		if len(c.draw) >= denseIndices*len(c.verts) {
			// Most vertices are used: copying them all is cheaper.
			verts = append(verts, c.verts...)
			for _, i := range c.draw {
				idx = append(idx, uint16(base)+i)
			}
		} else {
			p.cur++
			if p.cur == 0 {
				clear(p.stamp)
				p.cur = 1
			}
			cur, stamp, to := p.cur, p.stamp, p.to
			for _, i := range c.draw {
				if stamp[i] != cur {
					stamp[i] = cur
					to[i] = uint16(len(verts) - b.v0)
					verts = append(verts, c.verts[i])
				}
				idx = append(idx, to[i])
			}
		}
		off := uint16(len(verts) - b.v0)
		verts = append(verts, c.clip.verts...)
		for _, i := range c.clip.idx {
			idx = append(idx, off+i)
		}
		p.verts, p.idx = verts, idx
		b.v1, b.i1 = len(verts), len(idx)
	}
}

// Which batches submitBatches draws.
const (
	opaqueOnly = iota
	translucentOnly
	allBatches
)

// submitBatches draws the packed batches (opaque ones, translucent ones or
// all) with the shader of their material and their texture as image 1,
// counting their vertices towards the queue bound.
func (r *Renderer) submitBatches(dst *ebiten.Image, sh [4]*ebiten.Shader, which int, st *Stats) {
	p := &r.pack
	for _, b := range p.batches {
		if which != allBatches && b.key.blend != (which == translucentOnly) {
			continue
		}
		r.opts.Images[1] = r.texture(b.key.tex)
		r.submit(dst, p.verts[b.v0:b.v1], p.idx[b.i0:b.i1], sh[b.key.material()], st)
		r.queued.add(b.v1 - b.v0)
	}
	r.opts.Images[1] = nil
}

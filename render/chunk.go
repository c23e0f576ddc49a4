package render

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// tileSize is the edge of the square ground tiles (metres) that group solid
// parts into chunks, so whole chunks can be culled against the frustum.
const tileSize = 256.0

// maxChunkVertices is the most vertices a chunk, a ground mesh or a
// clipped batch holds: their indices are uint16. (ebiten.MaxVertexCount
// is far larger since Ebiten 2.7: a tile of more than 65,535 vertices
// overflowed its indices.)
const maxChunkVertices = min(ebiten.MaxVertexCount, 1<<16-1)

// chunkKey says which chunk a part goes to: parts of one layer and tile with
// the same material flags share chunks.
type chunkKey struct {
	layer       int
	tx, ty      int32
	doubleSided bool
	blend       bool
	// lit chunks carry unshaded colours and their positions (relative to
	// the tile's centre) in Custom1..3; the shader lights each fragment
	// from the face normal it derives from them, so faces that meet at a
	// corner share vertices. Other chunks carry baked colours.
	lit bool
	// tex is the texture's number in the renderer (0: untextured).
	tex int32
}

// origin returns the point lit vertex positions are relative to: the
// centre of the key's tile on the ground.
func (k chunkKey) origin() [3]float32 {
	return [3]float32{float32((float64(k.tx) + 0.5) * tileSize), float32((float64(k.ty) + 0.5) * tileSize), 0}
}

// weldKey identifies vertices that lit chunks may share.
type weldKey struct {
	pos [3]float32
	c   color.NRGBA
	uv  [2]float32
}

// part is one feature's ranges inside a chunk.
type part struct {
	layer, feature int32
	v0, v1         int32 // vertex range in chunk.verts
	proxy          int32 // first of 8 proxy vertices (lit chunks), -1 if none
	lod            bool  // per frame: draw the proxy
	hidden         bool  // a streamed tile's feature that a scenario hides
	convex         bool  // no face of the part can hide another: no sorting inside
	i0, i1         int32 // index range in chunk.idx
	center         scene.Vec3
	radius         float64
	bounds         scene.Box
	dist           float64 // distance to the eye, per frame
}

// chunk is a group of at most maxChunkVertices vertices drawn together. Its
// vertices are persistent: colours are baked when the chunk is built, and
// each frame writes only DstX, DstY and Custom0 (1/z).
type chunk struct {
	key    chunkKey
	verts  []ebiten.Vertex
	pos    []float32 // x, y, z per vertex (local frame)
	idx    []uint16  // triangles, three per face, chunk-local
	parts  []part
	bounds scene.Box
	center scene.Vec3
	radius float64
	// streamed is set on the chunks of streamed tiles
	// (Renderer.StreamMovingPixels).
	streamed bool

	// Per frame.
	z       []float32 // view depth per vertex
	draw    []uint16  // indices submitted this frame
	tris    []sortTri // scratch: one non-convex part's front faces
	clip    batch     // pieces of triangles clipped at the near plane
	order   []int32   // visible parts, sorted when the camera moves
	visible bool
	dist    float64
}

// sortTri is a triangle with its depth key, for sorting inside a part.
type sortTri struct {
	key     float32
	a, b, c uint16
}

// chunkSet groups the solid chunks of one layer.
type chunkSet struct {
	chunks []*chunk
	open   map[chunkKey]*chunk // the chunk still being filled per key
	// texture returns the number (≥ 1) and size in pixels of a mesh
	// texture; nil draws meshes untextured.
	texture func(image.Image) (int32, [2]float32)
	// inst collects the instanced meshes added (instance.go).
	inst []*instSet
	// proto builds an instanced mesh's prototype: every part in the
	// chunks of tile (0, 0), in mesh coordinates, without proxy blocks.
	proto bool
}

func tileOf(b scene.Box) (int32, int32) {
	c := b.Center()
	return int32(math.Floor(c[0] / tileSize)), int32(math.Floor(c[1] / tileSize))
}

// remapper maps mesh vertex indices to chunk vertex indices per part,
// without clearing between parts (stamps).
type remapper struct {
	stamp []int32
	to    []int32
	cur   int32
	weld  map[weldKey]int32
}

func (r *remapper) reset(n int) {
	if cap(r.stamp) < n {
		r.stamp = make([]int32, n)
		r.to = make([]int32, n)
		r.cur = 0
	}
	r.stamp = r.stamp[:n]
	r.to = r.to[:n]
}

// addMesh adds the solid mesh m of layer to the set. Parts with a feature
// for which keep returns false are left out (nil keeps all). An instanced
// mesh becomes an instSet in s.inst, whatever keep says.
func (s *chunkSet) addMesh(layer int, m *scene.Mesh, keep func(feature int) bool, rm *remapper) {
	if len(m.Instances) > 0 && !s.proto {
		if is := newInstSet(layer, m, s.texture, rm); is != nil {
			s.inst = append(s.inst, is)
		}
		return
	}
	parts := m.Parts
	if len(parts) == 0 {
		parts = []scene.Part{{Feature: -1, First: 0, Count: len(m.Indices)}}
	}
	rm.reset(len(m.Vertices))
	lit := !m.Unlit
	var tex int32
	var texSize [2]float32
	if m.Texture != nil && s.texture != nil {
		tex, texSize = s.texture(m.Texture)
	}
	if rm.weld == nil {
		rm.weld = map[weldKey]int32{}
	}
	for _, p := range parts {
		if keep != nil && !keep(p.Feature) {
			continue
		}
		if p.Count <= 0 || p.First < 0 || p.First+p.Count > len(m.Indices) {
			continue
		}
		ids := m.Indices[p.First : p.First+p.Count-p.Count%3]
		b := scene.EmptyBox()
		for _, vi := range ids {
			if int(vi) >= len(m.Vertices) {
				return // malformed mesh: drop the rest rather than panic
			}
			v := &m.Vertices[vi]
			b = b.Extend(scene.Vec3{float64(v.Pos[0]), float64(v.Pos[1]), float64(v.Pos[2])})
		}
		if b.Empty() {
			continue
		}
		tx, ty := tileOf(b)
		if s.proto {
			tx, ty = 0, 0
		}
		key := chunkKey{layer: layer, tx: tx, ty: ty, doubleSided: m.DoubleSided, blend: m.Blend, lit: lit, tex: tex}
		// Count the part's distinct vertices.
		rm.cur++
		n := 0
		for _, vi := range ids {
			if rm.stamp[vi] != rm.cur {
				rm.stamp[vi] = rm.cur
				n++
			}
		}
		if lit && tex == 0 && !s.proto {
			n += 8 // the proxy box
		}
		if n > maxChunkVertices {
			continue
		}
		c := s.open[key]
		if c == nil || len(c.verts)+n > maxChunkVertices {
			c = &chunk{key: key, bounds: scene.EmptyBox()}
			s.open[key] = c
			s.chunks = append(s.chunks, c)
		}
		rm.cur++
		clear(rm.weld)
		o := key.origin()
		pt := part{layer: int32(layer), feature: int32(p.Feature), v0: int32(len(c.verts)), i0: int32(len(c.idx)), bounds: b}
		for _, vi := range ids {
			if rm.stamp[vi] != rm.cur {
				rm.stamp[vi] = rm.cur
				v := &m.Vertices[vi]
				if lit {
					wk := weldKey{pos: v.Pos, c: v.Color, uv: v.UV}
					if to, ok := rm.weld[wk]; ok {
						rm.to[vi] = to
						c.idx = append(c.idx, uint16(to))
						continue
					}
					rm.weld[wk] = int32(len(c.verts))
				}
				rm.to[vi] = int32(len(c.verts))
				// Lit chunks are shaded by the shader, unlit ones not at all.
				r, g, bl, a := shade(v.Color, [3]float32{}, true)
				c.verts = append(c.verts, ebiten.Vertex{ColorR: r, ColorG: g, ColorB: bl, ColorA: a,
					SrcX: v.UV[0] * texSize[0], SrcY: v.UV[1] * texSize[1],
					Custom1: v.Pos[0] - o[0], Custom2: v.Pos[1] - o[1], Custom3: v.Pos[2] - o[2]})
				c.pos = append(c.pos, v.Pos[0], v.Pos[1], v.Pos[2])
			}
			c.idx = append(c.idx, uint16(rm.to[vi]))
		}
		pt.v1, pt.i1 = int32(len(c.verts)), int32(len(c.idx))
		pt.convex = convexPart(c.pos[3*pt.v0:3*pt.v1], c.idx[pt.i0:pt.i1], pt.v0)
		pt.proxy = -1
		// A convex part of at most 8 vertices (a box) costs no more to
		// draw than its block: it needs none.
		if lit && tex == 0 && !s.proto && !(pt.convex && pt.v1-pt.v0 <= 8) {
			pt.proxy = int32(len(c.verts))
			c.addProxy(b, m.Vertices[ids[0]].Color, o)
		}
		pt.center = b.Center()
		pt.radius = halfDiagonal(b)
		c.parts = append(c.parts, pt)
		c.bounds = c.bounds.Union(b)
	}
}

// finish sizes the per-frame buffers and the chunk spheres.
func (s *chunkSet) finish() {
	for _, c := range s.chunks {
		c.center = c.bounds.Center()
		c.radius = halfDiagonal(c.bounds)
		if cap(c.z) < len(c.verts) {
			c.z = make([]float32, len(c.verts))
		}
		c.z = c.z[:len(c.verts)]
	}
	s.open = nil
}

// proxyFaces are the faces of a part's proxy box (corner i has x max when
// i&1, y max when i&2, z max when i&4), counter-clockwise from outside,
// without the bottom.
var proxyFaces = [5][4]uint16{{4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}}

// addProxy appends the 8 corners of b as lit vertices of colour c: the
// simpler block drawn for buildings a few pixels wide while the camera
// moves.
func (ch *chunk) addProxy(b scene.Box, c color.NRGBA, o [3]float32) {
	r, g, bl, a := shade(c, [3]float32{}, true)
	for i := 0; i < 8; i++ {
		c := b.Corner(i)
		p := [3]float32{float32(c[0]), float32(c[1]), float32(c[2])}
		ch.verts = append(ch.verts, ebiten.Vertex{ColorR: r, ColorG: g, ColorB: bl, ColorA: a,
			Custom1: p[0] - o[0], Custom2: p[1] - o[1], Custom3: p[2] - o[2]})
		ch.pos = append(ch.pos, p[0], p[1], p[2])
	}
}

// maxConvexCheck is the largest part (vertices) tested for convexity;
// bigger ones are sorted triangle by triangle.
const maxConvexCheck = 256

// convexPart reports whether the triangles idx (chunk indices, vertices
// from base in pos) form a convex solid: every vertex lies behind or on
// every face's plane. Then back-face culling alone draws it right.
func convexPart(pos []float32, idx []uint16, base int32) bool {
	nv := len(pos) / 3
	if nv > maxConvexCheck {
		return false
	}
	at := func(i uint16) scene.Vec3 {
		j := 3 * (int(i) - int(base))
		return scene.Vec3{float64(pos[j]), float64(pos[j+1]), float64(pos[j+2])}
	}
	for t := 0; t+2 < len(idx); t += 3 {
		a, b, c := at(idx[t]), at(idx[t+1]), at(idx[t+2])
		e1 := scene.Vec3{b[0] - a[0], b[1] - a[1], b[2] - a[2]}
		e2 := scene.Vec3{c[0] - a[0], c[1] - a[1], c[2] - a[2]}
		n := scene.Vec3{e1[1]*e2[2] - e1[2]*e2[1], e1[2]*e2[0] - e1[0]*e2[2], e1[0]*e2[1] - e1[1]*e2[0]}
		l := math.Sqrt(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])
		if l == 0 {
			continue
		}
		for v := 0; v < nv; v++ {
			p := scene.Vec3{float64(pos[3*v]), float64(pos[3*v+1]), float64(pos[3*v+2])}
			if (n[0]*(p[0]-a[0])+n[1]*(p[1]-a[1])+n[2]*(p[2]-a[2]))/l > 1e-3 {
				return false
			}
		}
	}
	return true
}

func halfDiagonal(b scene.Box) float64 {
	dx, dy, dz := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], b.Max[2]-b.Min[2]
	return math.Sqrt(dx*dx+dy*dy+dz*dz) / 2
}

// buildChunks turns a layer's solid meshes into chunks grouped by tile,
// and its instanced meshes into instance sets.
func buildChunks(layer int, meshes []scene.Mesh, texture func(image.Image) (int32, [2]float32)) ([]*chunk, []*instSet) {
	s := chunkSet{open: map[chunkKey]*chunk{}, texture: texture}
	var rm remapper
	for i := range meshes {
		s.addMesh(layer, &meshes[i], nil, &rm)
	}
	s.finish()
	return s.chunks, s.inst
}

package render

import (
	"image"
	"slices"
	"unsafe"

	"citytwin/render/pick"
	"citytwin/scene"
)

// instSet is one instanced solid mesh (scene.Mesh.Instances): its geometry
// is held once, as prototype chunks in mesh coordinates, and each frame
// fillInstances copies it, transformed, into pooled per-frame chunks for
// the instances in view only. So a tree placed 10k times holds one tree
// and 10k small records, not 10k trees.
//
// A prototype of more than maxChunkVertices vertices is split into
// several pieces (at part boundaries, as chunks are); a single part over
// that size is dropped, as in baked chunks.
type instSet struct {
	layer int32
	// tile is true for a streamed tile's set: tiles number their features
	// on their own, so the layer's highlight does not apply; hl is the
	// tile's highlighted feature (-1: none) and hidden[f] says whether a
	// scenario hides the tile's feature f (nil: none).
	tile   bool
	hl     int32
	hidden []bool
	// pieces are the prototype: chunks whose verts hold the baked colours
	// and texture coordinates, pos the mesh coordinates, idx the
	// triangles, parts the features (with convexity, no proxy). Their
	// key's tile is (0, 0).
	pieces []*chunk
	// single is true when the prototype is one part covering it all: a
	// part's transformed bounds are then its instance's.
	single bool
	// xf are the instances, sorted by tile (groups), and cull their
	// local-frame bounds, in the same order.
	xf     []scene.MeshInstance
	cull   []instCull
	groups []instGroup
	bounds scene.Box
}

// instCull is what culling needs of one instance, in the local frame.
type instCull struct {
	box    scene.Box
	center scene.Vec3
	radius float64
	mirror bool
}

// instGroup is the instances of a set in one tile (tileSize), culled
// together before one by one.
type instGroup struct {
	tx, ty     int32
	first, end int32 // range of instSet.xf
	bounds     scene.Box
	center     scene.Vec3
	radius     float64
}

// newInstSet builds the prototype and instance records of the instanced
// mesh m, or returns nil when it draws nothing.
func newInstSet(layer int, m *scene.Mesh, texture func(image.Image) (int32, [2]float32), rm *remapper) *instSet {
	ps := chunkSet{open: map[chunkKey]*chunk{}, texture: texture, proto: true}
	proto := *m
	proto.Instances = nil
	ps.addMesh(layer, &proto, nil, rm)
	if len(ps.chunks) == 0 {
		return nil
	}
	pb := scene.EmptyBox()
	for _, c := range ps.chunks {
		c.center, c.radius = c.bounds.Center(), halfDiagonal(c.bounds)
		pb = pb.Union(c.bounds)
	}
	s := &instSet{layer: int32(layer), pieces: ps.chunks, bounds: scene.EmptyBox(), hl: -1}
	s.single = len(ps.chunks) == 1 && len(ps.chunks[0].parts) == 1
	type rec struct {
		xf     scene.MeshInstance
		tx, ty int32
		c      instCull
	}
	nv := 0
	for _, c := range ps.chunks {
		nv += len(c.verts)
	}
	exact := nv*len(m.Instances) <= maxExactBoxVertices
	recs := make([]rec, 0, len(m.Instances))
	for _, in := range m.Instances {
		b := in.Box(pb)
		if exact {
			b = exactBox(&in, ps.chunks)
		}
		if b.Empty() {
			continue
		}
		tx, ty := tileOf(b)
		recs = append(recs, rec{in, tx, ty, instCull{box: b, center: b.Center(), radius: halfDiagonal(b), mirror: in.Mirrors()}})
	}
	if len(recs) == 0 {
		return nil
	}
	slices.SortStableFunc(recs, func(a, b rec) int {
		if a.ty != b.ty {
			return int(a.ty - b.ty)
		}
		return int(a.tx - b.tx)
	})
	s.xf = make([]scene.MeshInstance, len(recs))
	s.cull = make([]instCull, len(recs))
	for i, r := range recs {
		s.xf[i], s.cull[i] = r.xf, r.c
		if i == 0 || r.tx != recs[i-1].tx || r.ty != recs[i-1].ty {
			s.groups = append(s.groups, instGroup{tx: r.tx, ty: r.ty, first: int32(i), bounds: scene.EmptyBox()})
		}
		g := &s.groups[len(s.groups)-1]
		g.end = int32(i + 1)
		g.bounds = g.bounds.Union(r.c.box)
	}
	for i := range s.groups {
		g := &s.groups[i]
		g.center, g.radius = g.bounds.Center(), halfDiagonal(g.bounds)
		s.bounds = s.bounds.Union(g.bounds)
	}
	return s
}

// maxExactBoxVertices bounds the vertices transformed to find instances'
// exact boxes (prototype vertices × instances, about 10 ns each); past it
// an instance's box is the box around its transformed prototype box, up to
// √3 times wider for a turned copy, which culls and blocks (lodPixels) a
// little later.
const maxExactBoxVertices = 1 << 24

// exactBox returns the local-frame box around the prototype's vertices
// placed by in.
func exactBox(in *scene.MeshInstance, pieces []*chunk) scene.Box {
	b := scene.EmptyBox()
	for _, c := range pieces {
		for i := 0; i+2 < len(c.pos); i += 3 {
			b = b.Extend(in.Apply([3]float32{c.pos[i], c.pos[i+1], c.pos[i+2]}))
		}
	}
	return b
}

// instSetBytes is the memory an instance set holds: its prototype and
// its instance records.
func instSetBytes(s *instSet) int64 {
	n := int64(cap(s.xf))*int64(unsafe.Sizeof(scene.MeshInstance{})) +
		int64(cap(s.cull))*int64(unsafe.Sizeof(instCull{})) +
		int64(cap(s.groups))*int64(unsafe.Sizeof(instGroup{}))
	for _, c := range s.pieces {
		n += chunkBytes(c)
	}
	return n
}

// addPick adds the set's copies to ix as instances of its prototype.
func (s *instSet) addPick(ix *pick.Index, layer int) {
	var parts []pick.TrianglePart
	for _, c := range s.pieces {
		parts = parts[:0]
		for _, p := range c.parts {
			parts = append(parts, pick.TrianglePart{Feature: int(p.feature), First: int(p.i0), Count: int(p.i1 - p.i0), Bounds: p.bounds})
		}
		ix.AddInstances(layer, c.pos, c.idx, parts, s.xf)
	}
}

// hiddenFeature reports whether a scenario hides feature f of the set's
// streamed tile.
func (s *instSet) hiddenFeature(f int) bool {
	return f >= 0 && f < len(s.hidden) && s.hidden[f]
}

// pick returns the feature of the set's nearest triangle on the ray, as
// chunk.pick does, skipping hidden features.
func (s *instSet) pick(o, d scene.Vec3) (feature int, dist float64, ok bool) {
	if _, _, hit := pick.RayBox(o, d, s.bounds); !hit {
		return -1, 0, false
	}
	for _, g := range s.groups {
		if t0, _, hit := pick.RayBox(o, d, g.bounds); !hit || (ok && t0 > dist) {
			continue
		}
		for k := g.first; k < g.end; k++ {
			if t0, _, hit := pick.RayBox(o, d, s.cull[k].box); !hit || (ok && t0 > dist) {
				continue
			}
			in := &s.xf[k]
			for _, c := range s.pieces {
				at := func(i uint16) scene.Vec3 {
					return in.Apply([3]float32{c.pos[3*int(i)], c.pos[3*int(i)+1], c.pos[3*int(i)+2]})
				}
				for pi := range c.parts {
					p := &c.parts[pi]
					if s.hiddenFeature(in.FeatureOf(scene.Part{Feature: int(p.feature)})) {
						continue
					}
					for i := p.i0; i+3 <= p.i1; i += 3 {
						t, hit := pick.RayTriangle64(o, d, at(c.idx[i]), at(c.idx[i+1]), at(c.idx[i+2]))
						if hit && (!ok || t < dist) {
							feature, dist, ok = in.FeatureOf(scene.Part{Feature: int(p.feature)}), t, true
						}
					}
				}
			}
		}
	}
	return feature, dist, ok
}

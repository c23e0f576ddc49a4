package mesh

import (
	"math"

	"citytwin/scene"
)

// MaxVertices is the most vertices one mesh holds (Ebiten's uint16 indices).
const MaxVertices = 65535

// DefaultTileSize is the edge of the square tiles (metres) that group
// features into chunks.
const DefaultTileSize = 500.0

// LayerMeshes are one layer's meshes: Ground (flat areas and line ribbons,
// drawn first in order without depth) and Solids (extrusions and point
// markers). Each mesh holds at most MaxVertices vertices and one Part per
// feature it draws. GroundChunk[i] / SolidChunk[i] give the chunk (index into
// Chunking.Chunks) that mesh i belongs to, so a renderer can replace one
// chunk's meshes with BuildChunk after features change.
type LayerMeshes struct {
	Ground      []scene.Mesh
	Solids      []scene.Mesh
	GroundChunk []int
	SolidChunk  []int
	Chunking    *Chunking
}

// Triangles returns the number of triangles in all meshes.
func (lm LayerMeshes) Triangles() int {
	n := 0
	for i := range lm.Ground {
		n += lm.Ground[i].Triangles()
	}
	for i := range lm.Solids {
		n += lm.Solids[i].Triangles()
	}
	return n
}

// Chunking groups a layer's features by square tiles of TileSize metres
// (by the centre of each feature's bounding box). It depends only on the
// geometry, not on scenarios, so it stays valid while hidden states and
// properties change.
type Chunking struct {
	TileSize float64
	Chunks   []Chunk
	// FeatureChunk[i] is the chunk of layer feature i (-1: no geometry).
	FeatureChunk []int
}

// Chunk is one tile's features, in layer order.
type Chunk struct {
	Tile     [2]int // tile column and row (floor(x/TileSize), floor(y/TileSize))
	Features []int  // indices into Layer.Features
}

// NewChunking groups the features of l into tiles of size metres (0:
// DefaultTileSize).
func NewChunking(l *scene.Layer, size float64) *Chunking {
	if !(size > 0) {
		size = DefaultTileSize
	}
	c := &Chunking{TileSize: size, FeatureChunk: make([]int, len(l.Features))}
	idx := map[[2]int]int{}
	for i := range l.Features {
		g := l.Features[i].Geometry
		if g == nil {
			c.FeatureChunk[i] = -1
			continue
		}
		bd := g.Bound()
		cx, cy := (bd.Min[0]+bd.Max[0])/2, (bd.Min[1]+bd.Max[1])/2
		if !finite(cx) || !finite(cy) {
			c.FeatureChunk[i] = -1
			continue
		}
		t := [2]int{int(math.Floor(cx / size)), int(math.Floor(cy / size))}
		k, ok := idx[t]
		if !ok {
			k = len(c.Chunks)
			idx[t] = k
			c.Chunks = append(c.Chunks, Chunk{Tile: t})
		}
		c.Chunks[k].Features = append(c.Chunks[k].Features, i)
		c.FeatureChunk[i] = k
	}
	return c
}

// BuildLayer builds the meshes of l as the evaluation ev shows it (nil: the
// baseline): hidden features are left out, properties come from
// ev.Properties, looks from l.Style.Look with storeyHeight (0: 3 m).
// Features are chunked by NewChunking(l, DefaultTileSize). The returned
// meshes are new and owned by the caller.
func BuildLayer(l *scene.Layer, ev *scene.Evaluation, storeyHeight float64) LayerMeshes {
	ch := NewChunking(l, DefaultTileSize)
	lm := LayerMeshes{Chunking: ch}
	for c := range ch.Chunks {
		g, s := BuildChunk(l, ev, storeyHeight, ch, c)
		for range g {
			lm.GroundChunk = append(lm.GroundChunk, c)
		}
		for range s {
			lm.SolidChunk = append(lm.SolidChunk, c)
		}
		lm.Ground = append(lm.Ground, g...)
		lm.Solids = append(lm.Solids, s...)
	}
	return lm
}

// BuildChunk builds the ground and solid meshes of chunk c of ch, as
// BuildLayer does for the whole layer: a renderer that learns from
// Evaluation.Changed that feature i changed rebuilds chunk
// ch.FeatureChunk[i] and replaces the meshes whose GroundChunk/SolidChunk
// entry is that chunk.
func BuildChunk(l *scene.Layer, ev *scene.Evaluation, storeyHeight float64, ch *Chunking, c int) (ground, solids []scene.Mesh) {
	if c < 0 || c >= len(ch.Chunks) {
		return nil, nil
	}
	var gb, sb builder
	gb.m, sb.m = &scene.Mesh{}, &scene.Mesh{}
	for _, i := range ch.Chunks[c].Features {
		f := &l.Features[i]
		props, shown := ev.Shown(l, i)
		if !shown {
			continue
		}
		look := l.Style.Look(props, f.Geometry, storeyHeight)
		k := solidKind(f.Geometry, look)
		if k&kindGround != 0 {
			ground = appendPart(&gb, ground, f, i, look, kindGround)
		}
		if k&kindSolid != 0 {
			solids = appendPart(&sb, solids, f, i, look, kindSolid)
		}
	}
	if len(gb.m.Indices) > 0 {
		ground = append(ground, *gb.m)
	}
	if len(sb.m.Indices) > 0 {
		solids = append(solids, *sb.m)
	}
	return ground, solids
}

// appendPart appends feature i to b's current mesh, starting a new mesh
// (moved to done) when it would pass MaxVertices. A feature larger than a
// whole mesh is split over several meshes by triangles.
func appendPart(b *builder, done []scene.Mesh, f *scene.Feature, i int, look scene.Look, k kind) []scene.Mesh {
	m := b.m
	v0, i0 := len(m.Vertices), len(m.Indices)
	b.geometry(f.Geometry, f.Ground, look, k)
	if len(m.Indices) == i0 {
		m.Vertices = m.Vertices[:v0]
		return done
	}
	if len(m.Vertices) <= MaxVertices {
		m.Parts = append(m.Parts, scene.Part{Feature: i, First: i0, Count: len(m.Indices) - i0, Bounds: bounds(m, i0)})
		return done
	}
	// Too big: move this feature's triangles out, close the current mesh.
	fv := append([]scene.Vertex(nil), m.Vertices[v0:]...)
	fi := append([]uint32(nil), m.Indices[i0:]...)
	m.Vertices, m.Indices = m.Vertices[:v0], m.Indices[:i0]
	if len(m.Indices) > 0 {
		done = append(done, *m)
	}
	*m = scene.Mesh{}
	for j := range fi {
		fi[j] -= uint32(v0)
	}
	if len(fv) <= MaxVertices {
		m.Vertices, m.Indices = fv, fi
		m.Parts = []scene.Part{{Feature: i, First: 0, Count: len(fi), Bounds: bounds(m, 0)}}
		return done
	}
	// Split by triangles with vertex remapping.
	remap := make(map[uint32]uint32)
	for t := 0; t+2 < len(fi); t += 3 {
		if len(m.Vertices)+3 > MaxVertices {
			m.Parts = []scene.Part{{Feature: i, First: 0, Count: len(m.Indices), Bounds: bounds(m, 0)}}
			done = append(done, *m)
			*m = scene.Mesh{}
			clear(remap)
		}
		for _, vi := range fi[t : t+3] {
			n, ok := remap[vi]
			if !ok {
				n = uint32(len(m.Vertices))
				m.Vertices = append(m.Vertices, fv[vi])
				remap[vi] = n
			}
			m.Indices = append(m.Indices, n)
		}
	}
	if len(m.Indices) > 0 {
		m.Parts = []scene.Part{{Feature: i, First: 0, Count: len(m.Indices), Bounds: bounds(m, 0)}}
	}
	return done
}

func bounds(m *scene.Mesh, first int) scene.Box {
	b := scene.EmptyBox()
	for _, ix := range m.Indices[first:] {
		p := m.Vertices[ix].Pos
		b = b.Extend(scene.Vec3{float64(p[0]), float64(p[1]), float64(p[2])})
	}
	return b
}

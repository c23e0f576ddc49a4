package gltf

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"unsafe"

	qgltf "github.com/qmuntal/gltf"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// maxTotalVertices bounds the vertices one model may produce (node and GPU
// instances multiply a small file's geometry): about 1.2 GB of vertices.
const maxTotalVertices = 1 << 25

// MaxVertices is the most vertices AppendTo puts into one scene.Mesh, so
// each mesh fits one draw call with 16-bit indices.
const MaxVertices = 65535

// scratch holds buffers reused between primitives, and between models
// through scratchPool (a city of tiles loads one model after another).
type scratch struct {
	pos, uv, col, fid, f64b  []float64
	idx, tris, seq, local    []uint32
	verts                    []scene.Vertex
	remap, order, triFeature []int32
	counts                   []int32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPooledScratch is the most bytes of scratch buffers kept in the pool;
// larger ones (a huge model's) are left to the garbage collector.
const maxPooledScratch = 64 << 20

// size returns the bytes the scratch buffers hold.
func (sc *scratch) size() int {
	n := 8 * (cap(sc.pos) + cap(sc.uv) + cap(sc.col) + cap(sc.fid) + cap(sc.f64b))
	n += 4 * (cap(sc.idx) + cap(sc.tris) + cap(sc.seq) + cap(sc.local))
	n += 4 * (cap(sc.remap) + cap(sc.order) + cap(sc.triFeature) + cap(sc.counts))
	return n + cap(sc.verts)*int(unsafe.Sizeof(scene.Vertex{}))
}

// Instance says where AppendTo puts a model and how its objects become
// features.
type Instance struct {
	// ToLocal maps the model's scene coordinates (glTF axes, after node
	// transforms) to the layer's local frame (metres east, north, up).
	ToLocal affine.Mat4
	// FeatureOf maps a per-vertex feature id (_BATCHID, or the attribute
	// named by EXT_mesh_features) to an index into the layer's Features.
	// Nil creates one feature per distinct id.
	FeatureOf func(id int) int
	// Properties are copied into every feature AppendTo creates.
	Properties map[string]any
	// Copies, when not empty, places the model once per entry instead of
	// once at ToLocal (an instanced tile): its geometry is stored once, with
	// one scene.MeshInstance per copy.
	Copies []Copy
}

// Copy is one placement of a model appended with Instance.Copies.
type Copy struct {
	// ToLocal maps the model's scene coordinates to the local frame.
	ToLocal affine.Mat4
	// Feature is the index into the layer's Features that every triangle of
	// the copy belongs to, or -1 for features made as usual (per node or
	// per feature id).
	Feature int
}

// place is one placement of a node's mesh: a world transform and the
// feature that overrides the usual ones (-1: none).
type place struct {
	m       affine.Mat4
	feature int
}

// maxInstances bounds the mesh instances one model may produce.
const maxInstances = 1 << 22

type writer struct {
	m           *Model
	l           *scene.Layer
	in          Instance
	mats        map[int]*material
	cur         map[int]int
	nodeFeature map[int]int
	idFeature   map[idKey]int
	idDense     [][]int32 // [table+1][id]: feature+1 (0: none yet), for small ids
	skipped     int
	total       int // vertices emitted so far (upper bound)
	instances   int // mesh instances made so far
	places      []place
	// need is, per material, the vertices and indices that primitives
	// placed once still have to add to the material's meshes.
	need map[int][2]int
}

// plan fills w.need: it walks the drawn nodes as AppendTo will and adds up
// the POSITION and index counts of the triangle primitives that go into
// shared meshes (placed once, at most MaxVertices vertices).
func (w *writer) plan(base affine.Mat4, copies int) {
	w.need = map[int][2]int{}
	if copies != 1 {
		return
	}
	d := w.m.Doc
	_ = w.m.walk(base, func(i int, _ affine.Mat4) error {
		n := d.Nodes[i]
		if n.Mesh == nil {
			return nil
		}
		if _, inst := n.Extensions["EXT_mesh_gpu_instancing"]; inst {
			return nil
		}
		for _, p := range d.Meshes[*n.Mesh].Primitives {
			ai, ok := p.Attributes[qgltf.POSITION]
			if !ok || p.Mode != qgltf.PrimitiveTriangles {
				continue
			}
			nv := d.Accessors[ai].Count
			if nv < 0 || nv > MaxVertices {
				continue
			}
			ni := nv
			if p.Indices != nil {
				ni = max(0, d.Accessors[*p.Indices].Count)
			}
			k := -1
			if p.Material != nil {
				k = *p.Material
			}
			c := w.need[k]
			w.need[k] = [2]int{c[0] + nv, c[1] + ni}
		}
		return nil
	})
}

// placed takes nv vertices and ni indices off what material k still needs.
func (w *writer) placed(k, nv, ni int) {
	if c, ok := w.need[k]; ok {
		w.need[k] = [2]int{max(0, c[0]-nv), max(0, c[1]-ni)}
	}
}

// AppendTo adds the drawn scene of m to l: meshes (one per material, split
// at MaxVertices), with scene.Parts pointing at features, one feature per
// node instance unless the primitives carry feature ids. Lines and points
// are not drawn (counted in a warning). It returns an *InputError for
// malformed geometry (out-of-range indices, overrunning accessors).
func (m *Model) AppendTo(l *scene.Layer, in Instance) error {
	w := &writer{m: m, l: l, in: in, mats: map[int]*material{}, cur: map[int]int{},
		nodeFeature: map[int]int{}, idFeature: map[idKey]int{}}
	m.scratch = scratchPool.Get().(*scratch)
	defer func() {
		if m.scratch.size() <= maxPooledScratch {
			scratchPool.Put(m.scratch)
		}
		m.scratch = nil
	}()
	base, copies := in.ToLocal, in.Copies
	if len(copies) > 0 {
		base = affine.Identity // each copy adds its own
	} else {
		copies = []Copy{{ToLocal: affine.Identity, Feature: -1}}
	}
	w.plan(base, len(copies))
	err := m.walk(base, func(i int, g affine.Mat4) error {
		n := m.Doc.Nodes[i]
		if n.Mesh == nil {
			return nil
		}
		inst, err := m.instanceMatrices(i)
		if err != nil {
			return err
		}
		ids, table, err := m.instanceFeatureIDs(i, len(inst))
		if err != nil {
			return err
		}
		w.places = w.places[:0]
		for _, c := range copies {
			cg := c.ToLocal.Mul(g)
			if inst == nil {
				w.places = append(w.places, place{cg, c.Feature})
			}
			for k, t := range inst {
				f := c.Feature
				if f < 0 && ids != nil {
					f = w.featureForID(ids[k], table) // EXT_instance_features
				}
				w.places = append(w.places, place{cg.Mul(t), f})
			}
		}
		for pi, p := range m.Doc.Meshes[*n.Mesh].Primitives {
			if err := w.primitive(i, p, w.places); err != nil {
				return fmt.Errorf("node %d mesh %d primitive %d: %w", i, *n.Mesh, pi, err)
			}
		}
		return nil
	})
	if err != nil {
		return &InputError{File: m.Name, Reason: "invalid geometry", Err: err}
	}
	if w.skipped > 0 {
		m.warnf("%d line or point primitives not drawn", w.skipped)
	}
	return nil
}

func (w *writer) material(i *int) (int, *material) {
	k := -1
	if i != nil {
		k = *i
	}
	mat, ok := w.mats[k]
	if !ok {
		mat = w.m.material(k)
		w.mats[k] = mat
	}
	return k, mat
}

// attribute reads attribute name of p, requiring comps components (any of
// them) and nv elements; comps is 0 in the result when it is absent. Float
// accessors are read from the buffer in place; others are decoded into dst.
func (w *writer) attribute(p *qgltf.Primitive, name string, nv int, dst *[]float64, comps ...int) (floats, error) {
	ai, ok := p.Attributes[name]
	if !ok {
		return floats{}, nil
	}
	v, err := w.m.accessorFloats(ai, (*dst)[:0], true)
	if err != nil {
		return floats{}, fmt.Errorf("%s: %w", name, err)
	}
	if v.f64 != nil {
		*dst = v.f64
	}
	if !slices.Contains(comps, v.comps) {
		return floats{}, fmt.Errorf("%s: accessor %d has %d components", name, ai, v.comps)
	}
	if v.n != nv {
		return floats{}, fmt.Errorf("%s: accessor %d has %d elements, POSITION has %d", name, ai, v.n, nv)
	}
	return v, nil
}

// checkAttribute checks, without reading it, that attribute name of p (if
// present) has comps components and nv elements that lie inside their
// buffer view: attributes citytwin does not draw (NORMAL: faces are lit by
// their plane) are validated as the others are.
func (w *writer) checkAttribute(p *qgltf.Primitive, name string, nv, comps int) error {
	ai, ok := p.Attributes[name]
	if !ok {
		return nil
	}
	a := w.m.Doc.Accessors[ai]
	if c := typeComponents(a.Type); c != comps {
		return fmt.Errorf("%s: accessor %d has %d components, want %d", name, ai, c, comps)
	}
	if a.Count != nv {
		return fmt.Errorf("%s: accessor %d has %d elements, POSITION has %d", name, ai, a.Count, nv)
	}
	if a.BufferView != nil {
		if _, err := w.m.makeView(*a.BufferView, a.ByteOffset, a.ComponentType, comps, a.Count, a.Normalized); err != nil {
			return fmt.Errorf("%s: accessor %d: %w", name, ai, err)
		}
	}
	return nil
}

func (w *writer) primitive(node int, p *qgltf.Primitive, places []place) error {
	m, sc := w.m, w.m.scratch
	switch p.Mode {
	case qgltf.PrimitiveTriangles, qgltf.PrimitiveTriangleStrip, qgltf.PrimitiveTriangleFan:
	default:
		w.skipped++
		return nil
	}
	if _, ok := p.Attributes[qgltf.POSITION]; !ok {
		m.warnf("node %d: a primitive without POSITION was skipped", node)
		return nil
	}
	ai := p.Attributes[qgltf.POSITION]
	if _, ok := p.Extensions["KHR_draco_mesh_compression"]; ok && ai >= 0 && ai < len(m.Doc.Accessors) && m.Doc.Accessors[ai].BufferView == nil {
		// Only used (not required), but this primitive has no uncompressed
		// fallback data.
		return fmt.Errorf("primitive is only stored with KHR_draco_mesh_compression, which citytwin cannot decode; " +
			"convert the model to plain glTF, e.g. with gltf-transform (npm install -g @gltf-transform/cli)")
	}
	pos, err := m.accessorFloats(ai, sc.pos[:0], true)
	if err != nil {
		return fmt.Errorf("POSITION: %w", err)
	}
	if pos.comps != 3 {
		return fmt.Errorf("POSITION: accessor %d has %d components, want 3", ai, pos.comps)
	}
	if pos.f64 != nil {
		sc.pos = pos.f64
	}
	nv := pos.n
	for i := 0; i < nv; i++ {
		x, y, z := pos.at(i, 0), pos.at(i, 1), pos.at(i, 2)
		if x-x != 0 || y-y != 0 || z-z != 0 { // NaN or ±Inf
			m.warnf("node %d: POSITION accessor %d: vertex %d is not finite; primitive skipped", node, ai, i)
			return nil
		}
	}
	idx := sc.seq[:0]
	if p.Indices != nil {
		if idx, err = m.readIndices(*p.Indices, nv, sc.idx[:0]); err != nil {
			return err
		}
		sc.idx = idx
	} else {
		for i := 0; i < nv; i++ {
			idx = append(idx, uint32(i))
		}
		sc.seq = idx
	}
	var tris []uint32
	if p.Mode == qgltf.PrimitiveTriangles {
		tris = idx[:len(idx)/3*3] // already a triangle list
	} else {
		tris = toTriangles(p.Mode, idx, sc.tris[:0])
		sc.tris = tris
	}
	if len(tris) == 0 {
		return nil
	}
	matIdx, mat := w.material(p.Material)
	if err := w.checkAttribute(p, qgltf.NORMAL, nv, 3); err != nil {
		return err
	}
	var uv floats
	if mat.texture != nil {
		if uv, err = w.attribute(p, fmt.Sprintf("TEXCOORD_%d", mat.texCoord), nv, &sc.uv, 2); err != nil {
			return err
		}
	}
	col, err := w.attribute(p, qgltf.COLOR_0, nv, &sc.col, 3, 4)
	if err != nil {
		return err
	}
	var fid floats
	name, table := featureAttribute(p)
	forced := places[0].feature // i3dm copies name their feature
	if name != "" && forced < 0 {
		if fid, err = w.attribute(p, name, nv, &sc.fid, 1); err != nil {
			return err
		}
	}
	// Feature of every triangle, and the order that groups them.
	nt := len(tris) / 3
	triFeature := slices.Grow(sc.triFeature[:0], nt)[:nt]
	sc.triFeature = triFeature
	if fid.comps != 0 {
		// Neighbouring triangles mostly share their id: look it up once
		// per run.
		last, f := math.NaN(), int32(0)
		for t := range triFeature {
			if v := fid.at(int(tris[t*3]), 0); v != last {
				last, f = v, int32(w.featureForID(v, table))
			}
			triFeature[t] = f
		}
	} else {
		f := int32(forced)
		if forced < 0 || forced >= len(w.l.Features) {
			f = int32(w.featureForNode(node))
		}
		for t := range triFeature {
			triFeature[t] = f
		}
	}
	order := slices.Grow(sc.order[:0], nt)[:nt]
	for t := range order {
		order[t] = int32(t)
	}
	if fid.comps != 0 && !slices.IsSorted(triFeature) {
		order = sc.sortByFeature(order, triFeature, len(w.l.Features))
	}
	sc.order = order
	if len(places) > 1 && nv <= MaxVertices {
		// Placed many times: the vertices once, one instance per place.
		if w.instances += len(places); w.instances > maxInstances {
			return fmt.Errorf("the model makes more than %d mesh instances; refused", maxInstances)
		}
		if w.total += nv; w.total > maxTotalVertices {
			return fmt.Errorf("the model makes more than %d vertices; refused", maxTotalVertices)
		}
		w.emitInstanced(mat, &pos, &uv, &col, tris, order, triFeature, places)
		return nil
	}
	if w.total += len(tris) * len(places); w.total > maxTotalVertices {
		return fmt.Errorf("the model makes more than %d vertices (instances multiply it); refused", maxTotalVertices)
	}
	for i := range places {
		if f := places[i].feature; f >= 0 && f < len(w.l.Features) && (len(triFeature) == 0 || triFeature[0] != int32(f)) {
			// This copy names its own feature (i3dm, EXT_instance_features).
			for t := range triFeature {
				triFeature[t] = int32(f)
			}
		}
		w.emit(matIdx, mat, &places[i].m, &pos, &uv, &col, tris, order, triFeature)
	}
	return nil
}

// sortByFeature returns order (the triangles 0..n-1) sorted stably by
// feature (0 ≤ feature < features): a counting sort.
func (sc *scratch) sortByFeature(order, triFeature []int32, features int) []int32 {
	counts := slices.Grow(sc.counts[:0], features+1)[:features+1]
	clear(counts)
	sc.counts = counts
	for _, f := range triFeature {
		counts[f+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	for t, f := range triFeature {
		order[counts[f]] = int32(t)
		counts[f]++
	}
	return order
}

// toTriangles appends a triangle list for the mode's index sequence.
func toTriangles(mode qgltf.PrimitiveMode, idx, dst []uint32) []uint32 {
	switch mode {
	case qgltf.PrimitiveTriangles:
		dst = append(dst, idx[:len(idx)/3*3]...)
	case qgltf.PrimitiveTriangleStrip:
		for i := 0; i+2 < len(idx); i++ {
			if i%2 == 0 {
				dst = append(dst, idx[i], idx[i+1], idx[i+2])
			} else {
				dst = append(dst, idx[i+1], idx[i], idx[i+2])
			}
		}
	case qgltf.PrimitiveTriangleFan:
		for i := 1; i+1 < len(idx); i++ {
			dst = append(dst, idx[0], idx[i], idx[i+1])
		}
	}
	return dst
}

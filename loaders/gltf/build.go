package gltf

import (
	"fmt"
	"image/color"
	"maps"
	"math"
	"slices"

	qgltf "github.com/qmuntal/gltf"

	"citytwin/scene"
)

// maxTotalVertices bounds the vertices one model may produce (node and GPU
// instances multiply a small file's geometry): about 1.2 GB of vertices.
const maxTotalVertices = 1 << 25

// MaxVertices is the most vertices AppendTo puts into one scene.Mesh, so
// each mesh fits one draw call with 16-bit indices.
const MaxVertices = 65535

// scratch holds buffers reused between primitives.
type scratch struct {
	pos, nrm, uv, col, fid, f64b []float64
	idx, tris, seq, local        []uint32
	verts                        []scene.Vertex
	remap, order, triFeature     []int32
}

// Instance says where AppendTo puts a model and how its objects become
// features.
type Instance struct {
	// ToLocal maps the model's scene coordinates (glTF axes, after node
	// transforms) to the layer's local frame (metres east, north, up).
	ToLocal Mat4
	// FeatureOf maps a per-vertex feature id (_BATCHID, or the attribute
	// named by EXT_mesh_features) to an index into the layer's Features.
	// Nil creates one feature per distinct id.
	FeatureOf func(id int) int
	// Properties are copied into every feature AppendTo creates.
	Properties map[string]any
	// Feature, when not nil, is the index into the layer's Features that
	// every triangle belongs to (an instance of an instanced tile), instead
	// of one new feature per node or per-vertex id.
	Feature *int
}

type writer struct {
	m           *Model
	l           *scene.Layer
	in          Instance
	mats        map[int]*material
	cur         map[int]int
	nodeFeature map[int]int
	idFeature   map[idKey]int
	skipped     int
	total       int // vertices emitted so far (upper bound)
}

// AppendTo adds the drawn scene of m to l: meshes (one per material, split
// at MaxVertices), with scene.Parts pointing at features, one feature per
// node instance unless the primitives carry feature ids. Lines and points
// are not drawn (counted in a warning). It returns an *InputError for
// malformed geometry (out-of-range indices, overrunning accessors).
func (m *Model) AppendTo(l *scene.Layer, in Instance) error {
	w := &writer{m: m, l: l, in: in, mats: map[int]*material{}, cur: map[int]int{},
		nodeFeature: map[int]int{}, idFeature: map[idKey]int{}}
	err := m.walk(in.ToLocal, func(i int, g Mat4) error {
		n := m.Doc.Nodes[i]
		if n.Mesh == nil {
			return nil
		}
		worlds := []Mat4{g}
		inst, err := m.instanceMatrices(i)
		if err != nil {
			return err
		}
		if inst != nil {
			worlds = worlds[:0]
			for _, t := range inst {
				worlds = append(worlds, g.Mul(t))
			}
		}
		for pi, p := range m.Doc.Meshes[*n.Mesh].Primitives {
			if err := w.primitive(i, p, worlds); err != nil {
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

// featureAttribute returns the name of the per-vertex feature id attribute
// of p and the EXT_structural_metadata property table its ids index (-1:
// none), or "".
func featureAttribute(p *qgltf.Primitive) (string, int) {
	if raw, ok := p.Extensions["EXT_mesh_features"]; ok {
		var ext struct {
			FeatureIDs []struct {
				Attribute     *int `json:"attribute"`
				PropertyTable *int `json:"propertyTable"`
			} `json:"featureIds"`
		}
		if b, ok := raw.(jsonRaw); ok && jsonUnmarshal(b, &ext) == nil {
			for _, f := range ext.FeatureIDs {
				if f.Attribute != nil {
					table := -1
					if f.PropertyTable != nil {
						table = *f.PropertyTable
					}
					return fmt.Sprintf("_FEATURE_ID_%d", *f.Attribute), table
				}
			}
		}
	}
	for _, name := range []string{"_BATCHID", "_BATCHID_0", "_FEATURE_ID_0"} {
		if _, ok := p.Attributes[name]; ok {
			return name, -1
		}
	}
	return "", -1
}

// attribute reads attribute name of p, requiring comps components (any of
// them) and nv elements; nil when absent.
func (w *writer) attribute(p *qgltf.Primitive, name string, nv int, dst []float64, comps ...int) ([]float64, int, error) {
	ai, ok := p.Attributes[name]
	if !ok {
		return nil, 0, nil
	}
	v, c, err := w.m.readFloats(ai, dst)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	if !slices.Contains(comps, c) {
		return nil, 0, fmt.Errorf("%s: accessor %d has %d components", name, ai, c)
	}
	if len(v) != nv*c {
		return nil, 0, fmt.Errorf("%s: accessor %d has %d elements, POSITION has %d", name, ai, len(v)/c, nv)
	}
	return v, c, nil
}

func (w *writer) primitive(node int, p *qgltf.Primitive, worlds []Mat4) error {
	m, sc := w.m, &w.m.scratch
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
	pos, pc, err := m.readFloats(ai, sc.pos[:0])
	if err != nil {
		return fmt.Errorf("POSITION: %w", err)
	}
	if pc != 3 {
		return fmt.Errorf("POSITION: accessor %d has %d components, want 3", ai, pc)
	}
	sc.pos = pos
	nv := len(pos) / 3
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
	tris := toTriangles(p.Mode, idx, sc.tris[:0])
	sc.tris = tris
	if len(tris) == 0 {
		return nil
	}
	matIdx, mat := w.material(p.Material)
	nrm, _, err := w.attribute(p, qgltf.NORMAL, nv, sc.nrm[:0], 3)
	if err != nil {
		return err
	}
	sc.nrm = keep(sc.nrm, nrm)
	var uv []float64
	if mat.texture != nil {
		if uv, _, err = w.attribute(p, fmt.Sprintf("TEXCOORD_%d", mat.texCoord), nv, sc.uv[:0], 2); err != nil {
			return err
		}
		sc.uv = keep(sc.uv, uv)
	}
	col, cc, err := w.attribute(p, qgltf.COLOR_0, nv, sc.col[:0], 3, 4)
	if err != nil {
		return err
	}
	sc.col = keep(sc.col, col)
	var fid []float64
	name, table := featureAttribute(p)
	if name != "" && w.in.Feature == nil {
		if fid, _, err = w.attribute(p, name, nv, sc.fid[:0], 1); err != nil {
			return err
		}
		sc.fid = keep(sc.fid, fid)
	}
	// Feature of every triangle, and the order that groups them.
	nt := len(tris) / 3
	triFeature := sc.triFeature[:0]
	if fid != nil {
		for t := 0; t < nt; t++ {
			triFeature = append(triFeature, int32(w.featureForID(fid[tris[t*3]], table)))
		}
	} else {
		f := int32(w.featureForNode(node))
		for t := 0; t < nt; t++ {
			triFeature = append(triFeature, f)
		}
	}
	sc.triFeature = triFeature
	order := sc.order[:0]
	for t := 0; t < nt; t++ {
		order = append(order, int32(t))
	}
	if fid != nil {
		slices.SortStableFunc(order, func(a, b int32) int { return int(triFeature[a] - triFeature[b]) })
	}
	sc.order = order
	if w.total += len(tris) * len(worlds); w.total > maxTotalVertices {
		return fmt.Errorf("the model makes more than %d vertices (instances multiply it); refused", maxTotalVertices)
	}
	for _, W := range worlds {
		w.emit(matIdx, mat, &W, pos, nrm, uv, col, cc, tris, order, triFeature)
	}
	return nil
}

// keep returns got when it is non-nil (so a grown buffer is reused), else
// the old buffer.
func keep(old, got []float64) []float64 {
	if got != nil {
		return got
	}
	return old
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

func (w *writer) featureForNode(node int) int {
	if f := w.in.Feature; f != nil && *f >= 0 && *f < len(w.l.Features) {
		return *f
	}
	if f, ok := w.nodeFeature[node]; ok {
		return f
	}
	n := w.m.Doc.Nodes[node]
	props := maps.Clone(w.in.Properties)
	if props == nil {
		props = map[string]any{}
	}
	props["node"] = float64(node)
	id := n.Name
	if id == "" {
		id = fmt.Sprintf("node %d", node)
	} else {
		props["name"] = n.Name
	}
	if n.Mesh != nil && w.m.Doc.Meshes[*n.Mesh].Name != "" {
		props["mesh"] = w.m.Doc.Meshes[*n.Mesh].Name
	}
	if ex, ok := n.Extras.(map[string]any); ok {
		for k, v := range ex {
			props[k] = v
		}
	}
	f := len(w.l.Features)
	w.l.Features = append(w.l.Features, scene.Feature{ID: id, Index: node, Properties: props})
	w.nodeFeature[node] = f
	return f
}

// idKey identifies a feature by property table and feature id.
type idKey struct{ table, id int }

func (w *writer) featureForID(v float64, table int) int {
	id := -1
	if v >= 0 && v < math.MaxInt32 {
		id = int(v + 0.5)
	}
	if w.in.FeatureOf != nil {
		if f := w.in.FeatureOf(id); f >= 0 && f < len(w.l.Features) {
			return f
		}
	}
	if f, ok := w.idFeature[idKey{table, id}]; ok {
		return f
	}
	props := maps.Clone(w.in.Properties)
	if props == nil {
		props = map[string]any{}
	}
	props["feature_id"] = float64(id)
	fid := fmt.Sprint(id)
	if t := w.m.table(table); t != nil {
		row := t.row(id)
		for k, v := range row {
			props[k] = v
		}
		fid = featureName(row, fid)
	}
	f := len(w.l.Features)
	w.l.Features = append(w.l.Features, scene.Feature{ID: fid, Index: id, Properties: props})
	w.idFeature[idKey{table, id}] = f
	return f
}

// featureName picks an identifier among a feature's properties.
func featureName(row map[string]any, fallback string) string {
	for _, k := range []string{"id", "ID", "gml_id", "gmlid", "identificatie", "identifier", "name"} {
		if s, ok := row[k].(string); ok && s != "" {
			return s
		}
	}
	return fallback
}

// emit transforms one primitive instance by W and appends its triangles,
// grouped by feature, to the material's current mesh.
func (w *writer) emit(matIdx int, mat *material, W *Mat4, pos, nrm, uv, col []float64, cc int,
	tris []uint32, order, triFeature []int32) {
	sc := &w.m.scratch
	flip := W.Det3() < 0
	N, nok := W.NormalMatrix()
	nv := len(pos) / 3
	constColor := toNRGBA(mat.factor, mat.opaque)
	vertex := func(i int) scene.Vertex {
		var v scene.Vertex
		p := W.Apply([3]float64{pos[i*3], pos[i*3+1], pos[i*3+2]})
		v.Pos = [3]float32{float32(p[0]), float32(p[1]), float32(p[2])}
		if nrm != nil && nok {
			a, b, c := nrm[i*3], nrm[i*3+1], nrm[i*3+2]
			x, y, z := N[0]*a+N[1]*b+N[2]*c, N[3]*a+N[4]*b+N[5]*c, N[6]*a+N[7]*b+N[8]*c
			if l := math.Sqrt(x*x + y*y + z*z); l > 0 {
				v.Normal = [3]float32{float32(x / l), float32(y / l), float32(z / l)}
			}
		}
		if col == nil {
			v.Color = constColor
		} else {
			c := mat.factor
			for k := 0; k < cc; k++ {
				c[k] *= col[i*cc+k]
			}
			v.Color = toNRGBA(c, mat.opaque)
		}
		if uv != nil {
			u, t := uv[i*2], uv[i*2+1]
			if x := mat.uvTransform; x != nil {
				u, t = x[0]*u+x[1]*t+x[2], x[3]*u+x[4]*t+x[5]
			}
			v.UV = [2]float32{float32(u), float32(t)}
		}
		return v
	}
	verts := sc.verts[:0]
	local := tris
	if nrm != nil || !nok {
		verts = slices.Grow(verts, nv)
		for i := 0; i < nv; i++ {
			verts = append(verts, vertex(i))
		}
		if flip {
			local = append(sc.local[:0], tris...)
			for t := 0; t+2 < len(local); t += 3 {
				local[t+1], local[t+2] = local[t+2], local[t+1]
			}
			sc.local = local
		}
	} else {
		// No normals: flat shading, three own vertices per triangle,
		// written straight into the meshes.
		w.putFlat(matIdx, mat, vertex, flip, tris, order, triFeature)
		return
	}
	sc.verts = verts
	w.put(matIdx, mat, verts, local, order, triFeature)
}

// putFlat appends triangles (in the given order) with three vertices each
// and the face normal, keeping meshes under MaxVertices and recording one
// Part per run of triangles of the same feature.
func (w *writer) putFlat(matIdx int, mat *material, vertex func(int) scene.Vertex, flip bool, tris []uint32, order, triFeature []int32) {
	mi, ok := w.cur[matIdx]
	if !ok || len(w.l.Meshes[mi].Vertices)+3 > MaxVertices {
		mi = w.newMesh(matIdx, mat)
	}
	reserve := func(left int) {
		me := &w.l.Meshes[mi]
		n := min(left*3, MaxVertices-len(me.Vertices))
		me.Vertices = growTo(me.Vertices, n)
		me.Indices = growTo(me.Indices, n)
	}
	reserve(len(order))
	partFeature, partFirst := int32(-1), 0
	closePart := func() {
		if partFeature >= 0 {
			me := &w.l.Meshes[mi]
			if n := len(me.Indices) - partFirst; n > 0 {
				if k := len(me.Parts) - 1; k >= 0 && me.Parts[k].Feature == int(partFeature) && me.Parts[k].First+me.Parts[k].Count == partFirst {
					me.Parts[k].Count += n
				} else {
					me.Parts = append(me.Parts, scene.Part{Feature: int(partFeature), First: partFirst, Count: n})
				}
			}
		}
		partFeature = -1
	}
	for k, t := range order {
		if len(w.l.Meshes[mi].Vertices)+3 > MaxVertices {
			closePart()
			mi = w.newMesh(matIdx, mat)
			reserve(len(order) - k)
		}
		if f := triFeature[t]; f != partFeature {
			closePart()
			partFeature, partFirst = f, len(w.l.Meshes[mi].Indices)
		}
		me := &w.l.Meshes[mi]
		a, b, c := vertex(int(tris[t*3])), vertex(int(tris[t*3+1])), vertex(int(tris[t*3+2]))
		if flip {
			b, c = c, b
		}
		n := faceNormal(a.Pos, b.Pos, c.Pos)
		a.Normal, b.Normal, c.Normal = n, n, n
		base := uint32(len(me.Vertices))
		me.Vertices = append(me.Vertices, a, b, c)
		me.Indices = append(me.Indices, base, base+1, base+2)
	}
	closePart()
}

// toNRGBA turns a linear RGBA colour into an sRGB-encoded scene colour.
func toNRGBA(c [4]float64, opaque bool) color.NRGBA {
	if opaque {
		c[3] = 1
	}
	return color.NRGBA{
		R: uint8(linearToSRGB(c[0])*255 + 0.5), G: uint8(linearToSRGB(c[1])*255 + 0.5),
		B: uint8(linearToSRGB(c[2])*255 + 0.5), A: uint8(math.Max(0, math.Min(1, c[3]))*255 + 0.5),
	}
}

func faceNormal(a, b, c [3]float32) [3]float32 {
	ux, uy, uz := float64(b[0]-a[0]), float64(b[1]-a[1]), float64(b[2]-a[2])
	vx, vy, vz := float64(c[0]-a[0]), float64(c[1]-a[1]), float64(c[2]-a[2])
	x, y, z := uy*vz-uz*vy, uz*vx-ux*vz, ux*vy-uy*vx
	l := math.Sqrt(x*x + y*y + z*z)
	if l == 0 {
		return [3]float32{0, 0, 1}
	}
	return [3]float32{float32(x / l), float32(y / l), float32(z / l)}
}

// newMesh starts a new mesh for a material.
func (w *writer) newMesh(matIdx int, mat *material) int {
	w.l.Meshes = append(w.l.Meshes, scene.Mesh{
		Texture: mat.texture, Unlit: mat.unlit, DoubleSided: mat.doubleSided, Blend: mat.blend,
	})
	mi := len(w.l.Meshes) - 1
	w.cur[matIdx] = mi
	return mi
}

// put appends triangles (in the given order) to the material's meshes,
// keeping every mesh under MaxVertices and recording one Part per run of
// triangles of the same feature.
func (w *writer) put(matIdx int, mat *material, verts []scene.Vertex, tris []uint32, order, triFeature []int32) {
	sc := &w.m.scratch
	mi, ok := w.cur[matIdx]
	if !ok {
		mi = w.newMesh(matIdx, mat)
	}
	direct := len(verts) <= MaxVertices
	if direct && len(w.l.Meshes[mi].Vertices)+len(verts) > MaxVertices {
		mi = w.newMesh(matIdx, mat)
	}
	var base uint32
	remap := sc.remap[:0]
	if direct {
		me := &w.l.Meshes[mi]
		base = uint32(len(me.Vertices))
		me.Vertices = append(growTo(me.Vertices, len(verts)), verts...)
		me.Indices = growTo(me.Indices, len(order)*3)
	} else {
		remap = slices.Grow(remap, len(verts))[:len(verts)]
		for i := range remap {
			remap[i] = -1
		}
		sc.remap = remap
		me := &w.l.Meshes[mi]
		me.Vertices = growTo(me.Vertices, min(MaxVertices-len(me.Vertices), len(verts)))
		me.Indices = growTo(me.Indices, len(order)*3)
	}
	partFeature, partFirst := int32(-1), 0
	closePart := func() {
		if partFeature < 0 {
			return
		}
		me := &w.l.Meshes[mi]
		if n := len(me.Indices) - partFirst; n > 0 {
			if k := len(me.Parts) - 1; k >= 0 && me.Parts[k].Feature == int(partFeature) && me.Parts[k].First+me.Parts[k].Count == partFirst {
				me.Parts[k].Count += n
			} else {
				me.Parts = append(me.Parts, scene.Part{Feature: int(partFeature), First: partFirst, Count: n})
			}
		}
		partFeature = -1
	}
	for _, t := range order {
		f := triFeature[t]
		if !direct && len(w.l.Meshes[mi].Vertices)+3 > MaxVertices {
			closePart()
			mi = w.newMesh(matIdx, mat)
			w.l.Meshes[mi].Vertices = slices.Grow(w.l.Meshes[mi].Vertices, min(MaxVertices, len(verts)))
			for i := range remap {
				remap[i] = -1
			}
		}
		if f != partFeature {
			closePart()
			partFeature, partFirst = f, len(w.l.Meshes[mi].Indices)
		}
		me := &w.l.Meshes[mi]
		for k := 0; k < 3; k++ {
			vi := tris[int(t)*3+k]
			if direct {
				me.Indices = append(me.Indices, base+vi)
				continue
			}
			if remap[vi] < 0 {
				remap[vi] = int32(len(me.Vertices))
				me.Vertices = append(me.Vertices, verts[vi])
			}
			me.Indices = append(me.Indices, uint32(remap[vi]))
		}
	}
	closePart()
}

// growTo makes room for n more elements, growing by at least half the
// current capacity so repeated calls stay amortised, without append's
// 1.25× steps for large slices.
func growTo[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, max(n, cap(s)/2))
}

// Finish computes the bounds of every Part, the layer's Bounds and each
// feature's Ground (the lowest local Z of its triangles). Call it once after
// the last AppendTo.
func Finish(l *scene.Layer) {
	l.Bounds = scene.EmptyBox()
	ground := make([]float64, len(l.Features))
	for i := range ground {
		ground[i] = math.Inf(1)
	}
	for mi := range l.Meshes {
		me := &l.Meshes[mi]
		for pi := range me.Parts {
			p := &me.Parts[pi]
			b := scene.EmptyBox()
			for _, ix := range me.Indices[p.First : p.First+p.Count] {
				v := me.Vertices[ix].Pos
				b = b.Extend(scene.Vec3{float64(v[0]), float64(v[1]), float64(v[2])})
			}
			p.Bounds = b
			l.Bounds = l.Bounds.Union(b)
			if p.Feature >= 0 && p.Feature < len(ground) {
				ground[p.Feature] = math.Min(ground[p.Feature], b.Min[2])
			}
		}
	}
	for i := range l.Features {
		if !math.IsInf(ground[i], 1) {
			l.Features[i].Ground = ground[i]
		}
	}
}

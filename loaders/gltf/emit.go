package gltf

import (
	"encoding/binary"
	"image/color"
	"math"
	"runtime"
	"slices"
	"sync"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// emit transforms one primitive instance by W and appends its triangles,
// grouped by feature, to the material's current mesh. Vertices are written
// once and shared by the triangles that use them (faces are lit by their
// own plane, so no normal is needed).
func (w *writer) emit(matIdx int, mat *material, W *affine.Mat4, pos, uv, col *floats,
	tris []uint32, order, triFeature []int32) {
	sc := w.m.scratch
	local := tris
	if W.Det3() < 0 {
		local = append(sc.local[:0], tris...)
		for t := 0; t+2 < len(local); t += 3 {
			local[t+1], local[t+2] = local[t+2], local[t+1]
		}
		sc.local = local
	}
	nv := pos.n
	if nv <= MaxVertices {
		// The vertices go straight into the mesh.
		mi, ok := w.cur[matIdx]
		if !ok || len(w.l.Meshes[mi].Vertices)+nv > MaxVertices {
			mi = w.newMesh(matIdx, mat)
		}
		me := &w.l.Meshes[mi]
		w.placed(matIdx, nv, len(local))
		base := len(me.Vertices)
		me.Vertices = growTo(me.Vertices, nv)[:base+nv]
		vertices(me.Vertices[base:], mat, W, pos, uv, col)
		putIndices(me, uint32(base), local, order, triFeature)
		return
	}
	verts := slices.Grow(sc.verts[:0], nv)[:nv]
	sc.verts = verts
	vertices(verts, mat, W, pos, uv, col)
	w.putSplit(matIdx, mat, verts, local, order, triFeature)
}

// emitInstanced stores one primitive (at most MaxVertices vertices) once,
// in its mesh's own coordinates, as a mesh of its own with one
// scene.MeshInstance per place.
func (w *writer) emitInstanced(mat *material, pos, uv, col *floats, tris []uint32, order, triFeature []int32, places []place) {
	w.l.Meshes = append(w.l.Meshes, scene.Mesh{
		Texture: mat.texture, Unlit: mat.unlit, DoubleSided: mat.doubleSided, Blend: mat.blend,
	})
	me := &w.l.Meshes[len(w.l.Meshes)-1]
	me.Vertices = make([]scene.Vertex, pos.n)
	vertices(me.Vertices, mat, &affine.Identity, pos, uv, col)
	putIndices(me, 0, tris, order, triFeature)
	me.Instances = make([]scene.MeshInstance, len(places))
	for i := range places {
		f := places[i].feature
		if f >= len(w.l.Features) {
			f = -1
		}
		me.Instances[i] = scene.MeshInstance{Transform: places[i].m.Affine(), Feature: f}
	}
}

// parallelVertices is the fewest vertices per goroutine when vertices
// splits a primitive between processors.
const parallelVertices = 1 << 14

// vertices writes the primitive's vertices into dst (len(dst) = pos.n):
// positions transformed by W, the material's colour (times the vertex colours) and its texture transform
// applied. Large primitives are split between processors (every vertex is
// computed alone, so the result does not depend on the split).
func vertices(dst []scene.Vertex, mat *material, W *affine.Mat4, pos, uv, col *floats) {
	parts := min(runtime.GOMAXPROCS(0), len(dst)/parallelVertices, 8)
	if parts < 2 {
		vertexRange(dst, mat, W, pos, uv, col)
		return
	}
	var wg sync.WaitGroup
	step := (len(dst) + parts - 1) / parts
	for lo := 0; lo < len(dst); lo += step {
		hi := min(lo+step, len(dst))
		p, u, c := pos.slice(lo, hi), uv.slice(lo, hi), col.slice(lo, hi)
		wg.Go(func() { vertexRange(dst[lo:hi], mat, W, &p, &u, &c) })
	}
	wg.Wait()
}

// vertexRange is vertices for one range of vertices.
func vertexRange(dst []scene.Vertex, mat *material, W *affine.Mat4, pos, uv, col *floats) {
	constColor := toNRGBA(mat.factor, mat.opaque)
	// The matrix in locals: dst cannot alias them, so they stay in
	// registers.
	m0, m1, m2, m4, m5, m6, m8, m9, m10 := W[0], W[1], W[2], W[4], W[5], W[6], W[8], W[9], W[10]
	m12, m13, m14 := W[12], W[13], W[14]
	if d := pos.data; d != nil {
		s := pos.stride
		for i := range dst {
			o := i * s
			q := d[o : o+12 : o+12]
			x := float64(math.Float32frombits(binary.LittleEndian.Uint32(q[0:4])))
			y := float64(math.Float32frombits(binary.LittleEndian.Uint32(q[4:8])))
			z := float64(math.Float32frombits(binary.LittleEndian.Uint32(q[8:12])))
			dst[i] = scene.Vertex{Pos: [3]float32{
				float32(m0*x + m4*y + m8*z + m12),
				float32(m1*x + m5*y + m9*z + m13),
				float32(m2*x + m6*y + m10*z + m14),
			}, Color: constColor}
		}
	} else {
		f := pos.f64[:len(dst)*3]
		for i := range dst {
			x, y, z := f[i*3], f[i*3+1], f[i*3+2]
			dst[i] = scene.Vertex{Pos: [3]float32{
				float32(m0*x + m4*y + m8*z + m12),
				float32(m1*x + m5*y + m9*z + m13),
				float32(m2*x + m6*y + m10*z + m14),
			}, Color: constColor}
		}
	}
	if cc := col.comps; cc != 0 {
		// Neighbouring vertices mostly share their colour (a building's):
		// convert each run once (math.Pow was a third of a streamed
		// tile's decoding).
		var last [4]float64
		var lastC color.NRGBA
		for i := range dst {
			c := mat.factor
			for k := 0; k < cc; k++ {
				c[k] *= col.at(i, k)
			}
			if i == 0 || c != last {
				last, lastC = c, toNRGBA(c, mat.opaque)
			}
			dst[i].Color = lastC
		}
	}
	if uv.comps != 0 {
		x := mat.uvTransform
		for i := range dst {
			u, t := uv.at(i, 0), uv.at(i, 1)
			if x != nil {
				u, t = x[0]*u+x[1]*t+x[2], x[3]*u+x[4]*t+x[5]
			}
			dst[i].UV = [2]float32{float32(u), float32(t)}
		}
	}
}

// closePart ends the part of feature f that starts at index first of mesh
// me: it extends the mesh's last part when that one is the same feature
// and ends at first, else appends a new part. f < 0 is no part.
func closePart(me *scene.Mesh, f int32, first int) {
	if f < 0 {
		return
	}
	if n := len(me.Indices) - first; n > 0 {
		if k := len(me.Parts) - 1; k >= 0 && me.Parts[k].Feature == int(f) && me.Parts[k].First+me.Parts[k].Count == first {
			me.Parts[k].Count += n
		} else {
			me.Parts = append(me.Parts, scene.Part{Feature: int(f), First: first, Count: n})
		}
	}
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

// newMesh starts a new mesh for a material, with room for the vertices
// and indices the material still has to place (see writer.plan), so that
// meshes are not grown and copied vertex by vertex.
func (w *writer) newMesh(matIdx int, mat *material) int {
	need := w.need[matIdx]
	nv := min(MaxVertices, need[0])
	ni := min(need[1], nv*8) // a mesh holds indices for its vertices
	w.l.Meshes = append(w.l.Meshes, scene.Mesh{
		Texture: mat.texture, Unlit: mat.unlit, DoubleSided: mat.doubleSided, Blend: mat.blend,
		Vertices: make([]scene.Vertex, 0, nv), Indices: make([]uint32, 0, ni),
	})
	mi := len(w.l.Meshes) - 1
	w.cur[matIdx] = mi
	return mi
}

// putIndices appends the indices of triangles (in the given order) whose
// vertices start at base in me, recording one Part per run of triangles of
// the same feature.
func putIndices(me *scene.Mesh, base uint32, tris []uint32, order, triFeature []int32) {
	partFeature, partFirst := int32(-1), 0
	is := growTo(me.Indices, len(order)*3)
	for _, t := range order {
		if f := triFeature[t]; f != partFeature {
			me.Indices = is
			closePart(me, partFeature, partFirst)
			partFeature, partFirst = f, len(is)
		}
		tri := tris[t*3 : t*3+3]
		is = append(is, base+tri[0], base+tri[1], base+tri[2])
	}
	me.Indices = is
	closePart(me, partFeature, partFirst)
}

// putSplit appends triangles (in the given order) of a primitive with more
// than MaxVertices vertices to the material's meshes, copying the vertices
// each mesh uses and starting a new mesh when one is full, with one Part
// per run of triangles of the same feature.
func (w *writer) putSplit(matIdx int, mat *material, verts []scene.Vertex, tris []uint32, order, triFeature []int32) {
	sc := w.m.scratch
	mi, ok := w.cur[matIdx]
	if !ok {
		mi = w.newMesh(matIdx, mat)
	}
	partFeature, partFirst := int32(-1), 0
	remap := slices.Grow(sc.remap[:0], len(verts))[:len(verts)]
	for i := range remap {
		remap[i] = -1
	}
	sc.remap = remap
	me := &w.l.Meshes[mi]
	me.Vertices = growTo(me.Vertices, min(MaxVertices-len(me.Vertices), len(verts)))
	me.Indices = growTo(me.Indices, len(order)*3)
	for _, t := range order {
		f := triFeature[t]
		if len(w.l.Meshes[mi].Vertices)+3 > MaxVertices {
			closePart(&w.l.Meshes[mi], partFeature, partFirst)
			partFeature = -1
			mi = w.newMesh(matIdx, mat)
			w.l.Meshes[mi].Vertices = slices.Grow(w.l.Meshes[mi].Vertices, min(MaxVertices, len(verts)))
			for i := range remap {
				remap[i] = -1
			}
		}
		me := &w.l.Meshes[mi]
		if f != partFeature {
			closePart(me, partFeature, partFirst)
			partFeature, partFirst = f, len(me.Indices)
		}
		for k := 0; k < 3; k++ {
			vi := tris[int(t)*3+k]
			if remap[vi] < 0 {
				remap[vi] = int32(len(me.Vertices))
				me.Vertices = append(me.Vertices, verts[vi])
			}
			me.Indices = append(me.Indices, uint32(remap[vi]))
		}
	}
	closePart(&w.l.Meshes[mi], partFeature, partFirst)
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

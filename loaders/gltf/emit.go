package gltf

import (
	"image/color"
	"math"
	"slices"

	"citytwin/scene"
)

// emit transforms one primitive instance by W and appends its triangles,
// grouped by feature, to the material's current mesh.
func (w *writer) emit(matIdx int, mat *material, W *Mat4, pos, nrm, uv, col []float64, cc int,
	tris []uint32, order, triFeature []int32) {
	sc := w.m.scratch
	flip := W.Det3() < 0
	N, nok := W.NormalMatrix()
	// Every vertex is transformed once, whether triangles share it or not.
	verts := w.vertices(mat, W, &N, nok, pos, nrm, uv, col, cc)
	if nrm == nil && nok {
		// No normals: flat shading, three own vertices per triangle,
		// written straight into the meshes.
		w.putFlat(matIdx, mat, verts, flip, tris, order, triFeature)
		return
	}
	local := tris
	if flip {
		local = append(sc.local[:0], tris...)
		for t := 0; t+2 < len(local); t += 3 {
			local[t+1], local[t+2] = local[t+2], local[t+1]
		}
		sc.local = local
	}
	w.put(matIdx, mat, verts, local, order, triFeature)
}

// vertices returns the primitive's vertices transformed by W (normals by
// the normal matrix N when nok), with the material's colour (times the
// vertex colours) and its texture transform applied; the slice is scratch
// memory.
func (w *writer) vertices(mat *material, W *Mat4, N *[9]float64, nok bool, pos, nrm, uv, col []float64, cc int) []scene.Vertex {
	sc := w.m.scratch
	nv := len(pos) / 3
	verts := slices.Grow(sc.verts[:0], nv)[:nv]
	sc.verts = verts
	constColor := toNRGBA(mat.factor, mat.opaque)
	if !nok {
		nrm = nil // singular transform: normals stay zero
	}
	pos = pos[:nv*3]
	for i := range verts {
		p := W.Apply([3]float64{pos[i*3], pos[i*3+1], pos[i*3+2]})
		verts[i] = scene.Vertex{Pos: [3]float32{float32(p[0]), float32(p[1]), float32(p[2])}, Color: constColor}
	}
	if nrm != nil {
		nrm = nrm[:nv*3]
		for i := range verts {
			a, b, c := nrm[i*3], nrm[i*3+1], nrm[i*3+2]
			x, y, z := N[0]*a+N[1]*b+N[2]*c, N[3]*a+N[4]*b+N[5]*c, N[6]*a+N[7]*b+N[8]*c
			if l := math.Sqrt(x*x + y*y + z*z); l > 0 {
				verts[i].Normal = [3]float32{float32(x / l), float32(y / l), float32(z / l)}
			}
		}
	}
	if col != nil {
		col = col[:nv*cc]
		for i := range verts {
			c := mat.factor
			for k := 0; k < cc; k++ {
				c[k] *= col[i*cc+k]
			}
			verts[i].Color = toNRGBA(c, mat.opaque)
		}
	}
	if uv != nil {
		uv = uv[:nv*2]
		x := mat.uvTransform
		for i := range verts {
			u, t := uv[i*2], uv[i*2+1]
			if x != nil {
				u, t = x[0]*u+x[1]*t+x[2], x[3]*u+x[4]*t+x[5]
			}
			verts[i].UV = [2]float32{float32(u), float32(t)}
		}
	}
	return verts
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

// putFlat appends triangles (in the given order) with three vertices each
// and the face normal, keeping meshes under MaxVertices and recording one
// Part per run of triangles of the same feature.
func (w *writer) putFlat(matIdx int, mat *material, verts []scene.Vertex, flip bool, tris []uint32, order, triFeature []int32) {
	mi, ok := w.cur[matIdx]
	if !ok || len(w.l.Meshes[mi].Vertices)+3 > MaxVertices {
		mi = w.newMesh(matIdx, mat)
	}
	reserve := func(left int) *scene.Mesh {
		me := &w.l.Meshes[mi]
		n := min(left*3, MaxVertices-len(me.Vertices))
		me.Vertices = growTo(me.Vertices, n)
		me.Indices = growTo(me.Indices, n)
		return me
	}
	me := reserve(len(order))
	// vs and is are me's slices while triangles are appended; they are
	// stored back before a part is closed or a mesh started.
	vs, is := me.Vertices, me.Indices
	partFeature, partFirst := int32(-1), 0
	for k, t := range order {
		if len(vs)+3 > MaxVertices {
			me.Vertices, me.Indices = vs, is
			closePart(me, partFeature, partFirst)
			partFeature = -1
			mi = w.newMesh(matIdx, mat)
			me = reserve(len(order) - k)
			vs, is = me.Vertices, me.Indices
		}
		if f := triFeature[t]; f != partFeature {
			me.Indices = is
			closePart(me, partFeature, partFirst)
			partFeature, partFirst = f, len(is)
		}
		tri := tris[t*3 : t*3+3]
		a, b, c := verts[tri[0]], verts[tri[1]], verts[tri[2]]
		if flip {
			b, c = c, b
		}
		n := faceNormal(a.Pos, b.Pos, c.Pos)
		a.Normal, b.Normal, c.Normal = n, n, n
		base := uint32(len(vs))
		vs = append(vs, a, b, c)
		is = append(is, base, base+1, base+2)
	}
	me.Vertices, me.Indices = vs, is
	closePart(me, partFeature, partFirst)
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
	sc := w.m.scratch
	mi, ok := w.cur[matIdx]
	if !ok {
		mi = w.newMesh(matIdx, mat)
	}
	partFeature, partFirst := int32(-1), 0
	if len(verts) <= MaxVertices {
		// Direct: the primitive's vertices are copied as a block and its
		// indices offset.
		if len(w.l.Meshes[mi].Vertices)+len(verts) > MaxVertices {
			mi = w.newMesh(matIdx, mat)
		}
		me := &w.l.Meshes[mi]
		base := uint32(len(me.Vertices))
		me.Vertices = append(growTo(me.Vertices, len(verts)), verts...)
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
		return
	}
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

package tiler

import (
	"fmt"

	"citytwin/scene"
)

// piece is part of a model layer's geometry: the triangles of mesh's
// part (all of them when part is -1), placed by instance (-1: none).
type piece struct {
	mesh, part, instance int
}

// modelFeature is one feature of a model layer and the pieces that draw
// it.
type modelFeature struct {
	layer, feature int // feature -1: a mesh with no Parts, named after it
	pieces         []piece
	bounds         scene.Box
}

// collectModels lists the features of the model layers of sc (glTF,
// loaded tilesets: layers with Meshes) with the pieces that draw them.
// Each mesh without Parts is one feature; each instance that names a
// feature draws that feature, others keep the features of their Parts.
func collectModels(sc *scene.Scene) []modelFeature {
	var out []modelFeature
	for li, l := range sc.Layers {
		byFeature := map[int]int{} // feature → index into out
		add := func(f int, p piece, b scene.Box) {
			if f < 0 || f >= len(l.Features) {
				out = append(out, modelFeature{layer: li, feature: -1, pieces: []piece{p}, bounds: b})
				return
			}
			i, ok := byFeature[f]
			if !ok {
				i = len(out)
				byFeature[f] = i
				out = append(out, modelFeature{layer: li, feature: f, bounds: scene.EmptyBox()})
			}
			out[i].pieces = append(out[i].pieces, p)
			out[i].bounds = out[i].bounds.Union(b)
		}
		for mi := range l.Meshes {
			m := &l.Meshes[mi]
			if len(m.Indices) == 0 {
				continue
			}
			insts := []int{-1}
			if len(m.Instances) > 0 {
				insts = insts[:0]
				for ii := range m.Instances {
					insts = append(insts, ii)
				}
			}
			for _, ii := range insts {
				place := func(b scene.Box) scene.Box {
					if ii < 0 {
						return b
					}
					return m.Instances[ii].Box(b)
				}
				if ii >= 0 && m.Instances[ii].Feature >= 0 || len(m.Parts) == 0 {
					f := -1
					if ii >= 0 {
						f = m.Instances[ii].Feature
					}
					add(f, piece{mi, -1, ii}, place(meshBox(m, 0, len(m.Indices))))
					continue
				}
				for pi, p := range m.Parts {
					add(p.Feature, piece{mi, pi, ii}, place(p.Bounds))
				}
			}
		}
	}
	return out
}

// meshBox is the box of the vertices of indices [first, first+count).
func meshBox(m *scene.Mesh, first, count int) scene.Box {
	b := scene.EmptyBox()
	for _, i := range m.Indices[first : first+count] {
		p := m.Vertices[i].Pos
		b = b.Extend(scene.Vec3{float64(p[0]), float64(p[1]), float64(p[2])})
	}
	return b
}

// appendPieces appends the triangles of mf to dst, in the local frame.
func appendPieces(dst *scene.Mesh, l *scene.Layer, mf *modelFeature) {
	for _, pc := range mf.pieces {
		m := &l.Meshes[pc.mesh]
		first, count := 0, len(m.Indices)
		if pc.part >= 0 {
			first, count = m.Parts[pc.part].First, m.Parts[pc.part].Count
		}
		var inst *scene.MeshInstance
		if pc.instance >= 0 {
			inst = &m.Instances[pc.instance]
		}
		remap := map[uint32]uint32{}
		tri := [3]uint32{}
		for k, i := range m.Indices[first : first+count] {
			j, ok := remap[i]
			if !ok {
				v := m.Vertices[i]
				if inst != nil {
					p := inst.Apply(v.Pos)
					v.Pos = [3]float32{float32(p[0]), float32(p[1]), float32(p[2])}
				}
				if m.Texture != nil && v.Color == (scene.Vertex{}).Color {
					v.Color.R, v.Color.G, v.Color.B, v.Color.A = 200, 200, 200, 255
				}
				j = uint32(len(dst.Vertices))
				dst.Vertices = append(dst.Vertices, v)
				remap[i] = j
			}
			tri[k%3] = j
			if k%3 == 2 {
				if inst != nil && inst.Mirrors() {
					tri[1], tri[2] = tri[2], tri[1]
				}
				dst.Indices = append(dst.Indices, tri[:]...)
			}
		}
	}
}

// modelID names a model feature: its feature's id, else the layer and
// mesh.
func modelID(l *scene.Layer, mf *modelFeature) (string, map[string]any) {
	if mf.feature >= 0 {
		f := &l.Features[mf.feature]
		id := f.ID
		if id == "" {
			id = fmt.Sprintf("%s/%d", l.ID, mf.feature)
		}
		return id, f.Properties
	}
	return fmt.Sprintf("%s/mesh-%d", l.ID, mf.pieces[0].mesh), nil
}

package render

import (
	"citytwin/render/pick"
	"citytwin/scene"
	"citytwin/scene/mesh"
)

// LayerMeshes are one layer's meshes as the renderer takes them: ground
// meshes (flat areas, roads; drawn first, in layer order, without depth)
// and solid meshes (extrusions and models; each feature a scene.Part).
type LayerMeshes struct {
	Ground []scene.Mesh
	Solids []scene.Mesh
}

// MeshBuilder turns one layer into meshes for an evaluation of the scene.
type MeshBuilder func(l *scene.Layer, ev *scene.Evaluation, storeyHeight float64) LayerMeshes

// DefaultBuilder builds vector layers with the scene's mesh builder and
// takes model layers' meshes as they are, less the features that ev hides.
var DefaultBuilder MeshBuilder = buildLayer

// buildLayer is the default MeshBuilder.
func buildLayer(l *scene.Layer, ev *scene.Evaluation, storeyHeight float64) LayerMeshes {
	var out LayerMeshes
	if len(l.Features) > 0 && l.Kind == scene.KindGeoJSON {
		lm := mesh.BuildLayer(l, ev, storeyHeight)
		out.Ground, out.Solids = lm.Ground, lm.Solids
	}
	out.Solids = appendShown(out.Solids, l, ev)
	return out
}

// appendShown appends the ready-made meshes of l (a model's) to dst as ev
// shows them: a mesh with parts of hidden features becomes a copy that
// shares its vertices and indices but leaves those parts (and instances
// that draw a hidden feature) out; a mesh left with nothing is dropped.
// A mesh without parts draws no feature and is kept.
func appendShown(dst []scene.Mesh, l *scene.Layer, ev *scene.Evaluation) []scene.Mesh {
	hidden := func(f int) bool { return ev != nil && f >= 0 && f < len(l.Features) && ev.Hidden(l, f) }
	for mi := range l.Meshes {
		m := &l.Meshes[mi]
		// Instances that all name their feature (i3dm) make the parts'
		// features irrelevant.
		own := len(m.Instances) > 0
		for _, in := range m.Instances {
			own = own && in.Feature >= 0
		}
		hides := false
		for _, p := range m.Parts {
			hides = hides || (!own && hidden(p.Feature))
		}
		for _, in := range m.Instances {
			hides = hides || hidden(in.Feature)
		}
		if !hides {
			dst = append(dst, *m)
			continue
		}
		c := *m
		if !own {
			c.Parts = nil
			for _, p := range m.Parts {
				if !hidden(p.Feature) {
					c.Parts = append(c.Parts, p)
				}
			}
		}
		if len(m.Instances) > 0 {
			c.Instances = nil
			for _, in := range m.Instances {
				if !hidden(in.Feature) {
					c.Instances = append(c.Instances, in)
				}
			}
			if len(c.Instances) == 0 {
				continue
			}
		}
		if len(c.Parts) > 0 || len(m.Parts) == 0 {
			dst = append(dst, c)
		}
	}
	return dst
}

// SetScene gives the renderer every visible layer of ev built by build
// (DefaultBuilder when nil), replacing what it held. Layer i of ev.Layers
// is renderer layer i. It returns the ground meshes it built, per layer
// (for picking; the caller owns them): the renderer keeps its own copy of
// the solids it draws, and addPick picks them from there. With build nil,
// vector layers are built tile by tile and each tile's solids are copied
// into chunks at once, so a layer's solid meshes never all exist together
// (for 100k buildings, 100 MB less at the peak of loading).
func (r *Renderer) SetScene(sc *scene.Scene, ev *scene.Evaluation, build MeshBuilder) []LayerMeshes {
	byTile := build == nil
	if build == nil {
		build = DefaultBuilder
	}
	r.ground, r.solids, r.insts = nil, nil, nil
	groundZ, haveVector := 0.0, false
	out := make([]LayerMeshes, len(ev.Layers))
	for i, l := range ev.Layers {
		if !l.Visible {
			r.SetLayer(i, nil, nil)
			continue
		}
		if byTile && len(l.Features) > 0 && l.Kind == scene.KindGeoJSON {
			out[i].Ground = r.setLayerByTile(i, l, ev, sc.StoreyHeight)
		} else {
			lm := build(l, ev, sc.StoreyHeight)
			out[i].Ground = lm.Ground
			r.SetLayer(i, lm.Ground, lm.Solids)
		}
		if l.Kind == scene.KindGeoJSON {
			haveVector = true
		}
	}
	r.syncTiles(ev)
	if !haveVector && !r.bounds.Empty() {
		groundZ = r.bounds.Min[2]
	}
	r.SetGroundZ(groundZ)
	return out
}

// UpdateScene moves the renderer from evaluation old to ev (other
// scenarios of the same scene): layers whose features changed are rebuilt
// with build, and only the chunks holding changed features are replaced.
// meshes are the per-layer meshes of old (only passed through for layers
// that did not change: their Solids may have been dropped); the returned
// slice holds those of ev.
func (r *Renderer) UpdateScene(sc *scene.Scene, old, ev *scene.Evaluation, meshes []LayerMeshes, build MeshBuilder) []LayerMeshes {
	if build == nil {
		build = DefaultBuilder
	}
	out := make([]LayerMeshes, len(ev.Layers))
	for i, l := range ev.Layers {
		switch {
		case !l.Visible:
			r.SetLayer(i, nil, nil)
		case i >= len(old.Layers) || old.Layers[i] != l || i >= len(meshes):
			out[i] = build(l, ev, sc.StoreyHeight)
			r.SetLayer(i, out[i].Ground, out[i].Solids)
		default:
			changed := func(f int) bool { return f >= 0 && ev.Changed(old, l, f) }
			any := false
			for f := range l.Features {
				if changed(f) {
					any = true
					break
				}
			}
			if !any {
				out[i] = meshes[i]
				continue
			}
			out[i] = build(l, ev, sc.StoreyHeight)
			r.UpdateFeatures(i, changed, out[i].Ground, out[i].Solids)
		}
	}
	for i := len(ev.Layers); i < len(r.solids); i++ {
		r.SetLayer(i, nil, nil)
	}
	r.syncTiles(ev)
	return out
}

// setLayerByTile does what SetLayer does with buildLayer's meshes of l,
// building them one tile at a time (the same meshes in the same order, so
// the same chunks), and returns the ground meshes.
func (r *Renderer) setLayerByTile(i int, l *scene.Layer, ev *scene.Evaluation, storeyHeight float64) []scene.Mesh {
	hl := r.hl
	r.Highlight(-1, -1)
	r.growLayers(i)
	r.solids[i], r.insts[i] = nil, nil // the old chunks can go while the new ones are built
	s := chunkSet{open: map[chunkKey]*chunk{}, texture: r.textureNumber}
	var rm remapper
	var ground []scene.Mesh
	ch := mesh.NewChunking(l, mesh.DefaultTileSize)
	for c := range ch.Chunks {
		g, solids := mesh.BuildChunk(l, ev, storeyHeight, ch, c)
		ground = append(ground, g...)
		for mi := range solids {
			s.addMesh(i, &solids[mi], nil, &rm)
		}
	}
	models := appendShown(nil, l, ev)
	for mi := range models {
		s.addMesh(i, &models[mi], nil, &rm)
	}
	s.finish()
	r.solids[i], r.insts[i] = s.chunks, s.inst
	r.ground[i] = buildGround(i, ground)
	r.updateBounds()
	r.Highlight(hl[0], hl[1])
	return ground
}

// addPick adds to ix the solids the renderer draws in layer i (from its
// chunks and instance sets' prototypes, so no scene mesh needs to be kept
// for picking) and ground, the layer's ground meshes (kept by reference).
func (r *Renderer) addPick(ix *pick.Index, i int, ground []scene.Mesh) {
	if i < len(r.solids) {
		var parts []pick.TrianglePart
		for _, c := range r.solids[i] {
			parts = parts[:0]
			for _, p := range c.parts {
				parts = append(parts, pick.TrianglePart{Feature: int(p.feature), First: int(p.i0), Count: int(p.i1 - p.i0), Bounds: p.bounds})
			}
			ix.AddTriangles(i, c.pos, c.idx, parts)
		}
	}
	if i < len(r.insts) {
		for _, s := range r.insts[i] {
			s.addPick(ix, i)
		}
	}
	ix.Add(i, ground)
}

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
// takes model layers' meshes as they are.
var DefaultBuilder MeshBuilder = buildLayer

// buildLayer is the default MeshBuilder.
func buildLayer(l *scene.Layer, ev *scene.Evaluation, storeyHeight float64) LayerMeshes {
	var out LayerMeshes
	if len(l.Features) > 0 && l.Kind == scene.KindGeoJSON {
		lm := mesh.BuildLayer(l, ev, storeyHeight)
		out.Ground, out.Solids = lm.Ground, lm.Solids
	}
	out.Solids = append(out.Solids, l.Meshes...)
	return out
}

// SetScene gives the renderer every visible layer of ev built by build
// (DefaultBuilder when nil), replacing what it held. Layer i of ev.Layers
// is renderer layer i. It returns the meshes it built, per layer; the
// caller owns them. The renderer keeps its own copy of what it draws, so
// callers that pick with addPick may drop the solid meshes.
func (r *Renderer) SetScene(sc *scene.Scene, ev *scene.Evaluation, build MeshBuilder) []LayerMeshes {
	if build == nil {
		build = DefaultBuilder
	}
	r.ground, r.solids = nil, nil
	groundZ, haveVector := 0.0, false
	out := make([]LayerMeshes, len(ev.Layers))
	for i, l := range ev.Layers {
		if !l.Visible {
			r.SetLayer(i, nil, nil)
			continue
		}
		lm := build(l, ev, sc.StoreyHeight)
		out[i] = lm
		r.SetLayer(i, lm.Ground, lm.Solids)
		if l.Kind == scene.KindGeoJSON {
			haveVector = true
		}
	}
	r.syncTiles(ev.Layers)
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
	r.syncTiles(ev.Layers)
	return out
}

// addPick adds to ix the solids the renderer draws in layer i (from its
// chunks, so no scene mesh needs to be kept for picking) and ground, the
// layer's ground meshes (kept by reference).
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
	ix.Add(i, ground)
}

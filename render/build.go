package render

import (
	"math"
	"slices"

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
	r.frames = [2][]framePool{} // per-frame instance copies: sized anew for this scene
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
// With build nil, a vector layer without ground meshes builds only the
// mesh tiles under those chunks (a few buildings changed in a city of
// 100k cost a few tiles, not the city).
// meshes are the per-layer meshes of old (only passed through for layers
// that did not change: their Solids may have been dropped); the returned
// slice holds those of ev.
func (r *Renderer) UpdateScene(sc *scene.Scene, old, ev *scene.Evaluation, meshes []LayerMeshes, build MeshBuilder) []LayerMeshes {
	byTile := build == nil
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
			var changedIDs []int
			for f := range l.Features {
				if ev.Changed(old, l, f) {
					changedIDs = append(changedIDs, f)
				}
			}
			if len(changedIDs) == 0 {
				out[i] = meshes[i]
				continue
			}
			if byTile && r.updateLayerByTile(i, l, ev, sc.StoreyHeight, changedIDs, meshes[i].Ground) {
				out[i] = LayerMeshes{Ground: meshes[i].Ground}
				continue
			}
			changed := func(f int) bool { return f >= 0 && ev.Changed(old, l, f) }
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

// updateLayerByTile replaces the chunks of vector layer i that hold the
// changed features (changed: their indices, sorted) by building only the
// features of those chunks' tiles. It reports
// false, doing nothing, for a layer it cannot update so: one with ground
// meshes or ready-made meshes, or not yet in the renderer.
func (r *Renderer) updateLayerByTile(i int, l *scene.Layer, ev *scene.Evaluation, storeyHeight float64, changed []int, ground []scene.Mesh) bool {
	if len(ground) > 0 || len(l.Meshes) > 0 || l.Kind != scene.KindGeoJSON || i >= len(r.solids) {
		return false
	}
	isChanged := func(f int) bool { _, ok := slices.BinarySearch(changed, f); return ok }
	// Render tiles: where changed features were drawn, and where they go.
	affected := map[[2]int32]bool{}
	for _, c := range r.solids[i] {
		for _, p := range c.parts {
			if isChanged(int(p.feature)) {
				affected[[2]int32{c.key.tx, c.key.ty}] = true
				break
			}
		}
	}
	for _, f := range changed {
		if g := l.Features[f].Geometry; g != nil {
			b := g.Bound()
			tx, ty := tileOf(scene.Box{Min: scene.Vec3{b.Min[0], b.Min[1], 0}, Max: scene.Vec3{b.Max[0], b.Max[1], 0}})
			affected[[2]int32{tx, ty}] = true
		}
	}
	// Build the features whose footprint centre lies in those tiles (a
	// metre of margin: parts are placed by their float32 bounds).
	const margin = 1.0
	near := func(x, y float64) bool {
		for _, dx := range [3]float64{0, -margin, margin} {
			for _, dy := range [3]float64{0, -margin, margin} {
				if affected[[2]int32{int32(math.Floor((x + dx) / tileSize)), int32(math.Floor((y + dy) / tileSize))}] {
					return true
				}
			}
		}
		return false
	}
	var feats []int
	for f := range l.Features {
		if g := l.Features[f].Geometry; g != nil {
			b := g.Bound()
			if near((b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2) {
				feats = append(feats, f)
			}
		}
	}
	g, solids := mesh.BuildChunk(l, ev, storeyHeight, &mesh.Chunking{Chunks: []mesh.Chunk{{Features: feats}}}, 0)
	if len(g) > 0 {
		return false // a feature lies flat now: rebuild the layer
	}
	r.rebuildTiles(i, affected, nil, solids)
	return true
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

// AddPick adds to ix the solids the renderer draws in layer i (from its
// chunks and instance sets' prototypes, so no scene mesh needs to be kept
// for picking) and ground, the layer's ground meshes (kept by reference).
func (r *Renderer) AddPick(ix *pick.Index, i int, ground []scene.Mesh) {
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

// GroundOnly drops the solid meshes of ms and returns it: the renderer
// has copied them into its chunks, which picking uses, and they were most
// of the scene's memory (100 MB for 100k buildings). Keep what SetScene
// and UpdateScene return this way.
func GroundOnly(ms []LayerMeshes) []LayerMeshes {
	for i := range ms {
		ms[i].Solids = nil
	}
	return ms
}

package render

import (
	"cmp"
	"image"
	"math"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// Mode selects how solids are drawn.
type Mode int

const (
	// Exact draws solids with the order-independent depth prepass: correct
	// everywhere, interpenetrating solids included. Four passes.
	Exact Mode = iota
	// Sorted draws buildings back to front with back faces culled: one
	// pass, right for separate buildings. Meant for a moving camera.
	Sorted
)

// Stats counts what one Draw submitted.
type Stats struct {
	Triangles int           // distinct triangles submitted (per pass)
	Vertices  int           // vertices handed to Ebiten, all passes
	DrawCalls int           // DrawTriangles(Shader) calls, all passes
	Chunks    int           // visible chunks
	Prepare   time.Duration // CPU time before the first draw call
}

// minPixels is the screen size under which parts are skipped.
const minPixels = 2

// lodPixels is the screen size under which a building is drawn as its
// bounding block while the camera moves.
const lodPixels = 10

// Defaults of StreamMovingPixels and StreamMovingParts.
const (
	streamMovingPixels = 15
	streamMovingParts  = 20000
)

// nearPlane is the near clip distance in metres.
const nearPlane = 0.5

// Renderer draws the solids and ground meshes of a scene. Build it with
// NewRenderer, give it meshes with SetLayer, and call Draw once per redraw.
// It is not safe for concurrent use; all methods must be called from the
// Ebiten game loop (Update or Draw) after the game has started.
type Renderer struct {
	// LODPixels is the screen size (pixels across) under which a building
	// is drawn as its bounding block while the camera moves (0: never).
	LODPixels float64
	// ShadowMapSize is the longest side, in texels, of the shadow map drawn
	// while the sun is set (0: DefaultShadowMapSize).
	ShadowMapSize int
	// StreamMovingPixels is the screen size (pixels across) under which
	// the buildings of streamed tilesets are skipped while the camera
	// moves (Sorted), when the tiles drawn hold more than
	// StreamMovingParts buildings (0: never). A streamed city is one too
	// big to draw whole: orbiting 1.5 km above a 1M-building tileset drew
	// 20k buildings, twice the 10k-building city, most of them far and a
	// few pixels wide, at half that city's frame rate. The exact picture
	// drawn when the camera stops has them all.
	StreamMovingPixels float64
	StreamMovingParts  int
	// MovingShadows draws shadows in Sorted mode too. Off, a moving
	// camera sees faces and ground lit by the sun without shadows, which
	// appear in the exact picture drawn when it stops: on llvmpipe,
	// shadows while moving cost a 10k-building city half to three
	// quarters of its frame rate (BenchmarkOrbitSun).
	MovingShadows bool

	sun     sunState // the sun and its shadow map (shadow.go)
	sh      *shaders
	ground  [][]*groundMesh // per layer
	solids  [][]*chunk      // per layer
	insts   [][]*instSet    // per layer: instanced meshes (instance.go)
	groundZ float64
	bounds  scene.Box

	d1, d2    *ebiten.Image   // depth images (unmanaged)
	queued    queueBound      // vertices handed to Ebiten since its queue was last flushed (depth.go)
	textures  []*ebiten.Image // mesh textures, numbered from 1
	texIDs    map[image.Image]int32
	bg        batch
	hl        [2]int // highlighted layer, feature
	hlSaved   []savedColor
	hlTile    tileFeature // highlighted feature of a streamed tile
	hlSets    []*instSet  // tile instance sets whose hl is set
	scratch   []clipVertex
	scratch2  []clipVertex
	visible   []*chunk
	pack      packer // per frame: the visible chunks' drawn vertices, batched (pack.go)
	all       []*chunk
	allInst   []*instSet     // per frame: the instance sets to fill from
	fillItems []fillItem     // per frame: their tile groups in view
	frames    [2][]framePool // per mode: per-frame chunks of instances in view, per goroutine
	workers   []worker
	tiles     tileStreams // streamed tilesets (tiles.go)
	opts      ebiten.DrawTrianglesShaderOptions
	uni       map[string]any
}

// NewRenderer returns an empty renderer. It compiles the shaders, so it
// must run after the game has started or inside RunGame's first Update.
func NewRenderer() (*Renderer, error) {
	sh, err := newShaders()
	if err != nil {
		return nil, err
	}
	uni := map[string]any{
		"Sun":        []float32{float32(sun[0]), float32(sun[1]), float32(sun[2])},
		"NormalSign": float32(normalSign),
	}
	return &Renderer{LODPixels: lodPixels, StreamMovingPixels: streamMovingPixels, StreamMovingParts: streamMovingParts, sh: sh, bounds: scene.EmptyBox(), uni: uni, hl: [2]int{-1, -1}, hlTile: noTileFeature}, nil
}

// SetGroundZ sets the height (metres, local frame) of the ground plane
// drawn under everything.
func (r *Renderer) SetGroundZ(z float64) { r.groundZ = z }

// GroundZ returns the height (metres, local frame) of the ground plane.
func (r *Renderer) GroundZ() float64 { return r.groundZ }

// SolidLayers returns the number of layers the renderer holds solids for
// (layer indices 0 to SolidLayers()-1, for AddPick).
func (r *Renderer) SolidLayers() int { return len(r.solids) }

// SetLayer replaces the meshes of layer i: ground meshes are drawn in layer
// order without depth, solids with depth. The renderer copies what it needs;
// the meshes may be dropped after the call.
func (r *Renderer) SetLayer(i int, ground, solids []scene.Mesh) {
	hl := r.hl
	r.Highlight(-1, -1) // restore the colours before chunks are dropped or kept
	r.growLayers(i)
	r.ground[i] = buildGround(i, ground)
	r.solids[i], r.insts[i] = buildChunks(i, solids, r.textureNumber)
	r.updateBounds()
	r.Highlight(hl[0], hl[1])
}

// growLayers makes room for layer i.
func (r *Renderer) growLayers(i int) {
	for len(r.ground) <= i {
		r.ground = append(r.ground, nil)
	}
	for len(r.solids) <= i {
		r.solids = append(r.solids, nil)
	}
	for len(r.insts) <= i {
		r.insts = append(r.insts, nil)
	}
}

// UpdateFeatures rebuilds only the chunks of layer i that hold a feature
// for which changed returns true, from solids (the layer's complete new
// solid meshes), and replaces the layer's ground meshes. Parts of
// unchanged features in those chunks are taken from solids too. The
// layer's instanced meshes are all taken from solids (they hold one
// prototype each: cheap to rebuild).
func (r *Renderer) UpdateFeatures(i int, changed func(feature int) bool, ground, solids []scene.Mesh) {
	if i >= len(r.solids) {
		r.SetLayer(i, ground, solids)
		return
	}
	affected := map[[2]int32]bool{}
	for _, c := range r.solids[i] {
		for _, p := range c.parts {
			if changed(int(p.feature)) {
				affected[[2]int32{c.key.tx, c.key.ty}] = true
				break
			}
		}
	}
	// New parts of changed features may land in other tiles.
	for mi := range solids {
		if len(solids[mi].Instances) > 0 {
			continue // instance sets are rebuilt whole
		}
		for _, p := range solids[mi].Parts {
			if changed(p.Feature) && p.Count > 0 {
				tx, ty := tileOf(partBounds(&solids[mi], p))
				affected[[2]int32{tx, ty}] = true
			}
		}
	}
	r.rebuildTiles(i, affected, ground, solids)
}

// rebuildTiles replaces the chunks of layer i in the affected tiles
// (tileSize squares) with the parts of solids whose bounds' centre lies in
// one of them (solids must hold every part of those tiles; others are
// ignored), the layer's instance sets with those of solids and its ground
// meshes with ground.
func (r *Renderer) rebuildTiles(i int, affected map[[2]int32]bool, ground, solids []scene.Mesh) {
	hl := r.hl
	r.Highlight(-1, -1)
	r.ground[i] = buildGround(i, ground)
	var keep []*chunk
	for _, c := range r.solids[i] {
		if !affected[[2]int32{c.key.tx, c.key.ty}] {
			keep = append(keep, c)
		}
	}
	s := chunkSet{open: map[chunkKey]*chunk{}, texture: r.textureNumber}
	var rm remapper
	for mi := range solids {
		m := &solids[mi]
		inTile := map[int]bool{} // feature → its part lies in an affected tile
		for _, p := range m.Parts {
			if _, seen := inTile[p.Feature]; !seen {
				tx, ty := tileOf(partBounds(m, p))
				inTile[p.Feature] = affected[[2]int32{tx, ty}]
			}
		}
		s.addMesh(i, m, func(f int) bool { return inTile[f] }, &rm)
	}
	s.finish()
	r.growLayers(i)
	r.solids[i] = append(keep, s.chunks...)
	r.insts[i] = s.inst
	r.updateBounds()
	r.Highlight(hl[0], hl[1])
}

func partBounds(m *scene.Mesh, p scene.Part) scene.Box {
	b := scene.EmptyBox()
	if p.First < 0 || p.First+p.Count > len(m.Indices) {
		return b
	}
	for _, vi := range m.Indices[p.First : p.First+p.Count] {
		if int(vi) < len(m.Vertices) {
			v := m.Vertices[vi].Pos
			b = b.Extend(scene.Vec3{float64(v[0]), float64(v[1]), float64(v[2])})
		}
	}
	return b
}

func (r *Renderer) updateBounds() {
	b := scene.EmptyBox()
	for _, cs := range r.solids {
		for _, c := range cs {
			b = b.Union(c.bounds)
		}
	}
	for _, ss := range r.insts {
		for _, s := range ss {
			b = b.Union(s.bounds)
		}
	}
	for _, gs := range r.ground {
		for _, g := range gs {
			for i := 0; i+2 < len(g.pos); i += 3 {
				b = b.Extend(scene.Vec3{float64(g.pos[i]), float64(g.pos[i+1]), float64(g.pos[i+2])})
			}
		}
	}
	r.bounds = b.Union(r.tiles.bounds())
}

// Bounds returns the local-frame extent of everything the renderer holds.
func (r *Renderer) Bounds() scene.Box { return r.bounds }

// Projector returns the projector Draw uses for cam on a w×h target: near
// plane nearPlane, far plane beyond the farthest point of the scene.
func (r *Renderer) Projector(cam scene.Camera, w, h int) scene.Projector {
	far := 10 * cam.Range
	if !r.bounds.Empty() {
		eye := cam.Eye()
		far = 0
		for i := 0; i < 8; i++ {
			far = math.Max(far, dist(r.bounds.Corner(i), eye))
		}
		far = far*1.01 + 1
	}
	return scene.NewProjector(cam, float64(w), float64(h), nearPlane, math.Max(far, 2*nearPlane))
}

// Draw draws the sky, the ground plane, the ground meshes and the solids
// seen by cam onto dst (all of it, replacing what was there), in the given
// mode, and returns what it submitted.
func (r *Renderer) Draw(dst *ebiten.Image, cam scene.Camera, mode Mode) Stats {
	w, h := dst.Bounds().Dx(), dst.Bounds().Dy()
	v, st := r.prepare(cam, w, h, mode)
	d1, _ := r.depthImages(dst)
	r.queued.n = 0 // Ebiten flushed its queue when the last frame ended
	// The shadow map, only when the sun or the solids changed (shadow.go).
	r.drawShadowMap(mode, &st)
	r.opts = ebiten.DrawTrianglesShaderOptions{Uniforms: r.uni}
	r.setSunView(&v.pr)
	gsh := r.groundShader(mode)
	r.submit(dst, r.bg.verts, r.bg.idx, gsh, &st)
	for _, gs := range r.ground {
		for _, g := range gs {
			r.submit(dst, g.verts, g.draw, gsh, &st)
			r.submit(dst, g.clip.verts, g.clip.idx, gsh, &st)
		}
	}
	if mode == Sorted {
		r.opts.Images[0] = d1 // the textured shaders want an image 0 the size of dst
		r.submitBatches(dst, r.sunPlainFor(r.sh.plain), allBatches, &st)
		return st
	}
	r.drawExact(dst, &v, &st)
	r.releaseExact()
	return st
}

// prepare does the CPU work of a frame: culling, projection, index lists,
// near clipping, sorting. Nothing is handed to Ebiten.
func (r *Renderer) prepare(cam scene.Camera, w, h int, mode Mode) (view, Stats) {
	start := time.Now()
	var st Stats
	pr := r.Projector(cam, w, h)
	v := newView(pr, minPixels)
	v.lodPx = r.LODPixels
	v.streamPx = v.minPx

	r.bg.reset()
	r.scratch, r.scratch2 = background(&r.bg, &pr, r.groundZ, r.scratch, r.scratch2)
	for _, gs := range r.ground {
		for _, g := range gs {
			g.clip.reset()
			var n int
			g.draw, n, r.scratch = projectAll(&pr, g.verts, g.pos, g.z, g.idx, g.draw[:0], &g.clip, r.scratch)
			st.Triangles += n
		}
	}
	r.all, r.allInst = r.all[:0], r.allInst[:0]
	for _, cs := range r.solids {
		r.all = append(r.all, cs...)
	}
	for _, ss := range r.insts {
		r.allInst = append(r.allInst, ss...)
	}
	r.all, r.allInst = r.tiles.appendSelected(r, r.all, r.allInst, &pr)
	if mode == Sorted && r.StreamMovingPixels > 0 && streamedParts(r.all) > r.StreamMovingParts {
		v.streamPx = max(v.minPx, r.StreamMovingPixels)
	}
	r.all = r.fillInstances(&v, r.allInst, r.all, mode == Sorted)
	st.Triangles += r.prepareChunks(&v, mode == Sorted)
	r.visible = r.visible[:0]
	for _, c := range r.all {
		if c.visible && len(c.draw)+len(c.clip.idx) > 0 {
			r.visible = append(r.visible, c)
		}
	}
	if mode == Sorted {
		slices.SortFunc(r.visible, func(a, b *chunk) int { return cmp.Compare(b.dist, a.dist) })
	}
	st.Chunks = len(r.visible)
	r.pack.pack(r.visible, cmp.Or(r.queued.max, maxQueuedVertices))
	st.Prepare = time.Since(start)
	return v, st
}

// submit draws one triangle list if it is not empty.
func (r *Renderer) submit(dst *ebiten.Image, verts []ebiten.Vertex, idx []uint16, sh *ebiten.Shader, st *Stats) {
	if len(idx) == 0 {
		return
	}
	dst.DrawTrianglesShader(verts, idx, sh, &r.opts)
	st.DrawCalls++
	st.Vertices += len(verts)
}

// streamedParts counts the buildings in the streamed chunks of all.
func streamedParts(all []*chunk) int {
	n := 0
	for _, c := range all {
		if c.streamed {
			n += len(c.parts)
		}
	}
	return n
}

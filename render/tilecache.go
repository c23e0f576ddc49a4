package render

import (
	"image"
	"slices"
	"time"
	"unsafe"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// tileStreams are the renderer's streamed tilesets, by layer.
type tileStreams struct {
	streams []*tileStream // by layer; nil for other layers
	budget  int64         // bytes per tileset (0: DefaultTileBudget)
	maxErr  float64       // screen-space error in pixels (0: the default)
	free    []int32       // texture numbers released by evicted tiles
	// arrived is true when tiles came in that no redraw has shown yet;
	// shown is when UpdateTiles last asked for a redraw.
	arrived bool
	shown   time.Time
	// settling is true inside LoadTiles: the selection only gets coarser,
	// so LoadTiles ends.
	settling bool
	// ev is the evaluation whose hidden features the tiles leave out.
	ev *scene.Evaluation
}

// tileRedrawEvery is how often, at most, tiles arriving while more are
// loading ask for a redraw (each exact redraw of a big city costs).
const tileRedrawEvery = 250 * time.Millisecond

// TileStats describes the streamed tilesets.
type TileStats struct {
	Loaded  int   // tiles in memory
	Bytes   int64 // their memory: chunks, textures and features (estimated)
	Wanted  int   // tiles the last view asked for that are not loaded yet
	Failed  int   // tiles that could not be loaded
	Evicted int   // tiles dropped to stay within the budget
}

// SetTileBudget sets the memory budget, in bytes, of each streamed tileset
// (≤ 0: DefaultTileBudget). Tiles that the last view did not look at are
// evicted, least recently used first, to stay under it; when the tiles one
// view needs fill it, the view gets coarser tiles (the screen-space error
// allowed grows, up to 64 times), and no tile is loaded while it is full
// (the loads under way, one per loader goroutine, may go over it).
func (r *Renderer) SetTileBudget(bytes int64) {
	r.tiles.budget = bytes
	for _, s := range r.tiles.streams {
		if s != nil {
			s.release(0, r.tiles.budgetBytes())
		}
	}
}

// SetMaxScreenError sets the screen-space error in pixels above which a
// streamed tile is refined (≤ 0: scene.DefaultMaxScreenError).
func (r *Renderer) SetMaxScreenError(px float64) { r.tiles.maxErr = px }

func (ts *tileStreams) budgetBytes() int64 {
	if ts.budget <= 0 {
		return DefaultTileBudget
	}
	return ts.budget
}

// SetTiles streams tree as the solids of layer i: from then on every Draw
// chooses the tiles its view needs (scene.SelectTiles), background
// goroutines load those that are missing, and UpdateTiles hands them to
// the renderer. A nil tree stops streaming layer i. Setting the tree a
// layer already streams keeps what is loaded.
func (r *Renderer) SetTiles(i int, tree *scene.TileTree) {
	r.setTiles(i, tree, "")
}

func (r *Renderer) setTiles(i int, tree *scene.TileTree, title string) {
	ts := &r.tiles
	for len(ts.streams) <= i {
		ts.streams = append(ts.streams, nil)
	}
	if old := ts.streams[i]; old != nil {
		if old.tree == tree {
			return
		}
		old.stop()
		for n := range old.tiles {
			r.dropTile(old, int32(n))
		}
		ts.streams[i] = nil
	}
	if tree != nil && len(tree.Nodes) > 0 && tree.Load != nil {
		ts.streams[i] = newTileStream(i, tree, ts.budgetBytes())
		ts.streams[i].title = title
	}
	r.updateBounds()
}

// syncTiles streams the tile trees of the visible layers of ev and stops
// the others, and hides in the loaded tiles the features that ev hides.
func (r *Renderer) syncTiles(ev *scene.Evaluation) {
	layers := ev.Layers
	for i := 0; i < max(len(layers), len(r.tiles.streams)); i++ {
		var tree *scene.TileTree
		title := ""
		if i < len(layers) && layers[i].Visible {
			tree, title = layers[i].Tiles, layers[i].Title
		}
		r.setTiles(i, tree, title)
		if s := r.tiles.streams[i]; s != nil {
			changed := s.src != layers[i] || ev.TilesChanged(r.tiles.ev, layers[i])
			s.src = layers[i]
			if changed {
				for n := range s.tiles {
					if t := &s.tiles[n]; t.state == tileReady {
						r.hideTile(s, t, ev)
					}
				}
			}
		}
	}
	r.tiles.ev = ev
}

// hideTile marks the parts and instances of tile t whose features ev
// hides (scenario hide changes on a streamed tileset match each tile's
// features as it loads).
func (r *Renderer) hideTile(s *tileStream, t *streamTile, ev *scene.Evaluation) {
	var hidden []bool
	if s.src != nil {
		for i := range t.features {
			if ev.HiddenInTile(s.src, &t.features[i]) {
				if hidden == nil {
					hidden = make([]bool, len(t.features))
				}
				hidden[i] = true
			}
		}
	}
	for _, c := range t.chunks {
		for pi := range c.parts {
			p := &c.parts[pi]
			p.hidden = p.feature >= 0 && int(p.feature) < len(hidden) && hidden[p.feature]
		}
	}
	for _, is := range t.inst {
		is.hidden = hidden
	}
}

// Close stops the goroutines that load tiles. The renderer keeps drawing
// what is loaded.
func (r *Renderer) Close() {
	for _, s := range r.tiles.streams {
		if s != nil {
			s.stop()
		}
	}
}

// UpdateTiles takes the tiles loaded since the last call into the
// renderer and reports whether the picture should be redrawn to show
// them: when tiles arrived and nothing more is loading, or at most every
// tileRedrawEvery while loads go on. Call it from the game loop, once per
// Update.
func (r *Renderer) UpdateTiles() bool {
	ts := &r.tiles
	busy, grown := false, false
	for _, s := range ts.streams {
		if s == nil {
			continue
		}
		for _, ld := range s.takeDone() {
			r.integrate(s, ld)
			ts.arrived = true
		}
		if s.graftExpanded() {
			ts.arrived = true
			grown = true
		}
		busy = busy || s.busy()
	}
	if grown {
		r.updateBounds() // the new tiles may reach out of their parents' volumes
	}
	if !ts.arrived || (busy && time.Since(ts.shown) < tileRedrawEvery) {
		return false
	}
	ts.arrived, ts.shown = false, time.Now()
	return true
}

// TilesSettled reports whether the last Draw had every tile its view needs
// (true without streamed tilesets).
func (r *Renderer) TilesSettled() bool {
	for _, s := range r.tiles.streams {
		if s != nil && !s.sel.Complete {
			return false
		}
	}
	return true
}

// LoadTiles loads every tile that the view of cam on a w×h target needs,
// and returns when they are all in (or failed, or the budget stops more
// from loading). Draw then draws the same picture whatever was loaded
// before. It blocks; call it from the game loop.
func (r *Renderer) LoadTiles(cam scene.Camera, w, h int) {
	r.tiles.settling = true
	defer func() { r.tiles.settling = false }()
	for {
		r.UpdateTiles()
		pr := r.Projector(cam, w, h)
		r.all, r.allInst = r.tiles.appendSelected(r, r.all[:0], r.allInst[:0], &pr)
		if r.TilesSettled() {
			return
		}
		var wait *tileStream
		adjusting := false
		for _, s := range r.tiles.streams {
			if s != nil && s.busy() && wait == nil {
				wait = s
			}
			adjusting = adjusting || (s != nil && s.adjusting)
		}
		switch {
		case wait != nil:
			wait.waitDone()
		case !adjusting:
			return // stalled: nothing more can load
		}
	}
}

// TileStats returns what the streamed tilesets hold.
func (r *Renderer) TileStats() TileStats {
	var st TileStats
	for _, s := range r.tiles.streams {
		if s == nil {
			continue
		}
		for _, t := range s.tiles {
			if t.state == tileReady {
				st.Loaded++
			}
		}
		st.Bytes += s.bytes
		st.Wanted += len(s.sel.Want)
		st.Failed += len(s.failures)
		st.Evicted += s.evicted
	}
	return st
}

// TilesDrawn changes whenever the streamed tiles that Draw draws change
// (tiles arrived, or the view moved to others): what stands on their
// roofs must be placed again.
func (r *Renderer) TilesDrawn() uint64 {
	var n uint64
	for _, s := range r.tiles.streams {
		if s != nil {
			n += s.drawChanges
		}
	}
	return n
}

// TileFailures returns one line per tile that could not be loaded.
func (r *Renderer) TileFailures() []string {
	var out []string
	for _, s := range r.tiles.streams {
		if s != nil {
			out = append(out, s.failures...)
		}
	}
	return out
}

// integrate makes a finished load drawable: textures become Ebiten images.
func (r *Renderer) integrate(s *tileStream, ld tileLoad) {
	t := &s.tiles[ld.node]
	if t.state != tileIdle {
		s.release(ld.bytes, r.tiles.budgetBytes()) // loaded twice: keep the first
		return
	}
	if ld.err != nil {
		t.state = tileFailed
		s.failures = append(s.failures, ld.err.Error())
		return
	}
	nums := make([]int32, len(ld.images))
	for i, img := range ld.images {
		nums[i] = r.addTexture(img)
	}
	for _, c := range ld.chunks {
		if c.key.tex > 0 {
			c.key.tex = nums[c.key.tex-1]
		}
	}
	for _, is := range ld.inst {
		for _, c := range is.pieces {
			if c.key.tex > 0 {
				c.key.tex = nums[c.key.tex-1]
			}
		}
	}
	t.inst = ld.inst
	t.state, t.chunks, t.textures, t.features, t.bytes = tileReady, ld.chunks, nums, ld.features, ld.bytes
	r.hideTile(s, t, r.tiles.ev)
	if h := r.hlTile; h.layer == s.layer && h.node == ld.node {
		r.Highlight(r.hl[0], r.hl[1]) // the highlighted tile came back: tint it again
	}
	t.used = s.frame
	s.bytes += ld.bytes
}

// appendSelected selects the tiles of every stream for the view of pr,
// appends their chunks to all and their instance sets to sets, evicts
// what the budget cannot keep and asks the workers for what is missing.
func (ts *tileStreams) appendSelected(r *Renderer, all []*chunk, sets []*instSet, pr *scene.Projector) ([]*chunk, []*instSet) {
	for _, s := range ts.streams {
		if s == nil {
			continue
		}
		maxErr := ts.maxErr
		if maxErr <= 0 {
			maxErr = scene.DefaultMaxScreenError
		}
		s.selectTiles(pr, maxErr*s.errScale())
		s.frame++
		for _, n := range s.sel.Draw {
			all = append(all, s.tiles[n].chunks...)
			sets = append(sets, s.tiles[n].inst...)
		}
		var working int64 // what this view holds on to
		for _, n := range s.sel.Kept {
			s.tiles[n].used = s.frame
			working += s.tiles[n].bytes
		}
		r.evict(s, ts.budgetBytes())
		s.adapt(working, ts.budgetBytes(), !ts.settling)
		s.publish(s.sel.Want)
	}
	return all, sets
}

// maxErrScale bounds how much coarser than asked a tight budget makes the
// selection.
const maxErrScale = 64

// errScale returns the factor on the screen-space error that the budget
// imposes (1 when the view fits).
func (s *tileStream) errScale() float64 { return max(1, s.scale) }

// adapt coarsens the selection while the tiles one view needs (working
// bytes) fill the budget and more are wanted (CesiumJS's memory-adjusted
// screen-space error), and with refine makes it finer again once the view
// is complete in less than a third of the budget (a step finer needs about
// 1.6 times the memory: no see-saw).
func (s *tileStream) adapt(working, budget int64, refine bool) {
	s.adjusting = false
	switch {
	case working > budget*9/10 && len(s.sel.Want) > 0 && s.errScale() < maxErrScale:
		s.scale, s.adjusting = s.errScale()*1.25, true
	case refine && working < budget/3 && len(s.sel.Want) == 0 && s.scale > 1:
		s.scale, s.adjusting = max(1, s.scale/1.25), true
	}
}

// evict drops, once the stream holds more than budget bytes (or 90% of it
// while tiles are wanted), the least
// recently used tiles that this frame neither draws nor passes through
// (the deepest first among those used as long ago: coarse tiles are small
// and stand in for missing children) until it holds at most 90% of it, so
// that a few tiles can load before the next eviction.
func (r *Renderer) evict(s *tileStream, budget int64) {
	low := budget * 9 / 10
	if s.bytes <= budget && (len(s.sel.Want) == 0 || s.bytes <= low) {
		return // under budget, or room for wanted tiles
	}
	budget = low
	var old []int32
	for i := range s.tiles {
		if t := &s.tiles[i]; t.state == tileReady && t.used < s.frame {
			old = append(old, int32(i))
		}
	}
	slices.SortFunc(old, func(a, b int32) int {
		if d := s.tiles[a].used - s.tiles[b].used; d != 0 {
			return int(d)
		}
		if d := s.tree.Nodes[b].Depth - s.tree.Nodes[a].Depth; d != 0 {
			return int(d)
		}
		return int(a - b)
	})
	for _, i := range old {
		if s.bytes <= budget {
			break
		}
		r.dropTile(s, i)
		s.evicted++
	}
}

// dropTile forgets tile i's chunks and textures; it can be loaded again.
func (r *Renderer) dropTile(s *tileStream, i int32) {
	t := &s.tiles[i]
	for _, n := range t.textures {
		if img := r.texture(n); img != nil {
			img.Deallocate()
			r.textures[n-1] = nil
			r.tiles.free = append(r.tiles.free, n)
		}
	}
	if t.state == tileReady {
		s.bytes -= t.bytes
		s.release(t.bytes, r.tiles.budgetBytes())
	}
	*t = streamTile{}
}

// addTexture makes an Ebiten image of img and returns its number (≥ 1).
func (r *Renderer) addTexture(img image.Image) int32 {
	e := ebiten.NewImageFromImage(img)
	if n := len(r.tiles.free); n > 0 {
		num := r.tiles.free[n-1]
		r.tiles.free = r.tiles.free[:n-1]
		r.textures[num-1] = e
		return num
	}
	r.textures = append(r.textures, e)
	return int32(len(r.textures))
}

// maxTileExtent is the largest tile box (metres across) counted in the
// renderer's bounds: loaders give tiles without a usable volume a huge
// box, which would push the far plane out of all precision.
const maxTileExtent = 1e7

// boxSize returns the largest edge of b (0 for an empty box).
func boxSize(b scene.Box) float64 {
	if b.Empty() {
		return 0
	}
	return max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], b.Max[2]-b.Min[2])
}

// bounds returns the union of the bounds of every tile the streamed
// tilesets know (external tilesets read on demand may reach out of their
// parents' volumes, which real data does), remembered per stream.
func (ts *tileStreams) bounds() scene.Box {
	b := scene.EmptyBox()
	for _, s := range ts.streams {
		if s == nil {
			continue
		}
		for ; s.boundsOf < len(s.tree.Nodes); s.boundsOf++ {
			if nb := s.tree.Nodes[s.boundsOf].Bounds; boxSize(nb) < maxTileExtent {
				s.allBounds = s.allBounds.Union(nb)
			}
		}
		b = b.Union(s.allBounds)
	}
	return b
}

// chunkBytes estimates the memory of a chunk: vertices, positions, depths,
// index lists (built and drawn) and parts.
func chunkBytes(c *chunk) int64 {
	return int64(cap(c.verts))*int64(unsafe.Sizeof(ebiten.Vertex{})) +
		int64(cap(c.pos)+cap(c.z))*4 + int64(cap(c.idx))*2*2 +
		int64(cap(c.parts))*int64(unsafe.Sizeof(part{}))
}

// streaming reports whether any layer is streamed.
// Streaming reports whether the renderer streams a tileset.
func (r *Renderer) Streaming() bool { return r.tiles.streaming() }

func (ts *tileStreams) streaming() bool {
	for _, s := range ts.streams {
		if s != nil {
			return true
		}
	}
	return false
}

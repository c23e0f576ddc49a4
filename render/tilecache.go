package render

import (
	"image"
	"time"
	"unsafe"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/tiles"
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

// TileStats describes the streamed tilesets, all together: tiles loaded,
// their memory (chunks, textures and features, estimated), tiles wanted
// and not loaded yet, failed and evicted.
type TileStats = tiles.Stats

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
			s.SetBudget(r.tiles.budgetBytes())
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
		if old.Tree() == tree {
			return
		}
		old.Stop()
		old.DropAll(r.freeTile)
		ts.streams[i] = nil
	}
	if tree != nil && len(tree.Nodes) > 0 && tree.Load != nil {
		ts.streams[i] = &tileStream{Stream: tiles.New(tree, ts.budgetBytes(), buildTile(i)), layer: i, title: title}
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
				s.Each(func(_ int32, t *tileContent) { r.hideTile(s, t, ev) })
			}
		}
	}
	r.tiles.ev = ev
}

// hideTile marks the parts and instances of tile t whose features ev
// hides (scenario hide changes on a streamed tileset match each tile's
// features as it loads).
func (r *Renderer) hideTile(s *tileStream, t *tileContent, ev *scene.Evaluation) {
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

// Close stops the goroutines that load tiles and drops the shadow map.
// The renderer keeps drawing what is loaded.
func (r *Renderer) Close() {
	r.releaseSun()
	for _, s := range r.tiles.streams {
		if s != nil {
			s.Stop()
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
		for _, d := range s.TakeDone() {
			r.integrate(s, d)
			ts.arrived = true
		}
		if s.GraftExpanded() {
			ts.arrived = true
			grown = true
		}
		busy = busy || s.Busy()
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
		if s != nil && !s.Complete() {
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
			if s != nil && s.Busy() && wait == nil {
				wait = s
			}
			adjusting = adjusting || (s != nil && s.Adjusting())
		}
		switch {
		case wait != nil:
			wait.WaitDone()
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
		ss := s.Stats()
		st.Loaded += ss.Loaded
		st.Bytes += ss.Bytes
		st.Wanted += ss.Wanted
		st.Failed += ss.Failed
		st.Evicted += ss.Evicted
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
			n += s.DrawChanges()
		}
	}
	return n
}

// TileFailures returns one line per tile that could not be loaded.
func (r *Renderer) TileFailures() []string {
	var out []string
	for _, s := range r.tiles.streams {
		if s != nil {
			out = append(out, s.Failures()...)
		}
	}
	return out
}

// integrate makes a finished load drawable: textures become Ebiten
// images, the scenario's hidden features are hidden and a highlighted
// tile that came back is tinted again.
func (r *Renderer) integrate(s *tileStream, d tiles.Done[*tileContent]) {
	if !s.Integrate(d, r.finishTile, r.freeTile) {
		return
	}
	r.hideTile(s, d.Content, r.tiles.ev)
	if h := r.hlTile; h.layer == s.layer && h.node == d.Node {
		r.Highlight(r.hl[0], r.hl[1]) // the highlighted tile came back: tint it again
	}
}

// appendSelected selects the tiles of every stream for the view of pr,
// appends their chunks to all and their instance sets to sets, evicts
// what the budget cannot keep and asks the workers for what is missing.
func (ts *tileStreams) appendSelected(r *Renderer, all []*chunk, sets []*instSet, pr *scene.Projector) ([]*chunk, []*instSet) {
	maxErr := ts.maxErr
	if maxErr <= 0 {
		maxErr = scene.DefaultMaxScreenError
	}
	for _, s := range ts.streams {
		if s == nil {
			continue
		}
		s.Select(pr, maxErr, !ts.settling, r.freeTile)
		for _, n := range s.Drawn() {
			if t, ok := s.Content(n); ok {
				all = append(all, t.chunks...)
				sets = append(sets, t.inst...)
			}
		}
	}
	return all, sets
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

// bounds returns the union of the bounds of every tile the streamed
// tilesets know.
func (ts *tileStreams) bounds() scene.Box {
	b := scene.EmptyBox()
	for _, s := range ts.streams {
		if s != nil {
			b = b.Union(s.Bounds())
		}
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

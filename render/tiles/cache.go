package tiles

import (
	"slices"

	"citytwin/scene"
)

// maxErrScale bounds how much coarser than asked a tight budget makes the
// selection.
const maxErrScale = 64

// Select chooses the tiles for the view of pr (screen-space error above
// maxErr pixels is refined, times the factor a tight budget imposes),
// marks the tiles it keeps as used, drops the least recently used tiles
// over the budget (free frees what one held), adapts the error factor
// (with refine, it may also make the view finer again) and asks the
// loader goroutines for the tiles that are missing. Drawn then lists the
// tiles to draw.
func (s *Stream[C]) Select(pr *scene.Projector, maxErr float64, refine bool, free func(node int32, c C)) {
	s.selectTiles(pr, maxErr*s.errScale())
	s.frame++
	var working int64 // what this view holds on to
	for _, n := range s.sel.Kept {
		s.tiles[n].used = s.frame
		working += s.tiles[n].bytes
	}
	budget := s.Budget()
	s.evict(budget, free)
	s.adapt(working, budget, refine)
	s.publish(s.sel.Want)
}

// Drawn returns the tiles the last Select draws (all loaded). The slice
// is the stream's: read it before the next Select.
func (s *Stream[C]) Drawn() []int32 { return s.sel.Draw }

// Complete reports whether the last Select had every tile its view needs.
func (s *Stream[C]) Complete() bool { return s.sel.Complete }

// Adjusting reports whether the last Select changed the error factor (the
// view is getting coarser or finer for the budget).
func (s *Stream[C]) Adjusting() bool { return s.adjusting }

// DrawChanges counts the selections that drew other tiles than the one
// before: what stands on the tiles must then be placed again.
func (s *Stream[C]) DrawChanges() uint64 { return s.drawChanges }

// Ready reports whether tile node has nothing more to load (loaded or
// failed).
func (s *Stream[C]) Ready(node int32) bool { return s.tiles[node].state >= ready }

// Content returns what tile node holds, and whether it is loaded.
func (s *Stream[C]) Content(node int32) (C, bool) {
	if node < 0 || int(node) >= len(s.tiles) || s.tiles[node].state != ready {
		var zero C
		return zero, false
	}
	return s.tiles[node].content, true
}

// Each calls f for every loaded tile.
func (s *Stream[C]) Each(f func(node int32, c C)) {
	for i := range s.tiles {
		if s.tiles[i].state == ready {
			f(int32(i), s.tiles[i].content)
		}
	}
}

// Integrate makes a finished load drawable: finish (on the game loop, may
// be nil) completes its content, e.g. makes its textures. A tile loaded
// twice keeps the first load, and free frees the second. It reports
// whether the tile is now loaded.
func (s *Stream[C]) Integrate(d Done[C], finish func(node int32, c *C), free func(node int32, c C)) bool {
	s.grow()
	t := &s.tiles[d.Node]
	if t.state != idle {
		s.release(d.Bytes, s.Budget())
		if d.Err == nil && free != nil {
			free(d.Node, d.Content)
		}
		return false
	}
	if d.Err != nil {
		t.state = failed
		s.failures = append(s.failures, d.Err.Error())
		return false
	}
	if finish != nil {
		finish(d.Node, &d.Content)
	}
	t.state, t.content, t.bytes, t.used = ready, d.Content, d.Bytes, s.frame
	s.bytes += d.Bytes
	return true
}

// errScale returns the factor on the screen-space error that the budget
// imposes (1 when the view fits).
func (s *Stream[C]) errScale() float64 { return max(1, s.scale) }

// adapt coarsens the selection while the tiles one view needs (working
// bytes) fill the budget and more are wanted (CesiumJS's memory-adjusted
// screen-space error), and with refine makes it finer again once the view
// is complete in less than a third of the budget (a step finer needs about
// 1.6 times the memory: no see-saw).
func (s *Stream[C]) adapt(working, budget int64, refine bool) {
	s.adjusting = false
	switch {
	case working > budget*9/10 && len(s.sel.Want) > 0 && s.errScale() < maxErrScale:
		s.scale, s.adjusting = s.errScale()*1.25, true
	case refine && working < budget/3 && len(s.sel.Want) == 0 && s.scale > 1:
		s.scale, s.adjusting = max(1, s.scale/1.25), true
	}
}

// evict drops, once the stream holds more than budget bytes (or 90% of it
// while tiles are wanted), the least recently used tiles that this frame
// neither draws nor passes through (the deepest first among those used as
// long ago: coarse tiles are small and stand in for missing children)
// until it holds at most 90% of it, so that a few tiles can load before
// the next eviction.
func (s *Stream[C]) evict(budget int64, free func(node int32, c C)) {
	low := budget * 9 / 10
	if s.bytes <= budget && (len(s.sel.Want) == 0 || s.bytes <= low) {
		return // under budget, or room for wanted tiles
	}
	var old []int32
	for i := range s.tiles {
		if t := &s.tiles[i]; t.state == ready && t.used < s.frame {
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
		if s.bytes <= low {
			break
		}
		s.Drop(i, free)
		s.evicted++
	}
}

// Drop forgets tile node (free frees what it held); it can be loaded
// again.
func (s *Stream[C]) Drop(node int32, free func(node int32, c C)) {
	t := &s.tiles[node]
	if t.state == ready {
		if free != nil {
			free(node, t.content)
		}
		s.bytes -= t.bytes
		s.release(t.bytes, s.Budget())
	}
	*t = tile[C]{}
}

// DropAll forgets every tile (free frees what each held).
func (s *Stream[C]) DropAll(free func(node int32, c C)) {
	for i := range s.tiles {
		s.Drop(int32(i), free)
	}
}

// Stats describes what a stream holds.
type Stats struct {
	Loaded  int   // tiles in memory
	Bytes   int64 // their memory, as Build estimated it
	Wanted  int   // tiles the last view asked for that are not loaded yet
	Failed  int   // tiles and expansions that could not be loaded
	Evicted int   // tiles dropped to stay within the budget
}

// Stats returns what the stream holds.
func (s *Stream[C]) Stats() Stats {
	st := Stats{Bytes: s.bytes, Wanted: len(s.sel.Want), Failed: len(s.failures), Evicted: s.evicted}
	for i := range s.tiles {
		if s.tiles[i].state == ready {
			st.Loaded++
		}
	}
	return st
}

// Failures returns one line per tile or expansion that could not be
// loaded. The slice is the stream's.
func (s *Stream[C]) Failures() []string { return s.failures }

// maxTileExtent is the largest tile box (metres across) counted in
// Bounds: loaders give tiles without a usable volume a huge box, which
// would push a far plane out of all precision.
const maxTileExtent = 1e7

// boxSize returns the largest edge of b (0 for an empty box).
func boxSize(b scene.Box) float64 {
	if b.Empty() {
		return 0
	}
	return max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], b.Max[2]-b.Min[2])
}

// Bounds returns the union of the bounds of every tile the tree knows
// (external tilesets read on demand may reach out of their parents'
// volumes, which real data does), but not the huge boxes of tiles without
// a usable volume.
func (s *Stream[C]) Bounds() scene.Box {
	for ; s.boundsOf < len(s.tree.Nodes); s.boundsOf++ {
		if nb := s.tree.Nodes[s.boundsOf].Bounds; boxSize(nb) < maxTileExtent {
			s.allBounds = s.allBounds.Union(nb)
		}
	}
	return s.allBounds
}

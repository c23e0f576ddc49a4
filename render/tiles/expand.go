package tiles

import (
	"context"
	"slices"

	"citytwin/scene"
)

// expandQueue is a stream's reading of unexpanded tiles (their external
// tilesets or subtrees) on a goroutine of its own, so that the tree grows
// where the view goes without the game loop touching files. Its fields are
// guarded by the stream's mu.
type expandQueue struct {
	want    []int32 // what the latest selection wants expanded, most urgent first
	taken   map[int32]bool
	done    []expanded
	running int
}

// expanded is a finished Expand, handed to the game loop.
type expanded struct {
	node int32
	exp  *scene.TileExpansion
	err  error
}

// expandWork reads the children of wanted unexpanded tiles until the
// stream stops. Expansions do not count against the budget: they hold
// the tree, not meshes.
func (s *Stream[C]) expandWork() {
	defer s.wg.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		node := int32(-1)
		for !s.stopped && node < 0 {
			if node = s.ex.next(); node < 0 {
				s.cond.Wait()
			}
		}
		if s.stopped {
			return
		}
		s.ex.taken[node] = true
		s.ex.running++
		ctx, cancel := s.tileContext(node, s.ex.want)
		s.exFlight[node] = cancel
		s.mu.Unlock()
		e, err := s.expand(ctx, node)
		s.mu.Lock()
		gone := err != nil && ctx.Err() != nil
		delete(s.exFlight, node)
		cancel()
		s.ex.running--
		if gone {
			delete(s.ex.taken, node) // cancelled: wanted again, it is read again
		} else {
			s.ex.done = append(s.ex.done, expanded{node: node, exp: e, err: err})
		}
		s.cond.Broadcast()
	}
}

// expand reads the children of node, through the tree's ExpandContext
// when it has one.
func (s *Stream[C]) expand(ctx context.Context, node int32) (*scene.TileExpansion, error) {
	if s.tree.ExpandContext != nil {
		return s.tree.ExpandContext(ctx, int(node))
	}
	return s.tree.Expand(int(node))
}

// next returns the most urgent wanted expansion not taken yet, or -1.
func (q *expandQueue) next() int32 {
	for _, w := range q.want {
		if !q.taken[w] {
			return w
		}
	}
	return -1
}

// busy reports whether expansions are wanted, running or not yet taken
// by the game loop. mu must be held.
func (q *expandQueue) busy() bool {
	return q.running > 0 || len(q.done) > 0 || q.next() >= 0
}

// selectTiles runs the selection for the view of pr: the stream first
// makes room for tiles that another stream sharing the tree may have
// grafted, and afterwards hands the wanted expansions to its goroutine.
func (s *Stream[C]) selectTiles(pr *scene.Projector, maxErr float64) {
	s.grow()
	scene.SelectTiles(s.tree, pr, maxErr, s.Ready, &s.sel)
	if sig := drawSignature(s.sel.Draw); sig != s.drawSig {
		s.drawSig = sig
		s.drawChanges++
	}
	if s.tree.Expand == nil {
		return
	}
	s.mu.Lock()
	s.ex.want = append(s.ex.want[:0], s.sel.Expand...)
	s.cancelUnwanted(s.exFlight, s.ex.want)
	s.cond.Broadcast()
	s.mu.Unlock()
}

// drawSignature is a hash of the tiles a selection draws, to notice when
// they change.
func drawSignature(draw []int32) uint64 {
	h := uint64(14695981039346656037)
	for _, n := range draw {
		h = (h ^ uint64(uint32(n))) * 1099511628211
	}
	return h ^ uint64(len(draw))
}

// grow gives the stream a tile per node of the tree.
func (s *Stream[C]) grow() {
	if n := len(s.tree.Nodes); n > len(s.tiles) {
		s.tiles = append(s.tiles, make([]tile[C], n-len(s.tiles))...)
	}
}

// GraftExpanded adds the expansions read since the last call to the tree
// (on the game loop, where the selection runs) and reports whether any
// arrived. A broken external tileset or subtree is a failure line, like a
// broken tile, and its tile keeps what it has.
func (s *Stream[C]) GraftExpanded() bool {
	s.mu.Lock()
	done := s.ex.done
	s.ex.done = nil
	for _, d := range done {
		delete(s.ex.taken, d.node)
	}
	s.ex.want = slices.DeleteFunc(s.ex.want, func(w int32) bool {
		return slices.ContainsFunc(done, func(d expanded) bool { return d.node == w })
	})
	s.mu.Unlock()
	for _, d := range done {
		if !s.tree.Nodes[d.node].Unexpanded {
			continue // grafted already (by another stream sharing the tree)
		}
		if d.err != nil {
			s.failures = append(s.failures, d.err.Error())
			d.exp = nil
		}
		if s.tree.Graft(d.node, d.exp) && d.exp != nil {
			s.failures = append(s.failures, d.exp.Warnings...)
		}
	}
	s.grow()
	return len(done) > 0
}

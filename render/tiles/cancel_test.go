package tiles

import (
	"context"
	"slices"
	"testing"
	"time"

	"citytwin/scene"
)

// started is a load that a blocking tree began: its tile and priority.
type started struct {
	node int32
	prio float64
}

// blockingTree is quadTree(levels) read as from a server: LoadContext
// reports each load on begun and, for tiles at depth ≥ blockFrom, waits
// until its context is cancelled (then reports the tile on gone).
func blockingTree(levels int, blockFrom int32) (t *scene.TileTree, begun chan started, gone chan int32) {
	t = quadTree(levels)
	begun, gone = make(chan started, 1024), make(chan int32, 1024)
	load := t.Load
	t.LoadContext = func(ctx context.Context, i int) (*scene.Layer, error) {
		p, _ := scene.TilePriority(ctx)
		begun <- started{int32(i), p}
		if t.Nodes[i].Depth < blockFrom {
			return load(i)
		}
		<-ctx.Done()
		gone <- int32(i)
		return nil, ctx.Err()
	}
	t.Load = func(int) (*scene.Layer, error) { panic("Load called on a tree with LoadContext") }
	return t, begun, gone
}

func TestStreamRequestsTheMostUrgentFirst(t *testing.T) {
	tree, begun, _ := blockingTree(4, 0)
	s := New(tree, 1<<30, build)
	defer s.Stop()
	near := view(50, 50, 80)
	s.Select(&near, 16, true, nil)
	want := slices.Clone(s.sel.Want)
	if len(want) < 2 {
		t.Fatalf("the view wants %v", want)
	}
	var got []started
	for range min(len(want), RemoteWorkers) {
		select {
		case b := <-begun:
			got = append(got, b)
		case <-time.After(5 * time.Second):
			t.Fatalf("loads begun: %v", got)
		}
	}
	slices.SortFunc(got, func(a, b started) int { return int(b.prio - a.prio) })
	for k, b := range got {
		if b.node != want[k] || b.prio != float64(len(want)-k) {
			t.Errorf("load %d: tile %d at priority %g, want tile %d at %d (wants %v)", k, b.node, b.prio, want[k], len(want)-k, want)
		}
	}
}

func TestStreamCancelsLoadsThatLeftTheView(t *testing.T) {
	tree, begun, gone := blockingTree(4, 3)
	s := New(tree, 1<<30, build)
	defer s.Stop()
	near, other := view(50, 50, 80), view(350, 350, 80)
	// Load the coarse levels; stop once two workers hang on leaves.
	var leaves []int32
	deadline := time.After(10 * time.Second)
	for len(leaves) < 2 {
		for _, d := range s.TakeDone() {
			s.Integrate(d, nil, nil)
		}
		s.Select(&near, 16, true, nil)
		select {
		case b := <-begun:
			if tree.Nodes[b.node].Depth == 3 {
				leaves = append(leaves, b.node)
			}
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			t.Fatalf("leaves begun: %v", leaves)
		}
	}
	s.Select(&other, 16, true, nil)
	for _, n := range s.sel.Want {
		if slices.Contains(leaves, n) {
			t.Fatalf("the other view still wants tile %d", n)
		}
	}
	var cancelled []int32
	for len(cancelled) < len(leaves) {
		select {
		case n := <-gone:
			if slices.Contains(leaves, n) && !slices.Contains(cancelled, n) {
				cancelled = append(cancelled, n)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("cancelled %v of the leaves %v", cancelled, leaves)
		}
	}
	slices.Sort(cancelled)
	slices.Sort(leaves)
	if !slices.Equal(cancelled, leaves) {
		t.Errorf("cancelled %v, want %v", cancelled, leaves)
	}
	if n := s.Cancelled(); n < len(leaves) {
		t.Errorf("Cancelled() = %d, want at least %d", n, len(leaves))
	}
	// A cancelled load is no failure: nothing is marked failed, and the
	// workers move on to the new view's leaves.
	for range 100 {
		if len(s.failures) > 0 {
			t.Fatalf("failures: %v", s.failures)
		}
		for _, d := range s.TakeDone() {
			s.Integrate(d, nil, nil)
		}
		s.Select(&other, 16, true, nil)
		select {
		case b := <-begun:
			if tree.Nodes[b.node].Depth == 3 && !slices.Contains(leaves, b.node) {
				return
			}
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Error("no leaf of the new view was requested")
}

func TestStreamLocalTreesLoadWithoutContext(t *testing.T) {
	tree := quadTree(3)
	s := New(tree, 1<<30, build)
	defer s.Stop()
	near := view(50, 50, 80)
	settle(t, s, &near, nil)
	if !s.Complete() || s.Cancelled() != 0 {
		t.Errorf("complete %v, cancelled %d", s.Complete(), s.Cancelled())
	}
}

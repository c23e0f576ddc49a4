package tiles

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"citytwin/scene"
)

// quadTree returns a tree of depth levels over a 400 m square: the root
// and its descendants, each with content and a geometric error halving
// per level.
func quadTree(levels int) *scene.TileTree {
	t := &scene.TileTree{}
	var add func(x0, y0, size float64, depth int32) int32
	add = func(x0, y0, size float64, depth int32) int32 {
		i := int32(len(t.Nodes))
		t.Nodes = append(t.Nodes, scene.TileNode{
			Bounds:         scene.Box{Min: scene.Vec3{x0, y0, 0}, Max: scene.Vec3{x0 + size, y0 + size, 20}},
			GeometricError: size / 4, HasContent: true, Depth: depth,
		})
		if int(depth)+1 < levels {
			var kids []int32
			for k := 0; k < 4; k++ {
				kids = append(kids, add(x0+float64(k%2)*size/2, y0+float64(k/2)*size/2, size/2, depth+1))
			}
			t.Nodes[i].Children = kids
		}
		return i
	}
	add(0, 0, 400, 0)
	t.Load = func(i int) (*scene.Layer, error) {
		return &scene.Layer{ID: fmt.Sprint(i), Features: []scene.Feature{{ID: fmt.Sprint(i)}}}, nil
	}
	return t
}

// content is what the tests' Build makes: the tile's node.
type content struct{ node int32 }

func build(node int32, _ *scene.Layer) (*content, int64) { return &content{node}, 1000 }

// view looks straight down at (x, y) from h metres.
func view(x, y, h float64) scene.Projector {
	return scene.NewProjector(scene.Camera{Target: scene.Vec3{x, y, 0}, Pitch: -89.5, Range: h}, 640, 480, 0.5, 1e5)
}

// settle selects for pr until every tile the view needs has loaded.
func settle(t *testing.T, s *Stream[*content], pr *scene.Projector, free func(int32, *content)) {
	t.Helper()
	for range 1000 {
		for _, d := range s.TakeDone() {
			s.Integrate(d, nil, free)
		}
		s.GraftExpanded()
		s.Select(pr, 16, true, free)
		if s.Complete() || !s.Busy() && !s.Adjusting() {
			return
		}
		s.WaitDone()
	}
	t.Fatal("the view never settled")
}

func TestStreamLoadsWhatTheViewNeeds(t *testing.T) {
	s := New(quadTree(4), 1<<30, build)
	defer s.Stop()
	far, near := view(200, 200, 5000), view(50, 50, 80)
	settle(t, s, &far, nil)
	if d := s.Drawn(); len(d) != 1 || d[0] != 0 {
		t.Fatalf("from far away: drawn %v, want the root", d)
	}
	settle(t, s, &near, nil)
	if !s.Complete() {
		t.Fatal("near view not complete")
	}
	deep := 0
	for _, n := range s.Drawn() {
		c, ok := s.Content(n)
		if !ok || c.node != n {
			t.Fatalf("tile %d drawn without its content (%v)", n, c)
		}
		if s.Tree().Nodes[n].Depth == 3 {
			deep++
		}
	}
	if deep == 0 {
		t.Errorf("close to the ground no leaf is drawn: %v", s.Drawn())
	}
	if st := s.Stats(); st.Loaded < 4 || st.Bytes != int64(st.Loaded)*1000 || st.Failed != 0 {
		t.Errorf("stats %+v", st)
	}
}

// Over its budget the stream drops the least recently used tiles, frees
// what they held, and keeps the view it draws.
func TestStreamEvictsUnderBudget(t *testing.T) {
	var freed atomic.Int32
	free := func(int32, *content) { freed.Add(1) }
	s := New(quadTree(4), 12_000, build)
	defer s.Stop()
	for _, p := range [][2]float64{{50, 50}, {350, 350}, {50, 350}, {350, 50}} {
		pr := view(p[0], p[1], 80)
		settle(t, s, &pr, free)
		st := s.Stats()
		if st.Bytes > 12_000 {
			t.Errorf("at %v: %d bytes held over a 12000 budget", p, st.Bytes)
		}
		for _, n := range s.Drawn() {
			if _, ok := s.Content(n); !ok {
				t.Errorf("at %v: drawn tile %d was evicted", p, n)
			}
		}
	}
	if st := s.Stats(); st.Evicted == 0 || int(freed.Load()) != st.Evicted {
		t.Errorf("evicted %d, freed %d: want some, all freed", st.Evicted, freed.Load())
	}
}

func TestStreamFailuresAndReloads(t *testing.T) {
	tree := quadTree(2)
	load := tree.Load
	tree.Load = func(i int) (*scene.Layer, error) {
		if i == 2 {
			return nil, errors.New("b3dm tiles/2.b3dm: truncated")
		}
		return load(i)
	}
	var freed []int32
	free := func(n int32, _ *content) { freed = append(freed, n) }
	s := New(tree, 1<<30, build)
	defer s.Stop()
	pr := view(200, 200, 60)
	settle(t, s, &pr, free)
	if f := s.Failures(); len(f) != 1 || f[0] != "b3dm tiles/2.b3dm: truncated" {
		t.Errorf("failures %q", f)
	}
	if !s.Ready(2) {
		t.Error("a failed tile still counts as loading")
	}
	// A second load of a tile that is in is dropped and freed.
	c, _ := s.Content(1)
	if s.Integrate(Done[*content]{Node: 1, Content: &content{1}, Bytes: 1000}, nil, free) {
		t.Error("a second load replaced the first")
	}
	if c2, _ := s.Content(1); c2 != c || len(freed) != 1 || freed[0] != 1 {
		t.Errorf("after a second load: content %v (was %v), freed %v", c2, c, freed)
	}
	s.Drop(1, free)
	if _, ok := s.Content(1); ok || len(freed) != 2 {
		t.Errorf("Drop kept the tile or did not free it (freed %v)", freed)
	}
}

// Unexpanded tiles are read on the stream's goroutine and grafted on the
// game loop; their children then load like the others.
func TestStreamExpands(t *testing.T) {
	tree := quadTree(1)
	tree.Nodes[0].Unexpanded = true
	sub := quadTree(2)
	tree.Expand = func(i int) (*scene.TileExpansion, error) {
		e := &scene.TileExpansion{Nodes: sub.Nodes[1:], Children: []int32{0, 1, 2, 3}}
		for k := range e.Nodes {
			e.Nodes[k].Children = nil
		}
		return e, nil
	}
	s := New(tree, 1<<30, build)
	defer s.Stop()
	pr := view(100, 100, 60)
	settle(t, s, &pr, nil)
	if len(tree.Nodes) != 5 || tree.Nodes[0].Unexpanded {
		t.Fatalf("after the expansion: %d nodes, unexpanded %v", len(tree.Nodes), tree.Nodes[0].Unexpanded)
	}
	if _, ok := s.Content(1); !ok {
		t.Errorf("the grafted child under the view did not load (drawn %v)", s.Drawn())
	}
}

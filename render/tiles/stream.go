package tiles

import (
	"context"
	"slices"
	"sync"

	"citytwin/scene"
)

// Workers is the number of goroutines that load tiles per stream of a
// tree read from local files (decoding is the work: one per core of a
// small machine).
const Workers = 2

// RemoteWorkers is the number of goroutines that load tiles per stream of
// a tree with LoadContext (read from a server: mostly waiting), more than
// the server's connections (loaders/remote allows 4), so that requests
// queue for them by priority.
const RemoteWorkers = 6

// Tile states, per node.
const (
	idle   uint8 = iota // not loaded (perhaps loading)
	ready               // content in memory
	failed              // could not be loaded: nothing to draw
)

// tile is the stream's record of one node of the tree.
type tile[C any] struct {
	state   uint8
	content C
	bytes   int64
	used    int64 // frame the tile was last drawn or passed through in
}

// Done is a finished load, handed from a loader goroutine to the game loop
// by TakeDone.
type Done[C any] struct {
	Node    int32 // the tile: index into the tree's Nodes
	Content C     // what Build made of it (zero when Err is set)
	Bytes   int64 // the memory Build says it holds
	Err     error // why it could not be loaded
}

// Build turns tile node's decoded layer into content on a loader
// goroutine and says how many bytes it holds. It must not call Ebiten.
type Build[C any] func(node int32, l *scene.Layer) (C, int64)

// Stream streams one tile tree. Its methods must be called from one
// goroutine (the game loop), except where they say otherwise; its loader
// goroutines only call the tree's Load and Expand (LoadContext and
// ExpandContext when it has them) and the Build function.
//
// A tree with LoadContext (one read from a server) gets one context per
// load, carrying the tile's urgency (scene.WithTilePriority: its rank in
// the latest selection's Want, most urgent highest); each Select cancels
// the loads and expansions in flight whose tile it no longer wants, and a
// cancelled load is neither a failure nor a result: the tile loads again
// if the view comes back to it.
type Stream[C any] struct {
	tree  *scene.TileTree
	build Build[C]
	tiles []tile[C] // game loop only
	sel   scene.TileSelection
	frame int64
	bytes int64 // game loop only: bytes of ready tiles
	// drawSig identifies the tiles the last selection drew; drawChanges
	// counts the selections that drew other tiles than the one before.
	drawSig     uint64
	drawChanges uint64
	// allBounds holds the bounds of the tree's first boundsOf nodes.
	allBounds scene.Box
	boundsOf  int
	evicted   int
	// scale multiplies the screen-space error while the budget is tight
	// (≤ 1: not at all); adjusting is true when the last selection changed
	// it.
	scale     float64
	adjusting bool
	failures  []string // one line per tile or expansion that failed

	mu      sync.Mutex
	cond    *sync.Cond
	want    []int32 // guarded by mu: the latest wants, most urgent first
	taken   map[int32]bool
	done    []Done[C]
	ex      expandQueue
	running int   // loads in workers
	held    int64 // bytes loaded and not dropped, in-flight loads excluded
	budget  int64 // workers take no tile while held ≥ budget
	stopped bool
	wg      sync.WaitGroup
	// flight holds the cancel functions of the loads and expansions in
	// progress (guarded by mu), cancelled when the latest selection no
	// longer wants their tile; cancelled counts those cancelled.
	flight    map[int32]context.CancelFunc
	exFlight  map[int32]context.CancelFunc
	cancelled int
	ctx       context.Context // cancelled by Stop
	stop      context.CancelFunc
}

// New starts streaming tree (which must have Load) with a budget in bytes:
// Workers goroutines (RemoteWorkers for a tree with LoadContext) load
// what the latest selection wants, and one reads
// expansions when the tree has Expand.
func New[C any](tree *scene.TileTree, budget int64, build Build[C]) *Stream[C] {
	s := &Stream[C]{tree: tree, build: build, tiles: make([]tile[C], len(tree.Nodes)), taken: map[int32]bool{},
		budget: budget, allBounds: scene.EmptyBox()}
	s.ex.taken = map[int32]bool{}
	s.flight, s.exFlight = map[int32]context.CancelFunc{}, map[int32]context.CancelFunc{}
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.cond = sync.NewCond(&s.mu)
	workers := Workers
	if tree.LoadContext != nil {
		workers = RemoteWorkers
	}
	for range workers {
		s.wg.Add(1)
		go s.work()
	}
	if tree.Expand != nil {
		s.wg.Add(1)
		go s.expandWork()
	}
	return s
}

// Tree returns the streamed tree.
func (s *Stream[C]) Tree() *scene.TileTree { return s.tree }

// work loads wanted tiles until the stream stops.
func (s *Stream[C]) work() {
	defer s.wg.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		node := int32(-1)
		for !s.stopped && node < 0 {
			if node = s.next(); node < 0 {
				s.cond.Wait()
			}
		}
		if s.stopped {
			return
		}
		s.taken[node] = true
		s.running++
		ctx, cancel := s.tileContext(node, s.want)
		s.flight[node] = cancel
		s.mu.Unlock()
		d := s.load(ctx, node)
		s.mu.Lock()
		gone := d.Err != nil && ctx.Err() != nil
		delete(s.flight, node)
		cancel()
		s.running--
		if gone {
			delete(s.taken, node) // cancelled: wanted again, it loads again
		} else {
			s.held += d.Bytes
			s.done = append(s.done, d)
		}
		s.cond.Broadcast()
	}
}

// tileContext returns the context of a load or expansion of node: a
// child of the stream's, cancelled by Stop or when the view no longer
// wants the tile, with node's urgency in want (most urgent first) as its
// scene.WithTilePriority.
func (s *Stream[C]) tileContext(node int32, want []int32) (context.Context, context.CancelFunc) {
	p := 0.0
	if i := slices.Index(want, node); i >= 0 {
		p = float64(len(want) - i)
	}
	return context.WithCancel(scene.WithTilePriority(s.ctx, p))
}

// cancelUnwanted cancels the loads in flight whose tile is not in want.
// mu must be held.
func (s *Stream[C]) cancelUnwanted(flight map[int32]context.CancelFunc, want []int32) {
	for n, cancel := range flight {
		if !slices.Contains(want, n) {
			cancel()
			delete(flight, n)
			s.cancelled++
		}
	}
}

// Cancelled counts the loads and expansions cancelled because the view
// moved away from their tile before they finished. Safe from any
// goroutine.
func (s *Stream[C]) Cancelled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cancelled
}

// load decodes one tile and builds its content, through the tree's
// LoadContext when it has one.
func (s *Stream[C]) load(ctx context.Context, node int32) Done[C] {
	var l *scene.Layer
	var err error
	if s.tree.LoadContext != nil {
		l, err = s.tree.LoadContext(ctx, int(node))
	} else {
		l, err = s.tree.Load(int(node))
	}
	if err != nil {
		return Done[C]{Node: node, Err: err}
	}
	c, bytes := s.build(node, l)
	return Done[C]{Node: node, Content: c, Bytes: bytes}
}

// publish hands the wants of the latest selection to the workers.
func (s *Stream[C]) publish(want []int32) {
	s.mu.Lock()
	s.want = append(s.want[:0], want...)
	s.cancelUnwanted(s.flight, s.want)
	s.cond.Broadcast()
	s.mu.Unlock()
}

// TakeDone returns the loads finished since the last call, and drops them
// from the wants so that no worker loads them again before the next
// selection. Hand each to Integrate.
func (s *Stream[C]) TakeDone() []Done[C] {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := s.done
	s.done = nil
	if len(done) == 0 {
		return nil
	}
	for _, d := range done {
		delete(s.taken, d.Node)
	}
	s.want = slices.DeleteFunc(s.want, func(w int32) bool {
		return slices.ContainsFunc(done, func(d Done[C]) bool { return d.Node == w })
	})
	return done
}

// Busy reports whether loads or expansions are running, finished but not
// taken, or wanted and waiting for a worker. Safe from any goroutine.
func (s *Stream[C]) Busy() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.busyLocked()
}

func (s *Stream[C]) busyLocked() bool {
	if s.stopped {
		return false
	}
	return s.running > 0 || len(s.done) > 0 || s.next() >= 0 || s.ex.busy()
}

// next returns the most urgent wanted tile that no worker has taken, or
// -1 (also while the budget is used up). mu must be held.
func (s *Stream[C]) next() int32 {
	if s.held >= s.budget {
		return -1
	}
	for _, w := range s.want {
		if !s.taken[w] {
			return w
		}
	}
	return -1
}

// release gives back bytes to the budget and sets the budget.
func (s *Stream[C]) release(bytes, budget int64) {
	s.mu.Lock()
	s.held -= bytes
	s.budget = budget
	s.cond.Broadcast()
	s.mu.Unlock()
}

// SetBudget sets the memory budget in bytes.
func (s *Stream[C]) SetBudget(budget int64) { s.release(0, budget) }

// Budget returns the memory budget in bytes.
func (s *Stream[C]) Budget() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.budget
}

// WaitDone blocks until a load or an expansion finishes or nothing is
// left to load.
func (s *Stream[C]) WaitDone() {
	s.mu.Lock()
	for len(s.done) == 0 && len(s.ex.done) == 0 && s.busyLocked() {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// Stop ends the loader goroutines, cancelling the loads in flight, and
// waits for them. What is loaded stays.
func (s *Stream[C]) Stop() {
	s.mu.Lock()
	s.stopped = true
	s.cond.Broadcast()
	s.mu.Unlock()
	s.stop()
	s.wg.Wait()
}

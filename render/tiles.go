package render

import (
	"image"
	"slices"
	"sync"

	"citytwin/scene"
)

// DefaultTileBudget is the memory (bytes) that streamed tiles may hold in
// the renderer: chunk vertices, indices and textures. Tiles out of view
// are evicted, least recently drawn first, to stay under it.
const DefaultTileBudget = 512 << 20

// tileWorkers is the number of goroutines that load tiles per tileset.
const tileWorkers = 2

// featureBytes and propertyBytes estimate the memory of a tile's features
// (kept for picking): per feature, and per property.
const (
	featureBytes  = 128
	propertyBytes = 64
)

// Tile states, per node.
const (
	tileIdle   uint8 = iota // not loaded (perhaps loading)
	tileReady               // chunks in memory
	tileFailed              // could not be loaded: nothing to draw
)

// streamTile is the renderer's copy of one tile.
type streamTile struct {
	state    uint8
	chunks   []*chunk
	inst     []*instSet      // instanced meshes (i3dm)
	textures []int32         // renderer texture numbers owned by the tile
	features []scene.Feature // for picking: chunk parts number into it
	bytes    int64
	used     int64 // frame the tile was last drawn in
}

// tileLoad is a finished load, handed from a worker to the game loop.
type tileLoad struct {
	node     int32
	chunks   []*chunk
	inst     []*instSet
	images   []image.Image // textures, numbered 1.. in the chunks' keys
	features []scene.Feature
	bytes    int64
	err      error
}

// tileStream streams one tileset layer: workers load what the latest
// selection wants, the game loop turns loads into drawable tiles.
type tileStream struct {
	layer int
	title string       // the layer's title, for the properties panel
	src   *scene.Layer // the scene's layer, for the scenarios' hide changes
	// drawSig identifies the tiles the last selection drew; drawChanges
	// counts the selections that drew other tiles than the one before.
	drawSig     uint64
	drawChanges uint64
	// allBounds holds the bounds of the tree's first boundsOf nodes (game
	// loop only; see tileStreams.bounds).
	allBounds scene.Box
	boundsOf  int
	tree      *scene.TileTree
	tiles     []streamTile // game loop only
	sel       scene.TileSelection
	frame     int64
	bytes     int64 // game loop only: bytes of ready tiles
	// evicted counts the tiles dropped for the budget.
	evicted int
	// scale multiplies the screen-space error while the budget is tight
	// (≤ 1: not at all); adjusting is true when the last selection changed
	// it.
	scale     float64
	adjusting bool
	// failures lists the problems met, one line per tile.
	failures []string

	mu      sync.Mutex
	cond    *sync.Cond
	want    []int32 // guarded by mu: the latest wants
	taken   map[int32]bool
	done    []tileLoad
	ex      expandQueue
	running int   // loads in workers
	held    int64 // bytes loaded and not evicted, in-flight loads excluded
	budget  int64 // workers take no tile while held ≥ budget
	stopped bool
	wg      sync.WaitGroup
}

func newTileStream(layer int, tree *scene.TileTree, budget int64) *tileStream {
	s := &tileStream{layer: layer, tree: tree, tiles: make([]streamTile, len(tree.Nodes)), taken: map[int32]bool{}, budget: budget, allBounds: scene.EmptyBox()}
	s.ex.taken = map[int32]bool{}
	s.cond = sync.NewCond(&s.mu)
	for k := 0; k < tileWorkers; k++ {
		s.wg.Add(1)
		go s.work()
	}
	if tree.Expand != nil {
		s.wg.Add(1)
		go s.expandWork()
	}
	return s
}

// work loads wanted tiles until the stream stops.
func (s *tileStream) work() {
	defer s.wg.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		node := int32(-1)
		for !s.stopped && node < 0 {
			node = s.next()
			if node < 0 {
				s.cond.Wait()
			}
		}
		if s.stopped {
			return
		}
		s.taken[node] = true
		s.running++
		s.mu.Unlock()
		ld := s.load(node)
		s.mu.Lock()
		s.running--
		s.held += ld.bytes
		s.done = append(s.done, ld)
		s.cond.Broadcast()
	}
}

// load decodes one tile and builds its chunks (no Ebiten call: textures
// are numbered 1.. for now and made on the game loop).
func (s *tileStream) load(node int32) tileLoad {
	l, err := s.tree.Load(int(node))
	if err != nil {
		return tileLoad{node: node, err: err}
	}
	var images []image.Image
	tex := func(img image.Image) (int32, [2]float32) {
		b := img.Bounds()
		if b.Empty() {
			return 0, [2]float32{}
		}
		for i, im := range images {
			if im == img {
				return int32(i + 1), [2]float32{float32(b.Dx()), float32(b.Dy())}
			}
		}
		images = append(images, img)
		return int32(len(images)), [2]float32{float32(b.Dx()), float32(b.Dy())}
	}
	chunks, inst := buildChunks(s.layer, l.Meshes, tex)
	var bytes int64
	for _, c := range chunks {
		bytes += chunkBytes(c)
	}
	for _, is := range inst {
		is.tile = true
		bytes += instSetBytes(is)
	}
	for _, img := range images {
		b := img.Bounds()
		bytes += int64(b.Dx()) * int64(b.Dy()) * 4
	}
	for _, f := range l.Features {
		bytes += featureBytes + int64(len(f.Properties))*propertyBytes
	}
	return tileLoad{node: node, chunks: chunks, inst: inst, images: images, features: l.Features, bytes: bytes}
}

// publish hands the wants of the latest selection to the workers.
func (s *tileStream) publish(want []int32) {
	s.mu.Lock()
	s.want = append(s.want[:0], want...)
	s.cond.Broadcast()
	s.mu.Unlock()
}

// takeDone returns the finished loads, and drops them from the wants so
// that no worker loads them again before the next selection.
func (s *tileStream) takeDone() []tileLoad {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := s.done
	s.done = nil
	if len(done) == 0 {
		return nil
	}
	for _, d := range done {
		delete(s.taken, d.node)
	}
	s.want = slices.DeleteFunc(s.want, func(w int32) bool {
		return slices.ContainsFunc(done, func(d tileLoad) bool { return d.node == w })
	})
	return done
}

// busy reports whether loads or expansions are running, finished but not
// taken, or wanted and waiting for a worker.
func (s *tileStream) busy() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.busyLocked()
}

func (s *tileStream) busyLocked() bool {
	if s.stopped {
		return false
	}
	return s.running > 0 || len(s.done) > 0 || s.next() >= 0 || s.ex.busy()
}

// next returns the most urgent wanted tile that no worker has taken, or
// -1 (also while the budget is used up). mu must be held.
func (s *tileStream) next() int32 {
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

// release gives back the bytes of an evicted tile to the budget and sets
// the budget.
func (s *tileStream) release(bytes, budget int64) {
	s.mu.Lock()
	s.held -= bytes
	s.budget = budget
	s.cond.Broadcast()
	s.mu.Unlock()
}

// waitDone blocks until a load or an expansion finishes or nothing is
// left to load.
func (s *tileStream) waitDone() {
	s.mu.Lock()
	for len(s.done) == 0 && len(s.ex.done) == 0 && s.busyLocked() {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// stop ends the workers and waits for them.
func (s *tileStream) stop() {
	s.mu.Lock()
	s.stopped = true
	s.cond.Broadcast()
	s.mu.Unlock()
	s.wg.Wait()
}

// ready reports whether tile i has nothing more to load.
func (s *tileStream) ready(i int32) bool {
	return s.tiles[i].state >= tileReady
}

package tiles3d

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// pending says how to read the children of an unexpanded tile that are
// not known yet.
type pending struct {
	// external are the external tilesets of the tile's content.
	external []extRef
	// implicit, when set, is the implicit tree the tile belongs to, key the
	// tile's place in it and subtrees the child subtrees rooted below it.
	implicit *implicitRoot
	key      tileKey
	subtrees []tileKey
}

// extRef is an external tileset held by a tile at depth of the tileset
// files files (the outermost first).
type extRef struct {
	path   string
	files  []string
	world  affine.Mat4
	refine string
	depth  int
}

// treeState is what a TileTree's Load and Expand know of its tiles, by
// node index. Graft adds to it (through TileExpansion.Bind) on the
// selecting goroutine while loaders read it.
type treeState struct {
	ld   *loader
	dz   float64 // how far the frame was lowered
	mu   sync.RWMutex
	jobs [][]job // content files per node
	pend map[int32]*pending
	// externals counts the external tilesets read.
	externals atomic.Int64
}

// maxExternalTilesets bounds the external tilesets one tree reads, so that
// tilesets that include each other many times over cannot grow the tree
// without end.
const maxExternalTilesets = 1 << 17

// bind records the content and pending expansions of b's nodes, which
// the tree holds from index base on.
func (st *treeState) bind(b *treeBuilder, base int32) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for len(st.jobs) < int(base) {
		st.jobs = append(st.jobs, nil)
	}
	st.jobs = append(st.jobs[:base], b.jobs...)
	if st.pend == nil {
		st.pend = map[int32]*pending{}
	}
	for i, p := range b.pend {
		st.pend[base+i] = p
	}
}

// load is TileTree.Load.
func (st *treeState) load(i int) (*scene.Layer, error) { return st.loadWith(st.ld, i) }

// loadWith is load reading through ld.
func (st *treeState) loadWith(ld *loader, i int) (*scene.Layer, error) {
	st.mu.RLock()
	var js []job
	ok := i >= 0 && i < len(st.jobs)
	if ok {
		js = st.jobs[i]
	}
	st.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("tiles3d: tile %d out of range", i)
	}
	return ld.loadTile(js, st.dz)
}

// expand is TileTree.Expand: it reads the external tilesets or the child
// subtrees of tile i. Problems that spare something are warnings of the
// expansion; when nothing could be read they are its error.
func (st *treeState) expand(i int) (*scene.TileExpansion, error) { return st.expandWith(st.ld, i) }

// expandWith is expand reading through ld.
func (st *treeState) expandWith(ld *loader, i int) (*scene.TileExpansion, error) {
	st.mu.RLock()
	p := st.pend[int32(i)]
	st.mu.RUnlock()
	if p == nil {
		return nil, fmt.Errorf("tiles3d: tile %d has no children to read", i)
	}
	b := newBuilder(ld, true)
	var errs []error
	if p.implicit != nil {
		if err := b.subtrees(p.implicit, p.key, topNode, p.subtrees); err != nil {
			errs = append(errs, err)
		}
	}
	for _, e := range p.external {
		if st.externals.Add(1) > maxExternalTilesets {
			errs = append(errs, fmt.Errorf("tileset %s: more than %d external tilesets read; skipped", e.path, maxExternalTilesets))
			continue
		}
		ci, err := b.external(e.path, e.files, e.world, e.refine, e.depth)
		if err != nil {
			errs = append(errs, err)
		} else if ci >= 0 {
			b.link(topNode, ci)
		}
	}
	if len(b.top) == 0 && len(errs)+len(b.warnings) > 0 {
		for _, w := range b.warnings {
			errs = append(errs, errors.New(w))
		}
		return nil, errors.Join(errs...)
	}
	for _, err := range errs {
		b.warnf("%v", err)
	}
	b.bounds()
	b.shift(st.dz)
	return &scene.TileExpansion{Nodes: b.nodes, Children: b.top, Warnings: b.warnings, Bind: func(base int32) {
		st.bind(b, base)
		st.mu.Lock()
		delete(st.pend, int32(i))
		st.mu.Unlock()
	}}, nil
}

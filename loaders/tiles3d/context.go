package tiles3d

import (
	"context"
	"io/fs"

	"citytwin/loaders/limit"
	"citytwin/scene"
)

// contextReader is a file system that reads as a context allows
// (loaders/remote.FS): trees opened on one get TileTree.LoadContext and
// ExpandContext, so that a streamer can cancel the requests of tiles that
// left the view and order the rest by urgency.
type contextReader interface {
	ReadFileContext(ctx context.Context, name string) ([]byte, error)
}

// prioritizer is a file system that orders waiting requests by a priority
// carried in their context (loaders/remote.FS.WithPriority).
type prioritizer interface {
	WithPriority(ctx context.Context, p float64) context.Context
}

// withContext returns a copy of the loader whose reads go through ctx
// (nil: plain reads). The copy shares the loader's settings and layer.
func (ld *loader) withContext(ctx context.Context) *loader {
	c := *ld
	c.ctx = ctx
	return &c
}

// readContext reads name through ld.ctx when the loader has one and the
// file system can take it (see readLimited). It reports false otherwise.
func (ld *loader) readContext(name string) ([]byte, bool, error) {
	b, ok := ld.boundFS().(boundFS)
	if !ok {
		return nil, false, nil
	}
	data, err := b.read(name, ld.opts.Limits.TileContentBytes())
	return data, true, err
}

// boundFS returns the loader's file system, bound to ld.ctx when it has
// one and the file system can take it.
func (ld *loader) boundFS() fs.FS {
	if cr, ok := ld.fsys.(contextReader); ok && ld.ctx != nil {
		return boundFS{FS: ld.fsys, cr: cr, ctx: ld.ctx}
	}
	return ld.fsys
}

// boundFS is a file system whose reads in this package (readLimited) go
// through ReadFileContext with ctx.
type boundFS struct {
	fs.FS
	cr  contextReader
	ctx context.Context
}

// read reads name through ReadFileContext, the tile priority of
// scene.WithTilePriority passed on to the file system when it takes one,
// and applies the size
// limit max to what arrived.
func (b boundFS) read(name string, max int64) ([]byte, error) {
	ctx := b.ctx
	if pf, ok := b.FS.(prioritizer); ok {
		if p, ok := scene.TilePriority(ctx); ok {
			ctx = pf.WithPriority(ctx, p)
		}
	}
	data, err := b.cr.ReadFileContext(ctx, name)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &limit.TooBigError{File: name, Kind: "3D Tiles", Size: int64(len(data)), Limit: max}
	}
	return data, nil
}

// readLimited reads name from fsys, no more than max bytes: through its
// context when fsys is bound to one.
func readLimited(fsys fs.FS, name string, max int64) ([]byte, error) {
	if b, ok := fsys.(boundFS); ok {
		return b.read(name, max)
	}
	return limit.ReadFile(fsys, name, "3D Tiles", max)
}

// loadContext is TileTree.LoadContext.
func (st *treeState) loadContext(ctx context.Context, i int) (*scene.Layer, error) {
	return st.loadWith(st.ld.withContext(ctx), i)
}

// expandContext is TileTree.ExpandContext.
func (st *treeState) expandContext(ctx context.Context, i int) (*scene.TileExpansion, error) {
	return st.expandWith(st.ld.withContext(ctx), i)
}

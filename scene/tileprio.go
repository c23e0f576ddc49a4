package scene

import "context"

// tilePriorityKey is the context key of WithTilePriority.
type tilePriorityKey struct{}

// WithTilePriority returns a context that asks TileTree.LoadContext and
// ExpandContext to put the tile's requests before those of lower priority
// (higher first) while they wait for a connection. A streamer passes how
// urgent the view finds the tile (its rank in TileSelection.Want, most
// urgent highest).
func WithTilePriority(ctx context.Context, p float64) context.Context {
	return context.WithValue(ctx, tilePriorityKey{}, p)
}

// TilePriority returns the priority WithTilePriority stored in ctx, and
// whether there was one.
func TilePriority(ctx context.Context) (float64, bool) {
	p, ok := ctx.Value(tilePriorityKey{}).(float64)
	return p, ok
}

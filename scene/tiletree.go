package scene

import "context"

// Refinement says how a tile's children relate to its own content when
// the view needs more detail than the tile has.
type Refinement uint8

// The refinements of 3D Tiles.
const (
	// RefineReplace: the children's content replaces the tile's.
	RefineReplace Refinement = iota
	// RefineAdd: the children's content is drawn in addition to the tile's.
	RefineAdd
)

// TileNode is one tile of a TileTree: where it is and how coarse its
// content is, without the content itself.
type TileNode struct {
	// Bounds holds the tile's content and its descendants', in the local
	// frame (metres).
	Bounds Box
	// GeometricError is the error, in metres, of drawing this tile's
	// content without its children's.
	GeometricError float64
	// Refine says how the children refine the tile.
	Refine Refinement
	// HasContent is true when TileTree.Load has meshes to give for the tile.
	HasContent bool
	// Link is true for a tile whose content is an external tileset: the
	// view always passes through it to that tileset's root, whatever its
	// error, as CesiumJS does. Other tiles (implicit ones included) are
	// refined by their screen-space error, with content or not.
	Link bool
	// Unexpanded is true while some of the tile's children are not read
	// yet (they come from an external tileset or implicit-tiling subtrees):
	// TileTree.Expand reads them and Graft adds them. Children lists those
	// known already.
	Unexpanded bool
	// Depth is the tile's level below the root (0).
	Depth int32
	// Children are indices into TileTree.Nodes.
	Children []int32
}

// TileTree is a tiled layer (a 3D Tiles tileset) whose content is loaded
// on demand, tile by tile, at the detail the view needs: the tree is read
// up front (or as the view reaches its unexpanded tiles), the meshes when
// SelectTiles asks for them. Share a tree by pointer, never by copying
// it: Graft changes its nodes in place.
type TileTree struct {
	// Nodes are the tiles; Nodes[0] is the root. Parents come before their
	// children.
	Nodes []TileNode
	// Load decodes the content of tile i into a layer of its own (meshes in
	// the local frame, features numbered from 0 for that tile). It is safe
	// for concurrent use. The error names the tile's file.
	Load func(i int) (*Layer, error)
	// Expand reads the children of the unexpanded tile i (nil when the tree
	// has no unexpanded tile). It is safe for concurrent use with Load and
	// other Expands, and changes nothing: Graft adds what it returns. The
	// error names the file that could not be read.
	Expand func(i int) (*TileExpansion, error)
	// LoadContext, when not nil, is Load as ctx allows: cancelling ctx
	// abandons the tile's requests (the error is then ctx's), and
	// TilePriority(ctx) orders them among others waiting. Trees read from
	// a server set it; those read from a local folder leave it nil, and a
	// streamer then calls Load.
	LoadContext func(ctx context.Context, i int) (*Layer, error)
	// ExpandContext, when not nil, is Expand as ctx allows (see
	// LoadContext).
	ExpandContext func(ctx context.Context, i int) (*TileExpansion, error)
}

// TileExpansion is what TileTree.Expand read for an unexpanded tile.
type TileExpansion struct {
	// Nodes are the tile's new descendants, parents before children; their
	// Children index into Nodes (Graft makes them indices into the tree).
	// Depth, Bounds and the rest are final.
	Nodes []TileNode
	// Children are the indices into Nodes of the tile's new children.
	Children []int32
	// Bind, when not nil, is called by Graft with the index in the tree of
	// Nodes[0], so that Load and Expand know the new tiles by their index.
	Bind func(base int32)
	// Warnings are problems met that spared the rest (a missing subtree
	// file among several), each naming its file.
	Warnings []string
}

// Graft adds e's nodes under the unexpanded tile i (new children after
// the known ones) and marks it expanded; a nil e marks it expanded with
// nothing added (its files were broken). It reports false, changing
// nothing, when tile i is not unexpanded (it was grafted already). The
// tree must not be in use elsewhere meanwhile: call it where SelectTiles
// runs.
func (t *TileTree) Graft(i int32, e *TileExpansion) bool {
	if i < 0 || int(i) >= len(t.Nodes) || !t.Nodes[i].Unexpanded {
		return false
	}
	t.Nodes[i].Unexpanded = false
	if e == nil {
		return true
	}
	base := int32(len(t.Nodes))
	for _, n := range e.Nodes {
		kids := make([]int32, len(n.Children))
		for k, c := range n.Children {
			kids[k] = base + c
		}
		n.Children = kids
		t.Nodes = append(t.Nodes, n)
	}
	for _, c := range e.Children {
		t.Nodes[i].Children = append(t.Nodes[i].Children, base+c)
	}
	if e.Bind != nil {
		e.Bind(base)
	}
	return true
}

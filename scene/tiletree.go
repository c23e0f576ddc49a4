package scene

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
	// Depth is the tile's level below the root (0).
	Depth int32
	// Children are indices into TileTree.Nodes.
	Children []int32
}

// TileTree is a tiled layer (a 3D Tiles tileset) whose content is loaded
// on demand, tile by tile, at the detail the view needs: the tree is read
// up front, the meshes when SelectTiles asks for them.
type TileTree struct {
	// Nodes are the tiles; Nodes[0] is the root. Parents come before their
	// children.
	Nodes []TileNode
	// Load decodes the content of tile i into a layer of its own (meshes in
	// the local frame, features numbered from 0 for that tile). It is safe
	// for concurrent use. The error names the tile's file.
	Load func(i int) (*Layer, error)
}

// Package scene is citytwin's model of a city: layers of features and
// meshes placed in one local east-north-up (ENU) frame, their styles, the
// scenarios that change them, the camera that looks at them and the key
// figures computed from them.
//
// It is pure data and logic: it imports no window, no GPU and no network
// code, so everything in it is testable anywhere. Loaders (package
// citytwin/loaders/...) fill it from files; the renderer (citytwin/render)
// draws it; citytwin/live feeds readings that the renderer places with it.
//
// Frames: geographic positions are WGS84 longitude/latitude in degrees and
// ellipsoidal height in metres. The scene's local frame is centred on
// Scene.Origin with X east, Y north and Z up, in metres (see Frame).
// Vertices are stored as float32 relative to that origin, which keeps
// centimetre precision anywhere within tens of kilometres.
//
// Tiled layers: a large 3D Tiles tileset is a Layer whose Tiles (a
// TileTree) holds each tile's bounds and geometric error but not its
// meshes; SelectTiles chooses, per view, the tiles whose screen-space error
// is small enough, and the renderer loads just those. Parts of the tree may
// be read on demand too: SelectTiles lists the unexpanded tiles it would
// refine, TileTree.Expand reads their children and Graft adds them.
package scene

// Package tiles streams 3D Tiles tile trees: for each view it chooses the
// tiles to draw (scene.SelectTiles, by screen-space error), loads the
// missing ones on background goroutines, reads external tilesets and
// implicit subtrees when the view first needs them, and keeps the loaded
// tiles under a memory budget, dropping the least recently used and
// coarsening the view when one view alone would fill it (as CesiumJS
// does).
//
// A Stream is generic over what a loaded tile holds for drawing (C): the
// renderer (package render) supplies a build function that turns a tile's
// decoded layer into its chunks on a loader goroutine, finishes them on
// the game loop (Integrate: textures), and frees them when a tile is
// dropped. This package draws nothing and imports no Ebiten: it imports
// scene only, so its scheduling is tested without a window.
//
//	s := tiles.New(tree, budget, build)
//	defer s.Stop()
//	// each frame, on the game loop:
//	for _, d := range s.TakeDone() { s.Integrate(d, finish, release) }
//	s.Select(&projector, maxErr, true, drop)
//	for _, n := range s.Drawn() { draw(s.Content(n)) }
package tiles

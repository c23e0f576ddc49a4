// Package tiles3d loads a local OGC 3D Tiles tileset (tileset.json with
// .b3dm, .i3dm, .glb, .cmpt content; 3D Tiles 1.0 and 1.1, explicit and
// implicit quadtree or octree tiling) into one scene.Layer of kind
// scene.Kind3DTiles, with meshes in the scene's local east-north-up frame.
//
// It sits beside loaders/gltf, which decodes each tile's glTF: this package
// reads the tile tree, the b3dm container (feature table RTC_CENTER, batch
// table properties per BATCH_ID) and the implicit-tiling subtrees, and
// composes each tile's transform: tile transforms (column-major, chained
// from the root), RTC_CENTER, and glTF's y-up → z-up turn. Tilesets in
// Earth-centred coordinates (ECEF) are placed exactly; tilesets whose
// transforms are in a projected CRS (py3dtilers writes EPSG:3946 for Lyon)
// are placed through github.com/wroge/wgs84, tile by tile.
//
// Two ways in. Load loads a tileset whole, up to a triangle budget: every
// available content of an ADD-refined tile, and for REPLACE refinement
// only the deepest available content of each branch (the full detail);
// report and small tilesets use it. Open reads only the top of the tile
// tree (the tileset JSON and the root subtrees of its implicit tiles) into
// a scene.TileTree with each tile's bounds in the local frame and its
// geometric error; the tree's Expand reads an external tileset or the
// child subtrees of a tile when the renderer's selection (scene.SelectTiles:
// screen-space error, frustum) reaches it, and its Load decodes one tile
// when the selection asks for it, so a large tileset opens at once, however
// many files its tree spans, and only the detail the view needs is ever
// read.
//
// Example:
//
//	layer, err := tiles3d.Load(os.DirFS("city3d/lyon"), "tileset.json", tiles3d.Options{Frame: frame})
//	streamed, err := tiles3d.Open(os.DirFS("city3d/lyon"), "tileset.json", tiles3d.Options{Frame: frame})
package tiles3d

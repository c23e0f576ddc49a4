// Package tiler writes scene layers as an OGC 3D Tiles 1.1 tileset: the
// output of `citytwin tile`. It sits beside the loaders, on the other
// side: it imports scene and scene/mesh (the extrusion the viewer draws)
// and nothing that reads files; cmd/citytwin wires it to loaders/open.
//
// Every feature that draws as a solid (an extruded building footprint) or
// belongs to a model (glTF; vertex colours kept, textures not) goes into
// exactly one tile. The tiles form an explicit quadtree over the
// scene's local east-north-up plane, refined by adding (ADD): each tile
// holds the MaxPerTile largest features of its square not held above it,
// and its geometric error is the size of the largest feature left to its
// children, so a far view shows the big buildings and a near one all of
// them. Each tile is a glb whose vertices are in glTF's y-up axes around
// the tile's centre; the tileset's root transform takes the local frame
// (east-north-up at the scene's origin) to Earth-centred coordinates, and
// bounding volumes are boxes in that frame.
//
// Picking and scenario changes keep working on the tiles: each vertex
// carries its feature's row (EXT_mesh_features, attribute _FEATURE_ID_0)
// in the tile's property table (EXT_structural_metadata), whose "id"
// column is the feature's id and whose other columns are its properties
// (numbers as FLOAT64, anything else as a string: booleans "true" and
// "false", since loaders.gl cannot read BOOLEAN columns; a number missing
// from a feature is NaN, another missing value is ""). A property name
// that is not a valid metadata identifier ("building:levels") is written
// as one ("building_levels") with its own name as the property's "name".
//
// Example:
//
//	sc, err := open.Files([]string{"buildings.geojson"}, log)
//	stats, err := tiler.Write(sc, "out", tiler.Options{})
//	// out/tileset.json, out/tiles/*.glb
package tiler

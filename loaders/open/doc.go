// Package open turns what a user names on the command line into a scene:
// a scene file, models (.glb, .gltf), 3D Tiles tilesets (tileset.json) and
// layers (.geojson, or .json holding GeoJSON), or, with nothing named, the
// built-in demo city.
//
// It sits at the top of the loaders: it wires citytwin/loaders/scenefile to
// the format loaders (geojson, gltf, tiles3d) and is what cmd/citytwin and
// cmd/citytwin-view call. Every file is read through an os.Root opened on
// its own folder, so neither a scene's src nor a model's texture path (nor
// a symbolic link) can reach outside that folder.
//
// Example:
//
//	sc, err := open.Files(flag.Args(), logger)
//	if err != nil {
//		if open.IsInputError(err) {
//			os.Exit(2) // the input cannot be used
//		}
//		os.Exit(1)
//	}
package open

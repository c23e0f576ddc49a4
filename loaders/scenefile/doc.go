// Package scenefile reads citytwin scene files: a JSON document that names
// a scene's origin, its layers (GeoJSON, glTF, 3D Tiles), live sources,
// scenarios, key figures, named views and kiosk settings (the scene-file
// section of CONTRACTS.md, and assets/scene.schema.json).
//
// It sits between the scene model and the format loaders: it imports
// package scene and nothing that decodes layer data. The loaders for each
// layer kind are passed in through Loaders, so the package is testable on
// its own; citytwin/loaders/open wires the real ones.
//
// Files are read through an fs.FS rooted at the scene's folder, so a
// layer's src can never leave it: absolute paths and ".." escapes are
// refused before anything is opened.
//
// Problems are reported in three grades:
//   - a scene file that cannot be used (not JSON, a value of the wrong type,
//     an invalid reference) is an *InputError naming the file and the JSON
//     path or line:column ("scene.json: layers[2].placement.lon: want a
//     number, got a string");
//   - a layer whose data fails to load becomes an empty layer carrying the
//     reason, and a line in Scene.Warnings; the rest of the scene loads;
//   - keys the format does not know are ignored with a warning.
//
// Example:
//
//	sc, err := scenefile.Load(os.DirFS("district"), "scene.json", scenefile.Options{
//		Loaders: loaders, Logger: log,
//	})
//	if scenefile.IsInputError(err) { /* exit status 2 */ }
package scenefile

// Package gltf loads glTF 2.0 models (.gltf with external or embedded
// buffers, .glb) into citytwin's scene model: triangle meshes in the scene's
// local east-north-up frame (metres, float32 relative to the frame origin),
// with one pickable scene.Feature per node instance (or per feature id where
// the model carries _BATCHID / EXT_mesh_features ids). Vertices are shared
// by the triangles that use them and carry no normal (faces are lit by
// their plane). A mesh placed many times (EXT_mesh_gpu_instancing, 3D Tiles
// i3dm through Instance.Copies) is stored once, in its own coordinates,
// with one scene.MeshInstance per copy (per-instance features from
// EXT_instance_features or the copy).
//
// It sits between the file formats and package scene: it imports scene and
// github.com/qmuntal/gltf (for the document model and its JSON decoding) and
// nothing that draws. Files are read through an fs.FS, so a model can never
// read outside the folder it was given.
//
// Placement: glTF is y-up metres. A model without its own georeferencing is
// turned z-up ((x, y, z) → (x, −z, y)), rotated by the placement heading
// (compass degrees, clockwise from north), scaled and put at the placement's
// longitude, latitude and altitude. A model with CESIUM_RTC or a root node
// translated to Earth-centred coordinates (|t| > 6,000 km, PLATEAU style)
// is placed from those coordinates (ECEF) instead.
//
// Example:
//
//	layer, err := gltf.Load(os.DirFS("models"), "tower.glb", gltf.Options{
//		ID: "tower", Frame: frame,
//		Placement: &gltf.Placement{Lon: 2.17, Lat: 41.39, Heading: 30, Scale: 1},
//	})
//	var inErr *gltf.InputError
//	if errors.As(err, &inErr) { /* the file cannot be used: exit status 2 */ }
package gltf

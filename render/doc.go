// Package render is citytwin's 3D core: it draws a scene's ground layers
// first, then its solid buildings and models, either sorted by distance
// (while the camera moves) or with an exact order-independent depth
// prepass (camera at rest and snapshots), and picks what a ray meets. It
// owns the chunks, depth passes, shading, textures, instancing, the
// highlight of a picked feature and the chunks of streamed 3D Tiles.
//
// It imports scene (the model), scene/mesh (vector layers into meshes),
// render/pick (the CPU pick index) and render/tiles (the streaming of tile
// trees, which draws nothing), never live and no package above it. The
// interface lives above it: render/ui (widgets), render/overlay (live
// sensors) and render/viewer (the window, snapshots and bench).
//
// The design follows RENDERING.md: persistent per-chunk vertex slices whose
// colours are baked once, per-frame projection in Go writing only DstX,
// DstY and 1/z, near-plane clipping in view space, frustum and screen-size
// culling, and a cached 3D picture redrawn only when something changed.
//
// Instanced meshes (scene.Mesh.Instances: trees, street furniture) keep
// one prototype and a small record per instance (instance.go); each frame
// copies only the instances in view into pooled chunks (instframe.go),
// which are then drawn like the others.
//
//	r, _ := render.NewRenderer()          // inside the game loop
//	meshes := render.GroundOnly(r.SetScene(sc, ev, nil))
//	stats := r.Draw(img, cam, render.Exact)
//
// With a sun set (SetSun, shadow.go), lit solids are lit from it and the
// static solids cast shadows: a shadow map drawn from the sun with the
// same Max-blend depth key, redrawn only when the sun or the solids
// change, and sampled by the ground and the solids in the exact picture.
//
// Everything that links Ebiten needs a display: run tests and benchmarks
// under xvfb-run. Picking (render/pick), streaming (render/tiles) and
// camera control (scene/navigate) need no window.
package render

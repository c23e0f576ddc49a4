// Package render draws a citytwin scene with Ebiten: ground layers first,
// then solid buildings and models, either sorted by distance (while the
// camera moves) or with an exact order-independent depth prepass (camera at
// rest and snapshots). It is the only package that draws; it imports scene
// (the model) and scene/mesh (turning vector layers into meshes) and never
// the loaders.
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
// Everything that links Ebiten needs a display: run tests and benchmarks
// under xvfb-run. Picking (render/pick) and camera control (scene/navigate)
// need no window.
package render

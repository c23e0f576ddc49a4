// Package viewer is citytwin's window: the Ebiten game that owns a
// render.Renderer, the cached 3D picture (sorted while the camera moves,
// exact once at rest), input routing (pointer and keys go to the widgets
// of render/ui first, then to the camera controller of scene/navigate,
// then to picking), the live overlay (render/overlay), the HUD (status,
// credits, properties), and the snapshot and bench runs that share its
// drawing. It also tunes memory for big scenes.
//
// It sits above every other render package and imports them, scene and
// scene/navigate; cmd/citytwin-view only parses flags and calls Run,
// Snapshot or Bench. Everything here needs a display (xvfb-run works).
//
//	err := viewer.Run(sc, viewer.Options{Width: 1280, Height: 720, Live: &liveOpts})
package viewer

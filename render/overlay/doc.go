// Package overlay draws live sensors over the city: markers coloured by
// value bands (depth-tested against the renderer's cached exact depth, so
// a building hides the sensors behind it), value labels, the legend of the
// quantity shown, one status line per live source and the card of the
// selected sensor with its history sparkline.
//
// It is the only package of render/... that imports live. It imports
// render (the 3D core: projector, cached depth, roofs to stand markers
// on), render/pick and render/ui (the theme and discs), and scene. The
// viewer (render/viewer) owns an Overlay and calls Draw once per frame
// from the game loop; snapshots call DrawSnapshot.
//
//	o := overlay.New(overlay.Options{Sensors: registry, Statuses: feed.Statuses}, sc.Frame)
//	o.StandOn(renderer, &pickIndex)
//	// each frame, over the composited 3D picture:
//	err := o.Draw(screen, renderer, cam, exact)
package overlay

package viewer

import (
	"citytwin/render"
	"citytwin/scene"
)

// tintChanges tints what ev changes against the baseline in r: features
// whose properties a scenario changed (raised, lowered, re-tagged) and
// every feature of layers a scenario adds. Removed features are not
// drawn at all (see drawGhosts).
func tintChanges(r *render.Renderer, sc *scene.Scene, ev *scene.Evaluation) {
	if len(ev.Active) == 0 {
		return
	}
	for i, l := range ev.Layers {
		if i >= len(sc.Layers) {
			r.TintChanged(i, func(int) bool { return true })
			continue
		}
		r.TintChanged(i, func(f int) bool {
			return f < len(l.Features) && !ev.Hidden(l, f) && ev.Changed(nil, l, f)
		})
	}
}

package viewer

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"github.com/paulmach/orb"

	"citytwin/render"
	"citytwin/scene"
)

// tintChanges tints what ev changes against the baseline in r: features
// whose properties a scenario changed (raised, lowered, re-tagged) and
// every feature of layers a scenario adds. Removed features are not
// drawn at all (drawGhosts outlines them).
func tintChanges(r *render.Renderer, sc *scene.Scene, ev *scene.Evaluation) {
	if len(ev.Active) == 0 {
		return
	}
	for i, l := range ev.Layers {
		if i >= len(sc.Layers) {
			r.TintChanged(i, func(int) bool { return true })
			continue
		}
		touched := ev.Touched(l)
		if len(touched) == 0 {
			continue
		}
		tint := make([]bool, len(l.Features))
		for _, f := range touched {
			tint[f] = !ev.Hidden(l, f) && ev.Changed(nil, l, f)
		}
		r.TintChanged(i, func(f int) bool { return f < len(tint) && tint[f] })
	}
}

// ghostColor is the colour of the outlines of removed features.
var ghostColor = color.NRGBA{R: 255, G: 255, B: 255, A: 150}

// ghosts returns the outlines (pairs of points: segments) of the
// features ev hides, in the local frame: a removed building's footprint at
// the ground and at its top with its corners, a removed road's line.
func ghosts(sc *scene.Scene, ev *scene.Evaluation) []scene.Vec3 {
	var segs []scene.Vec3
	if len(ev.Active) == 0 {
		return nil
	}
	for i, l := range ev.Layers {
		if i >= len(sc.Layers) {
			break
		}
		for _, f := range ev.Touched(l) {
			if !ev.Hidden(l, f) {
				continue
			}
			ft := &l.Features[f]
			top := 0.0
			if h, ok := scene.Number(ft.Properties["height"]); ok {
				top = h
			}
			line := func(ls []orb.Point, closed bool) {
				for k := 1; k < len(ls); k++ {
					a, b := ls[k-1], ls[k]
					segs = append(segs, scene.Vec3{a[0], a[1], ft.Ground}, scene.Vec3{b[0], b[1], ft.Ground})
					if closed && top > 0 {
						segs = append(segs, scene.Vec3{a[0], a[1], ft.Ground + top}, scene.Vec3{b[0], b[1], ft.Ground + top},
							scene.Vec3{a[0], a[1], ft.Ground}, scene.Vec3{a[0], a[1], ft.Ground + top})
					}
				}
			}
			switch g := ft.Geometry.(type) {
			case orb.LineString:
				line(g, false)
			case orb.MultiLineString:
				for _, ls := range g {
					line(ls, false)
				}
			case orb.Polygon:
				if len(g) > 0 {
					line(g[0], true)
				}
			case orb.MultiPolygon:
				for _, p := range g {
					if len(p) > 0 {
						line(p[0], true)
					}
				}
			}
		}
	}
	return segs
}

// drawGhosts strokes the segments of removed features over dst, seen
// from pr.
func drawGhosts(dst *ebiten.Image, pr *scene.Projector, segs []scene.Vec3, width float32) {
	for i := 0; i+1 < len(segs); i += 2 {
		x0, y0, _, ok0 := pr.Project(segs[i])
		x1, y1, _, ok1 := pr.Project(segs[i+1])
		if ok0 && ok1 {
			vector.StrokeLine(dst, float32(x0), float32(y0), float32(x1), float32(y1), width, ghostColor, true)
		}
	}
}

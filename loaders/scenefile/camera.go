package scenefile

import (
	"math"
	"strings"

	"citytwin/scene"
)

// HomePitch is the pitch (degrees) of a camera that frames the whole scene.
const HomePitch = -35

// HomeCamera returns the camera a scene starts with: the kiosk's home view,
// else a view named "home" (any case), else FitCamera over the layers'
// bounds.
func HomeCamera(sc *scene.Scene) scene.Camera {
	for _, name := range []string{sc.Kiosk.HomeView, "home"} {
		if name == "" {
			continue
		}
		for _, v := range sc.Views {
			if strings.EqualFold(v.Name, name) {
				return v.Camera
			}
		}
	}
	b := scene.EmptyBox()
	for _, l := range sc.Layers {
		b = b.Union(l.Bounds)
	}
	return FitCamera(b, 0)
}

// FitCamera returns a camera looking north (heading 0) and down at
// HomePitch onto the ground centre of b (the middle of its footprint, at
// its lowest height), far enough for the whole box to fit a vertical field
// of view of fovY degrees (0: 45). An empty box gives a camera 500 m from
// the origin.
func FitCamera(b scene.Box, fovY float64) scene.Camera {
	if fovY <= 0 {
		fovY = 45
	}
	cam := scene.Camera{Heading: 0, Pitch: HomePitch, Range: 500, FovY: fovY}
	if b.Empty() {
		return cam
	}
	c := b.Center()
	cam.Target = scene.Vec3{c[0], c[1], b.Min[2]}
	// The sphere around the target through the farthest corner fits the
	// view when range·sin(fov/2) ≥ radius.
	dx := (b.Max[0] - b.Min[0]) / 2
	dy := (b.Max[1] - b.Min[1]) / 2
	dz := b.Max[2] - b.Min[2]
	r := math.Sqrt(dx*dx + dy*dy + dz*dz)
	if r < 10 {
		r = 10
	}
	cam.Range = r / math.Sin(fovY*math.Pi/360)
	if cam.FovY == 45 {
		cam.FovY = 0 // the default, as scene.Camera spells it
	}
	return cam
}

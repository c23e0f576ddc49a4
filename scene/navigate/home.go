package navigate

import (
	"math"

	"citytwin/scene"
)

// HomeCamera returns a camera that shows all of b (local frame, metres)
// from the south, looking north and 35° down, on a viewport of the given
// aspect ratio (width/height) with vertical field of view fovY degrees
// (0: 45). An empty box gives a camera on the origin at 500 m.
func HomeCamera(b scene.Box, aspect, fovY float64) scene.Camera {
	cam := scene.Camera{Heading: 0, Pitch: -35, Range: 500, FovY: fovY}
	if b.Empty() {
		return cam
	}
	c := b.Center()
	cam.Target = scene.Vec3{c[0], c[1], b.Min[2]}
	dx, dy, dz := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], b.Max[2]-b.Min[2]
	radius := math.Sqrt(dx*dx+dy*dy+dz*dz) / 2
	half := cam.FOV() * math.Pi / 360
	if aspect > 0 && aspect < 1 {
		half = math.Atan(math.Tan(half) * aspect)
	}
	cam.Range = math.Max(radius/math.Sin(half), MinRange)
	return cam
}

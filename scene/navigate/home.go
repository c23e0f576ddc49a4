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
	// The sphere is loose for flat cities: shrink the range while all
	// eight corners of the box stay on screen (5% margin).
	if aspect <= 0 {
		aspect = 1
	}
	h := 1000.0
	w := h * aspect
	fits := func(r float64) bool {
		c := cam
		c.Range = r
		pr := scene.NewProjector(c, w, h, 0.1, 1e9)
		for i := 0; i < 8; i++ {
			x, y, _, ok := pr.Project(b.Corner(i))
			if !ok || x < 0.05*w || x > 0.95*w || y < 0.05*h || y > 0.95*h {
				return false
			}
		}
		return true
	}
	lo, hi := MinRange, cam.Range
	if !fits(hi) {
		return cam
	}
	for i := 0; i < 40; i++ {
		mid := (lo + hi) / 2
		if fits(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	cam.Range = hi
	return cam
}

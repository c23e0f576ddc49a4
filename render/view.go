package render

import (
	"math"

	"citytwin/scene"
)

// view is one frame's camera: the projector plus the frustum planes in view
// space, used to cull spheres.
type view struct {
	pr scene.Projector
	// Side plane normals in view space (x, z) and (y, z) pairs, normalised.
	sx, sz float64 // left/right: ±sx*x + sz*z >= 0
	ty, tz float64 // bottom/top: ±ty*y + tz*z >= 0
	minPx  float64 // parts smaller than this on screen (pixels) are skipped
	lodPx  float64 // parts smaller than this are drawn as blocks (sorted mode)
	// streamPx replaces minPx for the chunks of streamed tiles.
	streamPx float64
}

func newView(pr scene.Projector, minPx float64) view {
	v := view{pr: pr, minPx: minPx}
	n := math.Hypot(pr.Focal, pr.W/2)
	v.sx, v.sz = pr.Focal/n, (pr.W/2)/n
	n = math.Hypot(pr.Focal, pr.H/2)
	v.ty, v.tz = pr.Focal/n, (pr.H/2)/n
	return v
}

// sphere classifies a sphere: visible reports whether any of it may be in
// the frustum, z is the view depth of its centre.
func (v *view) sphere(c scene.Vec3, r float64) (visible bool, z float64) {
	x, y, z := v.pr.ToView(c)
	if z+r < v.pr.Near || z-r > v.pr.Far {
		return false, z
	}
	if v.sx*x+v.sz*z < -r || -v.sx*x+v.sz*z < -r {
		return false, z
	}
	if v.ty*y+v.tz*z < -r || -v.ty*y+v.tz*z < -r {
		return false, z
	}
	return true, z
}

// tooSmall reports whether a sphere at view depth z covers fewer than
// minPx pixels across (the camera is not inside it).
func (v *view) tooSmall(r, z float64) bool {
	return v.under(r, z, v.minPx)
}

// under reports whether a sphere at view depth z covers fewer than px
// pixels across (the camera is not inside it).
func (v *view) under(r, z, px float64) bool {
	return z > r && 2*r*v.pr.Focal/z < px
}

// lodBlock reports whether a part with a bounding sphere of radius r
// whose centre lies at view depth z is drawn as its block while the
// camera moves: wholly beyond the near plane and smaller than lodPx on
// screen.
func (v *view) lodBlock(r, z float64) bool {
	return z-r > v.pr.Near && 2*r*v.pr.Focal < v.lodPx*z
}

func dist(a, b scene.Vec3) float64 {
	dx, dy, dz := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return math.Sqrt(dx*dx + dy*dy + dz*dz)
}

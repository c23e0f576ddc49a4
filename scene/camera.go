package scene

import "math"

// Camera looks at a target point the way Cesium's HeadingPitchRange does.
// Heading is the compass direction the camera looks (degrees, 0 north, 90
// east), Pitch the angle below (negative) or above the horizon (degrees),
// Range the distance from the camera to the target in metres, and FovY the
// vertical field of view in degrees (0 means 45). The camera sits Range
// metres behind the target; up on screen is up in the world.
type Camera struct {
	Target  Vec3 // local frame, metres
	Heading float64
	Pitch   float64
	Range   float64
	FovY    float64
}

// FOV returns the vertical field of view in degrees (45 when unset).
func (c Camera) FOV() float64 {
	if c.FovY <= 0 {
		return 45
	}
	return c.FovY
}

// Basis returns the camera's unit forward, right and up vectors in the local
// frame. They are well defined for every pitch, straight down included.
func (c Camera) Basis() (forward, right, up Vec3) {
	sh, ch := math.Sincos(c.Heading * math.Pi / 180)
	sp, cp := math.Sincos(c.Pitch * math.Pi / 180)
	forward = Vec3{sh * cp, ch * cp, sp}
	right = Vec3{ch, -sh, 0}
	up = Vec3{
		right[1]*forward[2] - right[2]*forward[1],
		right[2]*forward[0] - right[0]*forward[2],
		right[0]*forward[1] - right[1]*forward[0],
	}
	return forward, right, up
}

// Eye returns the camera position in the local frame.
func (c Camera) Eye() Vec3 {
	f, _, _ := c.Basis()
	return Vec3{c.Target[0] - f[0]*c.Range, c.Target[1] - f[1]*c.Range, c.Target[2] - f[2]*c.Range}
}

// Projector maps local-frame points to screen pixels for one camera and
// viewport. It is a value computed once per frame; Project is allocation
// free and safe for concurrent use.
type Projector struct {
	Eye                Vec3
	Forward, Right, Up Vec3
	W, H               float64 // viewport size in pixels
	Focal              float64 // pixels per unit at distance 1 (vertical)
	Near, Far          float64 // clip distances, metres along Forward
}

// NewProjector returns the projector of c for a w×h pixel viewport with the
// given near and far distances (metres).
func NewProjector(c Camera, w, h, near, far float64) Projector {
	f, r, u := c.Basis()
	return Projector{
		Eye: c.Eye(), Forward: f, Right: r, Up: u, W: w, H: h,
		Focal: (h / 2) / math.Tan(c.FOV()*math.Pi/360),
		Near:  near, Far: far,
	}
}

// ToView returns p in camera coordinates: x right, y up, z distance along
// the view direction (metres).
func (pr *Projector) ToView(p Vec3) (x, y, z float64) {
	d0, d1, d2 := p[0]-pr.Eye[0], p[1]-pr.Eye[1], p[2]-pr.Eye[2]
	x = d0*pr.Right[0] + d1*pr.Right[1] + d2*pr.Right[2]
	y = d0*pr.Up[0] + d1*pr.Up[1] + d2*pr.Up[2]
	z = d0*pr.Forward[0] + d1*pr.Forward[1] + d2*pr.Forward[2]
	return x, y, z
}

// Project returns the screen position of p in pixels (origin top-left, y
// down) and its view depth in metres; ok is false when p is nearer than the
// near plane (the caller must clip or skip it).
func (pr *Projector) Project(p Vec3) (sx, sy, depth float64, ok bool) {
	x, y, z := pr.ToView(p)
	if z < pr.Near {
		return 0, 0, z, false
	}
	inv := pr.Focal / z
	return pr.W/2 + x*inv, pr.H/2 - y*inv, z, true
}

// Ray returns the world-space ray through screen pixel (sx, sy): its origin
// (the eye) and unit direction.
func (pr *Projector) Ray(sx, sy float64) (origin, dir Vec3) {
	x := (sx - pr.W/2) / pr.Focal
	y := (pr.H/2 - sy) / pr.Focal
	d := Vec3{
		pr.Forward[0] + x*pr.Right[0] + y*pr.Up[0],
		pr.Forward[1] + x*pr.Right[1] + y*pr.Up[1],
		pr.Forward[2] + x*pr.Right[2] + y*pr.Up[2],
	}
	n := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
	return pr.Eye, Vec3{d[0] / n, d[1] / n, d[2] / n}
}

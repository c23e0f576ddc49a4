// Package affine holds the 4×4 affine transforms that glTF nodes and 3D
// Tiles tiles carry (column-major, float64), and the ones between the
// Earth-centred frame, east-north-up frames and the scene's local frame.
// It imports scene only; the loaders (glTF, 3D Tiles) and the tiler share
// it.
package affine

import (
	"math"

	"citytwin/scene"
)

// Mat4 is an affine 4×4 transform in float64, stored column-major as glTF
// and 3D Tiles store theirs (element [c*4+r] is row r, column c).
type Mat4 [16]float64

// Identity is the identity transform.
var Identity = Mat4{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}

// YUpToZUp turns glTF's y-up axes into z-up ones: (x, y, z) → (x, −z, y),
// as 3D Tiles prescribes for glTF content.
var YUpToZUp = Mat4{1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1}

// Mul returns a·b (b applied first).
func (a Mat4) Mul(b Mat4) Mat4 {
	var m Mat4
	for c := 0; c < 4; c++ {
		for r := 0; r < 4; r++ {
			var s float64
			for k := 0; k < 4; k++ {
				s += a[k*4+r] * b[c*4+k]
			}
			m[c*4+r] = s
		}
	}
	return m
}

// Apply transforms the point p.
func (a *Mat4) Apply(p [3]float64) [3]float64 {
	return [3]float64{
		a[0]*p[0] + a[4]*p[1] + a[8]*p[2] + a[12],
		a[1]*p[0] + a[5]*p[1] + a[9]*p[2] + a[13],
		a[2]*p[0] + a[6]*p[1] + a[10]*p[2] + a[14],
	}
}

// Translation returns the translation part of a.
func (a Mat4) Translation() [3]float64 { return [3]float64{a[12], a[13], a[14]} }

// Translate returns the transform that moves points by t.
func Translate(t [3]float64) Mat4 {
	m := Identity
	m[12], m[13], m[14] = t[0], t[1], t[2]
	return m
}

// TRS returns T·R·S for a translation, a unit quaternion (x, y, z, w) and a
// scale, as glTF nodes define them.
func TRS(t [3]float64, q [4]float64, s [3]float64) Mat4 {
	x, y, z, w := q[0], q[1], q[2], q[3]
	if n := math.Sqrt(x*x + y*y + z*z + w*w); n > 0 && n != 1 {
		x, y, z, w = x/n, y/n, z/n, w/n
	}
	return Mat4{
		(1 - 2*(y*y+z*z)) * s[0], (2 * (x*y + z*w)) * s[0], (2 * (x*z - y*w)) * s[0], 0,
		(2 * (x*y - z*w)) * s[1], (1 - 2*(x*x+z*z)) * s[1], (2 * (y*z + x*w)) * s[1], 0,
		(2 * (x*z + y*w)) * s[2], (2 * (y*z - x*w)) * s[2], (1 - 2*(x*x+y*y)) * s[2], 0,
		t[0], t[1], t[2], 1,
	}
}

// Det3 returns the determinant of a's linear 3×3 part; a negative value
// mirrors geometry, so triangle winding must be flipped.
func (a *Mat4) Det3() float64 {
	return a[0]*(a[5]*a[10]-a[9]*a[6]) - a[4]*(a[1]*a[10]-a[9]*a[2]) + a[8]*(a[1]*a[6]-a[5]*a[2])
}

// Affine returns a as the row-major 3×4 matrix of scene.MeshInstance.
func (a *Mat4) Affine() [12]float64 {
	return [12]float64{
		a[0], a[4], a[8], a[12],
		a[1], a[5], a[9], a[13],
		a[2], a[6], a[10], a[14],
	}
}

// FromECEF returns the transform from Earth-centred, Earth-fixed metres to
// f's local east-north-up frame.
func FromECEF(f *scene.Frame) Mat4 {
	var m Mat4
	for c := 0; c < 3; c++ {
		var e scene.Vec3
		e[c] = 1
		col := f.RotateFromECEF(e)
		m[c*4], m[c*4+1], m[c*4+2] = col[0], col[1], col[2]
	}
	t := f.FromECEF(scene.Vec3{})
	m[12], m[13], m[14], m[15] = t[0], t[1], t[2], 1
	return m
}

// ENUToLocal returns the transform from the east-north-up frame tangent at
// g (metres) to the local frame f, exact for the curvature of the Earth.
func ENUToLocal(f *scene.Frame, g scene.Geo) Mat4 {
	p := scene.NewFrame(g)
	// Rotation: f.R · p.Rᵀ. Column c of p.Rᵀ is row c of p.R.
	var m Mat4
	for c := 0; c < 3; c++ {
		var row scene.Vec3
		for k := 0; k < 3; k++ {
			var e scene.Vec3
			e[k] = 1
			row[k] = p.RotateFromECEF(e)[c]
		}
		col := f.RotateFromECEF(row)
		m[c*4], m[c*4+1], m[c*4+2] = col[0], col[1], col[2]
	}
	t := f.FromECEF(scene.GeodeticToECEF(g.Lon, g.Lat, g.Alt))
	m[12], m[13], m[14], m[15] = t[0], t[1], t[2], 1
	return m
}

// Finite reports whether every element of a is a finite number.
func (a *Mat4) Finite() bool {
	for _, v := range a {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

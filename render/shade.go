package render

import (
	"image/color"
	"math"
)

// Lighting is fixed: a sun from the south-east, 45° up, plus ambient light.
// The factors reproduce the reference renderings of
// shared/data/scenes/depth-visible-*.png (tops 0.87, faces towards the sun
// 0.78, faces away 0.55 of the fill colour).
const (
	ambient = 0.55
	diffuse = 0.45
)

// sun is the unit direction towards the sun in the local frame (x east,
// y north, z up).
var sun = func() [3]float64 {
	v := [3]float64{1, -1, 1.4}
	n := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])
	return [3]float64{v[0] / n, v[1] / n, v[2] / n}
}()

// normalSign orients the normal the lit shaders derive from screen
// derivatives so that it faces the camera.
const normalSign = -1

// shade returns the premultiplied vertex colour of c lit from normal n
// (local frame). A zero normal or unlit draws c as it is.
func shade(c color.NRGBA, n [3]float32, unlit bool) (r, g, b, a float32) {
	k := 1.0
	nl := float64(n[0])*float64(n[0]) + float64(n[1])*float64(n[1]) + float64(n[2])*float64(n[2])
	if !unlit && nl > 1e-12 {
		d := (float64(n[0])*sun[0] + float64(n[1])*sun[1] + float64(n[2])*sun[2]) / math.Sqrt(nl)
		k = ambient + diffuse*math.Max(0, d)
	}
	a = float32(c.A) / 255
	f := float32(k) * a / 255
	return float32(c.R) * f, float32(c.G) * f, float32(c.B) * f, a
}

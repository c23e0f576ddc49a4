package pick

import "citytwin/scene"

// RayBox returns the range of ray parameters t (origin + t·dir) inside box
// b, starting at 0 when the origin is inside; ok is false when the ray
// misses it.
func RayBox(origin, dir scene.Vec3, b scene.Box) (t0, t1 float64, ok bool) {
	return rayBox(origin, dir, b)
}

// RayTriangle returns the ray parameter t > 0 where the ray meets triangle
// a, b, c (either face); ok is false when it misses.
func RayTriangle(origin, dir scene.Vec3, a, b, c [3]float32) (t float64, ok bool) {
	return rayTriangle(origin, dir, a, b, c)
}

// RayTriangle64 is RayTriangle with float64 corners (transformed copies
// of instanced meshes).
func RayTriangle64(origin, dir, a, b, c scene.Vec3) (t float64, ok bool) {
	return rayTriangle64(origin, dir, a, b, c)
}

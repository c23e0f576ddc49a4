package main

import (
	"fmt"
	"strconv"
	"strings"

	"citytwin/scene"
)

// parseCamera reads LON,LAT,ALT,HEADING,PITCH,RANGE into a camera in the
// scene's local frame: the target's x, y from the frame at height 0, z=ALT.
func parseCamera(s string, f *scene.Frame, fov float64) (scene.Camera, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 6 {
		return scene.Camera{}, fmt.Errorf("-camera %q: want LON,LAT,ALT,HEADING,PITCH,RANGE", s)
	}
	var v [6]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return scene.Camera{}, fmt.Errorf("-camera %q: value %d: %w", s, i+1, err)
		}
		v[i] = x
	}
	if v[1] < -90 || v[1] > 90 || v[0] < -180 || v[0] > 360 {
		return scene.Camera{}, fmt.Errorf("-camera %q: longitude/latitude out of range", s)
	}
	if v[5] <= 0 {
		return scene.Camera{}, fmt.Errorf("-camera %q: range must be positive metres", s)
	}
	t := f.FromGeo(v[0], v[1], 0)
	return scene.Camera{Target: scene.Vec3{t[0], t[1], v[2]}, Heading: v[3], Pitch: v[4], Range: v[5], FovY: fov}, nil
}

package gltf

import (
	"math"

	"citytwin/scene"
)

// Ground says how a loaded model's heights relate to the scene's ground.
type Ground string

// The ground modes. GeoJSON layers stand on a flat ground at z = 0, while
// georeferenced models carry real heights (ellipsoidal or national
// altitudes, often 100 m or more); these modes reconcile the two.
const (
	// GroundKeep keeps the model's heights in the scene's frame (the
	// default when the scene gives a frame).
	GroundKeep Ground = ""
	// GroundLowest moves the whole layer down (or up) so that its lowest
	// point is at z = 0, keeping relative heights (the default when the
	// loader chooses the frame).
	GroundLowest Ground = "lowest"
	// GroundFeatures stands every feature on z = 0 on its own, flattening
	// the terrain under a city model so it overlays flat GeoJSON layers.
	GroundFeatures Ground = "features"
)

// ApplyGround moves l's vertices as mode says and updates the part and
// layer bounds and each feature's Ground (which becomes 0). With
// GroundFeatures, each copy of an instanced mesh stands on its own lowest
// point (its parts move together). Call it after Finish.
func ApplyGround(l *scene.Layer, mode Ground) {
	switch mode {
	case GroundLowest:
		if !l.Bounds.Empty() {
			ShiftZ(l, l.Bounds.Min[2])
		}
	case GroundFeatures:
		for mi := range l.Meshes {
			me := &l.Meshes[mi]
			if len(me.Instances) > 0 {
				// Each copy stands on its own lowest point (a tree on a
				// slope comes down to the ground as a building does).
				for ii := range me.Instances {
					in := &me.Instances[ii]
					low := math.Inf(1)
					for _, p := range me.Parts {
						low = math.Min(low, in.Box(p.Bounds).Min[2])
					}
					if !math.IsInf(low, 0) {
						in.Transform[11] -= low
					}
				}
				continue
			}
			moved := make([]bool, len(me.Vertices))
			for pi := range me.Parts {
				p := &me.Parts[pi]
				if p.Feature < 0 || p.Feature >= len(l.Features) {
					continue
				}
				dz := l.Features[p.Feature].Ground
				for _, ix := range me.Indices[p.First : p.First+p.Count] {
					if !moved[ix] {
						moved[ix] = true
						me.Vertices[ix].Pos[2] -= float32(dz)
					}
				}
			}
		}
		Finish(l)
	}
}

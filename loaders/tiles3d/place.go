package tiles3d

import (
	"fmt"
	"math"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// ecefLimit separates Earth-centred translations (longer) from projected
// ones (metres in a national grid, shorter).
const ecefLimit = 6e6

// matrix reads a tile transform (column-major 4×4); nil is the identity.
func matrix(t []float64) (affine.Mat4, error) {
	if t == nil {
		return affine.Identity, nil
	}
	if len(t) != 16 {
		return affine.Mat4{}, fmt.Errorf("transform has %d numbers, want 16", len(t))
	}
	m := affine.Mat4(t)
	if !m.Finite() {
		return affine.Mat4{}, fmt.Errorf("transform is not finite")
	}
	return m, nil
}

func norm(v [3]float64) float64 { return math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2]) }

// setup decides how the tileset is georeferenced (ECEF or a projected CRS)
// and chooses the frame when none is given.
func (ld *loader) setup(ts *tileset) error {
	root := ts.Root
	rootM, err := matrix(root.Transform)
	if err != nil {
		return fmt.Errorf("root: %w", err)
	}
	// A representative point of the tileset in its world coordinates.
	var centre [3]float64
	var geo *scene.Geo
	bv := root.BoundingVolume
	switch {
	case len(bv.Region) == 6:
		g := scene.Geo{Lon: (bv.Region[0] + bv.Region[2]) / 2 * 180 / math.Pi, Lat: (bv.Region[1] + bv.Region[3]) / 2 * 180 / math.Pi}
		geo = &g
	case len(bv.Box) == 12:
		centre = rootM.Apply([3]float64{bv.Box[0], bv.Box[1], bv.Box[2]})
	case len(bv.Sphere) == 4:
		centre = rootM.Apply([3]float64{bv.Sphere[0], bv.Sphere[1], bv.Sphere[2]})
	default:
		centre = rootM.Translation()
	}
	// Projected coordinates: a CRS is named, or translations/centres are
	// large but not Earth-centred.
	crs := ld.opts.CRS
	if crs == "" {
		crs = crsFrom(ts)
	}
	projected := crs != ""
	probe := centre
	if geo == nil && !projected {
		if n := norm(probe); n > 1e5 && n < ecefLimit {
			projected = true
		} else if n <= 1e5 {
			// The root may be local: look at the first child transforms.
			for _, c := range root.Children {
				if m, err := matrix(c.Transform); err == nil {
					t := rootM.Mul(m).Translation()
					if n := norm(t); n > 1e5 && n < ecefLimit {
						projected, probe = true, t
						break
					}
				}
			}
		}
	}
	if projected {
		if crs == "" {
			crs = guessCRS(probe[0], probe[1])
			if crs == "" {
				return fmt.Errorf("coordinates (%.0f, %.0f) are in a projected CRS that cannot be guessed; set the layer's crs (an EPSG code)", probe[0], probe[1])
			}
			ld.warnf("the tileset's coordinates are in a projected CRS that it does not name; guessed %s from their range (set the layer's crs to be sure)", crs)
		}
		p, err := newProjection(crs)
		if err != nil {
			return err
		}
		ld.proj = p
		if geo == nil {
			g := p.toGeo(probe)
			geo = &scene.Geo{Lon: g.Lon, Lat: g.Lat}
		}
	}
	ld.frame = ld.opts.Frame
	if ld.frame == nil {
		if geo == nil && norm(centre) > ecefLimit {
			g := scene.ECEFToGeodetic(scene.Vec3(centre))
			geo = &scene.Geo{Lon: g.Lon, Lat: g.Lat}
		}
		if geo != nil {
			ld.frame = scene.NewFrame(*geo)
			ld.chosen = true
		}
		// Otherwise chooseFrame looks at the tiles' transforms.
	}
	return nil
}

// chooseFrame picks a frame when the root did not tell: at the first tile
// whose transform is Earth-centred, else at 0°, 0° with a warning.
func (ld *loader) chooseFrame() {
	if ld.frame != nil {
		return
	}
	geo := scene.Geo{}
	found := false
	for _, j := range ld.jobs {
		if t := j.world.Translation(); norm(t) > ecefLimit {
			g := scene.ECEFToGeodetic(scene.Vec3(t))
			geo, found = scene.Geo{Lon: g.Lon, Lat: g.Lat}, true
			break
		}
	}
	if !found {
		ld.warnf("the tileset has no georeferencing that citytwin recognises; placed at 0°, 0°")
	}
	ld.frame = scene.NewFrame(geo)
	ld.chosen = true
}

// crsFrom looks for a CRS name in the tileset's extras and properties.
func crsFrom(ts *tileset) string {
	for _, m := range []map[string]any{ts.Asset.Extras, ts.Extras, ts.Properties} {
		for _, k := range []string{"crs", "CRS", "epsg", "EPSG", "srs", "srid"} {
			switch v := m[k].(type) {
			case string:
				return v
			case float64:
				return fmt.Sprintf("EPSG:%d", int(v))
			}
		}
	}
	return ""
}

// toLocal returns the transform of content with world transform w (tile
// transform chain, RTC centre, y-up→z-up already applied) into the local
// frame; centre is a point of the content in model coordinates.
func (ld *loader) toLocal(w affine.Mat4, centre [3]float64) affine.Mat4 {
	if ld.proj != nil {
		return ld.proj.toLocal(ld.frame, w.Apply(centre)).Mul(w)
	}
	return affine.FromECEF(ld.frame).Mul(w)
}

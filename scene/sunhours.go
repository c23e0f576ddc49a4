package scene

import (
	"fmt"
	"time"

	"citytwin/scene/sun"

	"github.com/paulmach/orb"
)

// SunAreas returns the polygons shown in ev of the layers that match
// layer and class (either may be "" for any), as sun.Areas with their
// features' ground heights; found is false when no layer matches.
func SunAreas(layers []*Layer, ev *Evaluation, layer, class string) (areas []sun.Area, found bool) {
	for _, l := range layers {
		if (layer != "" && l.ID != layer) || (class != "" && l.Style.Class != class) {
			continue
		}
		found = true
		for i := range l.Features {
			if _, shown := ev.Shown(l, i); !shown {
				continue
			}
			f := &l.Features[i]
			switch g := f.Geometry.(type) {
			case orb.Polygon:
				areas = append(areas, sun.Area{Polygon: g, Ground: f.Ground})
			case orb.MultiPolygon:
				for _, p := range g {
					areas = append(areas, sun.Area{Polygon: p, Ground: f.Ground})
				}
			}
		}
	}
	return areas, found
}

// SunOccluders returns what casts shadows in ev: every visible extruded
// feature (a prism from Ground + min height to Ground + height, as the
// mesh builder extrudes it) and every triangle of the model meshes whose
// feature is shown, of all layers but those skip reports true for.
// Streamed tilesets hold no meshes until drawn; streamed counts them.
func SunOccluders(layers []*Layer, ev *Evaluation, storeyHeight float64, skip func(*Layer) bool) (occ *sun.Occluders, prisms, triangles, streamed int) {
	var ps []sun.Prism
	var ts []sun.Triangle
	for _, l := range layers {
		if skip != nil && skip(l) {
			continue
		}
		if l.Tiles != nil {
			streamed++
		}
		for i := range l.Features {
			f := &l.Features[i]
			props, shown := ev.Shown(l, i)
			if !shown || f.Geometry == nil {
				continue
			}
			lk := l.Style.Look(props, f.Geometry, storeyHeight)
			if !lk.Extruded {
				continue
			}
			bottom, top := f.Ground+lk.MinHeight, f.Ground+lk.Height
			switch g := f.Geometry.(type) {
			case orb.Polygon:
				ps = append(ps, sun.Prism{Footprint: g, Bottom: bottom, Top: top})
			case orb.MultiPolygon:
				for _, p := range g {
					ps = append(ps, sun.Prism{Footprint: p, Bottom: bottom, Top: top})
				}
			}
		}
		for m := range l.Meshes {
			ts = appendMeshTriangles(ts, l, &l.Meshes[m], ev)
		}
	}
	return sun.NewOccluders(ps, ts), len(ps), len(ts), streamed
}

// appendMeshTriangles appends the local-frame triangles of m whose
// features ev shows.
func appendMeshTriangles(ts []sun.Triangle, l *Layer, m *Mesh, ev *Evaluation) []sun.Triangle {
	hidden := func(f int) bool { return ev != nil && f >= 0 && f < len(l.Features) && ev.Hidden(l, f) }
	parts := m.Parts
	if len(parts) == 0 {
		parts = []Part{{Feature: -1, First: 0, Count: len(m.Indices)}}
	}
	add := func(inst *MeshInstance) {
		for _, p := range parts {
			f := p.Feature
			if inst != nil {
				f = inst.FeatureOf(p)
			}
			if hidden(f) {
				continue
			}
			end := min(p.First+p.Count, len(m.Indices))
			for k := p.First; k+3 <= end; k += 3 {
				var t sun.Triangle
				for c := 0; c < 3; c++ {
					pos := m.Vertices[m.Indices[k+c]].Pos
					if inst != nil {
						t[c] = inst.Apply(pos)
					} else {
						t[c] = [3]float64{float64(pos[0]), float64(pos[1]), float64(pos[2])}
					}
				}
				ts = append(ts, t)
			}
		}
	}
	if len(m.Instances) == 0 {
		add(nil)
	}
	for i := range m.Instances {
		add(&m.Instances[i])
	}
	return ts
}

// sunFigure computes a sun_hours key figure: the mean hours of direct sun
// on the polygons of d's layer (or class) on date.
func sunFigure(s *Scene, layers []*Layer, ev *Evaluation, d KeyFigureDef, sh float64, date time.Time) KeyFigure {
	k := KeyFigure{ID: d.ID, Label: d.Label, Unit: d.Unit, Layer: d.Layer}
	if k.Unit == "" {
		k.Unit = "h"
	}
	where := "layer " + d.Layer
	if d.Layer == "" {
		where = "the " + d.Class + " layers"
	}
	loc := s.Location()
	if date.IsZero() {
		date = DefaultSunDate(s, time.Now())
	}
	y, m, dd := date.Date()
	day := time.Date(y, m, dd, 0, 0, 0, 0, loc)
	k.Formula = fmt.Sprintf("mean over the visible polygons of %s of the hours of direct sun on %s (%s)", where, day.Format(sun.DateLayout), loc)
	areas, found := SunAreas(layers, ev, d.Layer, d.Class)
	switch {
	case s.Frame == nil:
		k.Reason = "the scene has no geographic origin to place the sun"
	case !found && d.Layer != "":
		k.Reason = "layer " + d.Layer + " is not in this scenario"
	case !found:
		k.Reason = "no layer of class " + d.Class + " in this scenario"
	case len(areas) == 0:
		k.Reason = where + " has no visible polygons"
	}
	if k.Reason != "" {
		k.Formula += "; not computed: " + k.Reason
		return k
	}
	mine := func(l *Layer) bool {
		return (d.Layer == "" || l.ID == d.Layer) && (d.Class == "" || l.Style.Class == d.Class)
	}
	occ, np, nt, streamed := SunOccluders(layers, ev, sh, mine)
	r := sun.Hours(areas, occ, day, s.Origin.Lon, s.Origin.Lat, sun.HoursOptions{})
	k.Value = round1(r.Mean)
	grid := fmt.Sprintf("a %s m grid", labelText(r.Spacing))
	if r.Spacing > sun.DefaultSpacing {
		grid += fmt.Sprintf(" (coarsened from %s m to keep to %d points)", labelText(sun.DefaultSpacing), sun.DefaultMaxSamples)
	}
	k.Formula += fmt.Sprintf(", sampled on %s (%d points) with the sun placed every %s between sunrise %s and sunset %s (%d steps; day length %.1f h); "+
		"occluders: %d extruded features of this scenario (footprint swept from min_height to height) and %d model triangles (ignored below %s m above the ground), those of %s excepted",
		grid, r.Samples, shortDuration(r.Step), r.Day.Sunrise.Format("15:04"), r.Day.Sunset.Format("15:04"), r.Steps, r.Day.Length().Hours(),
		np, nt, labelText(sun.MinModelHeight), where)
	if streamed > 0 {
		k.Formula += fmt.Sprintf("; %d streamed 3D Tiles layers not counted", streamed)
	}
	return k
}

func shortDuration(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d min", int(d/time.Minute))
	}
	return d.String()
}

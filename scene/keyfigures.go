package scene

import (
	"math"
	"time"

	"github.com/paulmach/orb"
)

// KeyFigure is one computed figure of a scene under one evaluation. Value
// is in Unit; Formula says in words how it was computed.
type KeyFigure struct {
	ID      string  `json:"id"`
	Label   string  `json:"label"`
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`
	Formula string  `json:"formula"`
	Layer   string  `json:"layer,omitempty"`
	// Inputs says in words what the value was computed from ("211 tree
	// points").
	Inputs string `json:"inputs,omitempty"`
	// Reason, when not empty, says why the figure is unknown: its inputs
	// are missing (a layer, polygons), and Value means nothing (JSON
	// writes "value": null).
	Reason string `json:"reason,omitempty"`
}

// KeyFigures computes the built-in key figures over the building layers of
// ev's layers (layers whose visible features include extruded polygons), all
// on the local plane, then the scene's own KeyFigureDefs. Hidden features
// are excluded and scenario-changed properties used. A nil ev is the
// baseline. Built-ins: building_count, footprint_area (m², holes removed),
// floor_area (m², footprint × storeys), volume (m³, footprint × (height −
// min_height)), dwellings, green_area, tree_count, road_length and
// road_length.<highway value> (see keyfigures_city.go). A figure whose
// inputs are missing has a Reason and no meaningful Value. Figures of kind
// sun_hours are for the March equinox (see DefaultSunDate); KeyFiguresOn
// takes the day.
func KeyFigures(s *Scene, ev *Evaluation) []KeyFigure {
	return KeyFiguresOn(s, ev, time.Time{})
}

// KeyFiguresOn is KeyFigures with the day of the sun_hours figures: the
// calendar date of date (its year, month and day; the zero Time is
// DefaultSunDate(s, time.Now())), read in the scene's time zone. Sun
// figures cost up to a second each on a large city.
func KeyFiguresOn(s *Scene, ev *Evaluation, date time.Time) []KeyFigure {
	sh := s.StoreyHeight
	if sh <= 0 {
		sh = 3
	}
	layers := s.Layers
	if ev != nil {
		layers = ev.Layers
	}
	var count, foot, floor, vol float64
	var any bool
	var dw dwellings
	for _, l := range layers {
		for i := range l.Features {
			f := &l.Features[i]
			props, shown := ev.Shown(l, i)
			if !shown {
				continue
			}
			lk := l.Style.Look(props, f.Geometry, sh)
			if !lk.Extruded {
				continue
			}
			any = true
			a := PlanarArea(f.Geometry)
			count++
			foot += a
			fa := a * l.Style.Storeys(props, lk, sh)
			floor += fa
			dw.add(props, fa, s)
			vol += a * (lk.Height - lk.MinHeight)
		}
	}
	shs := formatMetres(sh)
	var out []KeyFigure
	if any {
		out = append(out,
			KeyFigure{ID: "building_count", Label: "Buildings", Value: count, Unit: "", Formula: "number of visible extruded polygon features"},
			KeyFigure{ID: "footprint_area", Label: "Built footprint", Value: round1(foot), Unit: "m²", Formula: "sum over buildings of polygon area (holes removed), on the local plane"},
			KeyFigure{ID: "floor_area", Label: "Gross floor area", Value: round1(floor), Unit: "m²", Formula: "sum over buildings of footprint area × storeys (building:levels, else max(1, round((height − min_height) / " + shs + ")))"},
			KeyFigure{ID: "volume", Label: "Built volume", Value: round1(vol), Unit: "m³", Formula: "sum over buildings of footprint area × (height − min_height)"},
		)
	}
	out = append(out, dw.figure(s))
	out = append(out, cityFigures(s, layers, ev)...)
	for _, d := range s.KeyFigures {
		if d.Kind == "sun_hours" {
			out = append(out, sunFigure(s, layers, ev, d, sh, date))
			continue
		}
		out = append(out, customFigure(s, layers, ev, d, sh))
	}
	return out
}

func customFigure(s *Scene, layers []*Layer, ev *Evaluation, d KeyFigureDef, sh float64) KeyFigure {
	k := KeyFigure{ID: d.ID, Label: d.Label, Unit: d.Unit, Layer: d.Layer}
	var v float64
	for _, l := range layers {
		if (d.Layer != "" && l.ID != d.Layer) || (d.Class != "" && l.Style.Class != d.Class) {
			continue
		}
		for i := range l.Features {
			f := &l.Features[i]
			props, shown := ev.Shown(l, i)
			if !shown {
				continue
			}
			switch d.Kind {
			case "count":
				if d.Property == "" || props[d.Property] != nil {
					v++
				}
			case "sum", "":
				if n, ok := parseLength(props[d.Property]); ok {
					v += n
				}
			case "area":
				v += PlanarArea(f.Geometry)
			case "footprint_area", "floor_area", "volume", "building_count":
				lk := l.Style.Look(props, f.Geometry, sh)
				if !lk.Extruded {
					continue
				}
				a := PlanarArea(f.Geometry)
				switch d.Kind {
				case "footprint_area":
					v += a
				case "floor_area":
					v += a * l.Style.Storeys(props, lk, sh)
				case "volume":
					v += a * (lk.Height - lk.MinHeight)
				default:
					v++
				}
			}
		}
	}
	where := "all layers"
	switch {
	case d.Layer != "" && d.Class != "":
		where = "layer " + d.Layer + " (class " + d.Class + ")"
	case d.Layer != "":
		where = "layer " + d.Layer
	case d.Class != "":
		where = "the " + d.Class + " layers"
	}
	switch d.Kind {
	case "count":
		if d.Property != "" {
			k.Formula = "number of visible features of " + where + " that have " + d.Property
		} else {
			k.Formula = "number of visible features of " + where
		}
	case "sum", "":
		k.Formula = "sum over visible features of " + where + " of " + d.Property
	case "area":
		k.Formula = "sum over visible features of " + where + " of polygon area (holes removed), on the local plane"
	default:
		k.Formula = d.Kind + " over the buildings of " + where
	}
	k.Value = round1(v)
	return k
}

// PlanarArea returns the area (m²) of the polygons in a local-frame
// geometry, holes removed; 0 for other geometry types.
func PlanarArea(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Polygon:
		if len(g) == 0 {
			return 0
		}
		a := math.Abs(ringSigned(g[0]))
		for _, h := range g[1:] {
			a -= math.Abs(ringSigned(h))
		}
		return math.Max(a, 0)
	case orb.MultiPolygon:
		var a float64
		for _, p := range g {
			a += PlanarArea(p)
		}
		return a
	case orb.Collection:
		var a float64
		for _, x := range g {
			a += PlanarArea(x)
		}
		return a
	}
	return 0
}

func ringSigned(r orb.Ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	if n := len(r); n > 2 && r[0] != r[n-1] {
		a += r[n-1][0]*r[0][1] - r[0][0]*r[n-1][1]
	}
	return a / 2
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func formatMetres(v float64) string {
	return labelText(v) + " m"
}

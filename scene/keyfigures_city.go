package scene

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// greenTags are the OpenStreetMap tags whose polygons count as green area.
var greenTags = [...]struct {
	key    string
	values map[string]bool
}{
	{"leisure", map[string]bool{"park": true, "garden": true, "playground": true}},
	{"landuse", map[string]bool{"grass": true, "meadow": true, "forest": true, "recreation_ground": true, "village_green": true}},
	{"natural", map[string]bool{"wood": true, "scrub": true, "grassland": true}},
}

// isGreen reports whether a feature of l with props is green area.
func isGreen(l *Layer, props map[string]any) bool {
	if l.Style.Class == "green" {
		return true
	}
	for _, t := range greenTags {
		if s, ok := props[t.key].(string); ok && t.values[s] {
			return true
		}
	}
	return false
}

// isTree reports whether a point feature of l with props is a tree.
func isTree(l *Layer, props map[string]any) bool {
	return l.Style.Class == "trees" || props["natural"] == "tree"
}

func isPolygonal(g orb.Geometry) bool {
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		return true
	}
	return false
}

// pointCount counts the points of a Point or MultiPoint geometry.
func pointCount(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.Point:
		return 1
	case orb.MultiPoint:
		return len(g)
	}
	return 0
}

// PlanarLength returns the length (m) of the lines in a local-frame
// geometry; 0 for other geometry types.
func PlanarLength(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.LineString:
		var d float64
		for i := 1; i < len(g); i++ {
			d += math.Hypot(g[i][0]-g[i-1][0], g[i][1]-g[i-1][1])
		}
		return d
	case orb.MultiLineString:
		var d float64
		for _, l := range g {
			d += PlanarLength(l)
		}
		return d
	}
	return 0
}

// cityInputs is what the scene holds, scenarios' added layers included,
// for the city figures: whether any input exists decides between a value
// and "unknown", and the highway values give the same per-value figures
// in every scenario.
type cityInputs struct {
	green, trees bool
	highways     []string
	// layers holds the layers that have green, tree or road features as
	// loaded; others are skipped unless a scenario changes their
	// properties.
	layers map[*Layer]bool
}

func sceneInputs(s *Scene) cityInputs {
	in := cityInputs{layers: map[*Layer]bool{}}
	hw := map[string]bool{}
	scan := func(l *Layer) {
		for i := range l.Features {
			f := &l.Features[i]
			switch {
			case isPolygonal(f.Geometry):
				if isGreen(l, f.Properties) {
					in.green = true
					in.layers[l] = true
				}
			case pointCount(f.Geometry) > 0:
				if isTree(l, f.Properties) {
					in.trees = true
					in.layers[l] = true
				}
			case f.Geometry != nil:
				if v, ok := f.Properties["highway"]; ok {
					hw[highwayName(v)] = true
					in.layers[l] = true
				}
			}
		}
	}
	for _, l := range s.Layers {
		scan(l)
	}
	for i := range s.Scenarios {
		for _, ch := range s.Scenarios[i].Changes {
			if ch.Added != nil {
				scan(ch.Added)
			}
		}
	}
	for k := range hw {
		in.highways = append(in.highways, k)
	}
	sort.Strings(in.highways)
	return in
}

func highwayName(v any) string {
	if s, ok := v.(string); ok && s != "" {
		return s
	}
	return fmt.Sprint(v)
}

// cityFigures computes green_area, tree_count and road_length (with one
// road_length.<highway> per highway value) over the visible features of
// layers.
func cityFigures(s *Scene, layers []*Layer, ev *Evaluation) []KeyFigure {
	in := sceneInputs(s)
	var green, trees, roads float64
	var nGreen, nTrees, nRoads int
	perHW := map[string]float64{}
	for _, l := range layers {
		if !in.layers[l] && (ev == nil || len(ev.props[l]) == 0) {
			continue // nothing green, no trees, no roads
		}
		for i := range l.Features {
			f := &l.Features[i]
			props, shown := ev.Shown(l, i)
			if !shown {
				continue
			}
			switch {
			case isPolygonal(f.Geometry):
				if isGreen(l, props) {
					green += PlanarArea(f.Geometry)
					nGreen++
				}
			case pointCount(f.Geometry) > 0:
				if isTree(l, props) {
					n := pointCount(f.Geometry)
					trees += float64(n)
					nTrees += n
				}
			default:
				v, ok := props["highway"]
				if !ok {
					continue
				}
				d := PlanarLength(f.Geometry)
				if d == 0 {
					continue
				}
				roads += d
				nRoads++
				perHW[highwayName(v)] += d
			}
		}
	}
	out := []KeyFigure{{
		ID: "green_area", Label: "Green area", Unit: "m²", Value: round1(green),
		Formula: "sum of polygon area (holes removed, local plane) of visible features with leisure = park|garden|playground, landuse = grass|meadow|forest|recreation_ground|village_green or natural = wood|scrub|grassland, and of every polygon of layers of class green",
		Inputs:  plural(nGreen, "green polygon"),
	}, {
		ID: "tree_count", Label: "Trees", Unit: "", Value: trees,
		Formula: "number of visible points with natural = tree, and of every point of layers of class trees",
		Inputs:  plural(nTrees, "tree point"),
	}, {
		ID: "road_length", Label: "Road length", Unit: "m", Value: round1(roads),
		Formula: "length on the local plane of visible lines that have a highway property",
		Inputs:  plural(nRoads, "road line"),
	}}
	if !in.green {
		out[0].Reason = "the scene has no green polygons (leisure, landuse or natural tags, or a layer of class green)"
	}
	if !in.trees {
		out[1].Reason = "the scene has no tree points (natural = tree, or a layer of class trees)"
	}
	if len(in.highways) == 0 {
		out[2].Reason = "the scene has no lines with a highway property"
	}
	for _, h := range in.highways {
		out = append(out, KeyFigure{
			ID: "road_length." + h, Label: "Road length (" + h + ")", Unit: "m", Value: round1(perHW[h]),
			Formula: "length on the local plane of visible lines with highway = " + h,
		})
	}
	return out
}

// dwellings computes the dwellings figure from the visible buildings: the
// flats property where a building has it, else its floor area ÷ the
// scene's DwellingFloorArea; unknown when a building has neither.
type dwellings struct {
	flats, fromArea     float64
	nFlats, nArea, nNot int
}

func (d *dwellings) add(props map[string]any, floor float64, s *Scene) {
	if n, ok := Number(props[s.flatsProperty()]); ok && n >= 0 {
		d.flats += n
		d.nFlats++
		return
	}
	if s.DwellingFloorArea > 0 {
		d.fromArea += floor / s.DwellingFloorArea
		d.nArea++
		return
	}
	d.nNot++
}

func (d *dwellings) figure(s *Scene) KeyFigure {
	p := s.flatsProperty()
	k := KeyFigure{ID: "dwellings", Label: "Dwellings", Unit: "",
		Formula: "sum over buildings of " + p + " where present, else floor area ÷ " + dwellingArea(s),
		Value:   math.Round(d.flats + d.fromArea),
	}
	k.Inputs = fmt.Sprintf("%s with %s, %s from floor area", plural(d.nFlats, "building"), p, plural(d.nArea, "building"))
	switch {
	case d.nFlats+d.nArea+d.nNot == 0:
		k.Reason = "the scene has no buildings"
	case d.nNot > 0:
		k.Reason = fmt.Sprintf("%s without %s and the scene states no dwelling_floor_area", plural(d.nNot, "building"), p)
	}
	return k
}

func dwellingArea(s *Scene) string {
	if s.DwellingFloorArea <= 0 {
		return "the scene's dwelling_floor_area (not set)"
	}
	return labelText(s.DwellingFloorArea) + " m² (the scene's dwelling_floor_area)"
}

func (s *Scene) flatsProperty() string {
	if s.FlatsProperty != "" {
		return s.FlatsProperty
	}
	return "building:flats"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if strings.HasSuffix(what, "y") {
		return fmt.Sprintf("%d %sies", n, what[:len(what)-1])
	}
	return fmt.Sprintf("%d %ss", n, what)
}

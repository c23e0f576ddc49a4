package scene

import (
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Default looks per class (Style.Class or guessed from OSM-like tags).
var (
	colorBuilding = color.NRGBA{0xd9, 0xd0, 0xc1, 0xff} // light warm grey
	colorRoad     = color.NRGBA{0x55, 0x55, 0x5a, 0xff} // dark grey
	colorWater    = color.NRGBA{0x4a, 0x90, 0xd9, 0xff} // blue
	colorGreen    = color.NRGBA{0x6a, 0xb0, 0x4c, 0xff} // park green
	colorPoint    = color.NRGBA{0xff, 0x8c, 0x1a, 0xff} // orange
	colorArea     = color.NRGBA{0xc8, 0xc8, 0xc0, 0xff} // neutral area
)

// Look resolves the appearance of one feature from its properties and
// geometry (any frame: only its type matters). storeyHeight is metres per
// storey (0: 3 m).
//
// Colours: simplestyle properties (fill, stroke, fill-opacity, stroke-width,
// marker-color) win over the style's ColorRules, which win over the class
// default (Style.Class, or guessed: building=* light warm grey, highway=*
// dark grey, natural=water/waterway blue, leisure=park/landuse=grass… green,
// points orange).
//
// Extrusion: an explicit Style.Extrude rule; otherwise the feature's own
// height, min_height, building:levels (× storeyHeight) and
// building:min_level. A polygon tagged building=* (or in a "buildings"
// class layer) with no height at all extrudes to 1 storey × storeyHeight —
// small but visible, and honest about the missing data. Heights may be
// strings ("12 m", "12,5"). Only polygons extrude.
func (s *Style) Look(props map[string]any, geom orb.Geometry, storeyHeight float64) Look {
	if storeyHeight <= 0 {
		storeyHeight = 3
	}
	class := s.Class
	if class == "" {
		class = guessClass(props, geom)
	}
	lk := Look{Fill: classColor(class, geom), LineWidth: 4, PointSize: 6}
	lk.Stroke = lk.Fill
	if class == "buildings" {
		lk.Stroke = darken(lk.Fill)
	}
	if c, ok := s.Fill.resolve(props); ok {
		lk.Fill = c
	}
	if c, ok := s.Stroke.resolve(props); ok {
		lk.Stroke = c
	} else if c, ok := s.Fill.resolve(props); ok && isLinear(geom) {
		lk.Stroke = c
	}
	// simplestyle
	if c, ok := ParseColor(str(props["fill"])); ok {
		lk.Fill = c
	}
	if isPoint(geom) {
		if c, ok := ParseColor(str(props["marker-color"])); ok {
			lk.Fill = c
		}
	}
	if c, ok := ParseColor(str(props["stroke"])); ok {
		lk.Stroke = c
	}
	if v, ok := parseLength(props["fill-opacity"]); ok && v >= 0 && v <= 1 {
		lk.Fill.A = uint8(math.Round(float64(lk.Fill.A) * v))
	}
	if v, ok := parseLength(props["stroke-opacity"]); ok && v >= 0 && v <= 1 {
		lk.Stroke.A = uint8(math.Round(float64(lk.Stroke.A) * v))
	}
	if s.Opacity > 0 && s.Opacity < 1 {
		lk.Fill.A = uint8(math.Round(float64(lk.Fill.A) * s.Opacity))
	}
	if s.LineWidth > 0 {
		lk.LineWidth = s.LineWidth
	} else if v, ok := parseLength(props["stroke-width"]); ok && v > 0 {
		lk.LineWidth = v
	}
	if s.PointSize > 0 {
		lk.PointSize = s.PointSize
	}
	if s.Label != "" {
		if v, ok := props[s.Label]; ok && v != nil {
			lk.Label = labelText(v)
		}
	}
	if isPolygon(geom) {
		s.extrusion(&lk, props, class, storeyHeight)
	}
	return lk
}

func (s *Style) extrusion(lk *Look, props map[string]any, class string, sh float64) {
	var h, mh float64
	var hasH bool
	if r := s.Extrude; r != nil {
		rsh := sh
		if r.StoreyHeight > 0 {
			rsh = r.StoreyHeight
		}
		if r.HeightProperty != "" {
			h, hasH = parseLength(props[r.HeightProperty])
		}
		if !hasH && r.StoreysProperty != "" {
			if n, ok := parseLength(props[r.StoreysProperty]); ok {
				h, hasH = n*rsh, true
			}
		}
		if !hasH && r.Height > 0 {
			h, hasH = r.Height, true
		}
		if r.MinHeightProperty != "" {
			mh, _ = parseLength(props[r.MinHeightProperty])
		} else {
			mh = r.MinHeight
		}
		if !hasH {
			h, mh, hasH = featureHeights(props, sh)
		}
		if !hasH {
			h, hasH = sh, true // an extrude rule always extrudes: one storey
		}
	} else {
		h, mh, hasH = featureHeights(props, sh)
		if !hasH && (class == "buildings" || isBuilding(props)) {
			h, hasH = sh, true
		}
	}
	if !hasH || h <= 0 || !finiteHeight(h) || !finiteHeight(mh) {
		return // loaders skip such features with a warning; scenario changes may still make them
	}
	if mh < 0 || mh >= h {
		mh = 0
	}
	lk.Extruded, lk.Height, lk.MinHeight = true, h, mh
}

// featureHeights reads height/min_height/building:levels/building:min_level.
func featureHeights(props map[string]any, sh float64) (h, mh float64, ok bool) {
	if v, k := parseLength(props["height"]); k && v > 0 {
		h, ok = v, true
	} else if v, k := parseLength(props["building:height"]); k && v > 0 {
		h, ok = v, true
	} else if v, k := parseLength(props["HAUTEUR"]); k && v > 0 { // IGN BD TOPO (France)
		h, ok = v, true
	} else if v, k := parseLength(props["building:levels"]); k && v > 0 {
		h, ok = v*sh, true
		if r, k := parseLength(props["roof:levels"]); k && r > 0 {
			h += r * sh
		}
	}
	if v, k := parseLength(props["min_height"]); k && v > 0 {
		mh = v
	} else if v, k := parseLength(props["building:min_level"]); k && v > 0 {
		mh = v * sh
	}
	return h, mh, ok
}

// FeatureStoreys returns the number of storeys of a building: building:levels
// if present, else max(1, round((height − min_height)/storeyHeight)).
func FeatureStoreys(props map[string]any, lk Look, storeyHeight float64) float64 {
	return (&Style{}).Storeys(props, lk, storeyHeight)
}

// Storeys is FeatureStoreys that first reads the style's
// ExtrudeRule.StoreysProperty when it has one.
func (s *Style) Storeys(props map[string]any, lk Look, storeyHeight float64) float64 {
	if storeyHeight <= 0 {
		storeyHeight = 3
	}
	if s.Extrude != nil && s.Extrude.StoreysProperty != "" {
		if v, ok := parseLength(props[s.Extrude.StoreysProperty]); ok && v > 0 && v <= maxStoreys {
			return v
		}
		if s.Extrude.StoreyHeight > 0 {
			storeyHeight = s.Extrude.StoreyHeight
		}
	}
	if v, ok := parseLength(props["building:levels"]); ok && v > 0 && v <= maxStoreys {
		return v
	}
	return math.Max(1, math.Round((lk.Height-lk.MinHeight)/storeyHeight))
}

func isBuilding(props map[string]any) bool {
	v, ok := props["building"]
	if !ok || v == nil {
		_, p := props["building:part"]
		return p
	}
	if s, ok := v.(string); ok {
		return s != "no" && s != ""
	}
	if b, ok := v.(bool); ok {
		return b
	}
	return true
}

func guessClass(props map[string]any, geom orb.Geometry) string {
	switch {
	case isBuilding(props):
		return "buildings"
	case props["highway"] != nil || props["railway"] != nil:
		return "roads"
	case props["natural"] == "water" || props["waterway"] != nil || props["water"] != nil || props["landuse"] == "reservoir" || props["landuse"] == "basin":
		return "water"
	}
	switch props["leisure"] {
	case "park", "garden", "pitch", "nature_reserve", "playground":
		return "green"
	}
	switch props["landuse"] {
	case "grass", "forest", "meadow", "recreation_ground", "village_green", "cemetery", "allotments":
		return "green"
	}
	switch props["natural"] {
	case "wood", "tree", "scrub", "grassland", "heath":
		return "green"
	}
	if isPoint(geom) {
		return "points"
	}
	return ""
}

func classColor(class string, geom orb.Geometry) color.NRGBA {
	switch class {
	case "buildings":
		return colorBuilding
	case "roads":
		return colorRoad
	case "water":
		return colorWater
	case "green":
		return colorGreen
	case "points":
		return colorPoint
	}
	if isPoint(geom) {
		return colorPoint
	}
	if isLinear(geom) {
		return colorRoad
	}
	return colorArea
}

func darken(c color.NRGBA) color.NRGBA {
	return color.NRGBA{uint8(float64(c.R) * 0.7), uint8(float64(c.G) * 0.7), uint8(float64(c.B) * 0.7), c.A}
}

func isPolygon(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Polygon, orb.MultiPolygon, orb.Bound:
		return true
	case orb.Collection:
		for _, x := range g {
			if isPolygon(x) {
				return true
			}
		}
	}
	return false
}

func isLinear(g orb.Geometry) bool {
	switch g.(type) {
	case orb.LineString, orb.MultiLineString:
		return true
	}
	return false
}

func isPoint(g orb.Geometry) bool {
	switch g.(type) {
	case orb.Point, orb.MultiPoint:
		return true
	}
	return false
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func labelText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// parseLength reads a number or a numeric string such as "12", "12 m",
// "12,5" or "12.5m". NaN and infinities are rejected.
func parseLength(v any) (float64, bool) {
	s, isStr := v.(string)
	if !isStr {
		return Number(v)
	}
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.' || s[end] == ',' || (end == 0 && (s[end] == '-' || s[end] == '+'))) {
		end++
	}
	num := strings.Replace(s[:end], ",", ".", 1)
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func (r ColorRule) resolve(props map[string]any) (color.NRGBA, bool) {
	if r.Constant != "" {
		if c, ok := ParseColor(r.Constant); ok {
			return c, true
		}
	}
	if r.Property != "" {
		if c, ok := ParseColor(str(props[r.Property])); ok {
			return c, true
		}
	}
	if r.Ramp != nil && len(r.Ramp.Stops) > 0 {
		if v, ok := parseLength(props[r.Ramp.Property]); ok {
			return r.Ramp.At(v)
		}
	}
	return color.NRGBA{}, false
}

// At returns the ramp's colour at v: linear interpolation between the two
// stops around v (sorted by value), the end colours outside them. ok is
// false when no stop has a valid colour.
func (r *Ramp) At(v float64) (color.NRGBA, bool) {
	type stop struct {
		v float64
		c color.NRGBA
	}
	st := make([]stop, 0, len(r.Stops))
	for _, s := range r.Stops {
		if c, ok := ParseColor(s.Color); ok {
			st = append(st, stop{s.Value, c})
		}
	}
	if len(st) == 0 {
		return color.NRGBA{}, false
	}
	sort.SliceStable(st, func(i, j int) bool { return st[i].v < st[j].v })
	if v <= st[0].v {
		return st[0].c, true
	}
	for i := 1; i < len(st); i++ {
		if v <= st[i].v {
			a, b := st[i-1], st[i]
			t := (v - a.v) / (b.v - a.v)
			lerp := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
			return color.NRGBA{lerp(a.c.R, b.c.R), lerp(a.c.G, b.c.G), lerp(a.c.B, b.c.B), lerp(a.c.A, b.c.A)}, true
		}
	}
	return st[len(st)-1].c, true
}

package scene

import "image/color"

// Style says how a vector layer's features look: colours, extrusion and
// sizes, each either a constant, a feature property or a ramp. Its JSON form
// is the scene file's layer "style" (see README). The zero Style draws
// features flat with the default colours of Defaults.
//
// Resolution rules (Style.Look) are implemented in style_resolve.go.
type Style struct {
	// Fill colours polygons, extrusions and points.
	Fill ColorRule `json:"color,omitempty"`
	// Stroke colours lines (and polygon outlines where drawn).
	Stroke ColorRule `json:"stroke,omitempty"`
	// Opacity in 0..1 multiplies the fill alpha; 0 means 1.
	Opacity float64 `json:"opacity,omitempty"`
	// Extrude makes polygons into solids; nil leaves them flat unless the
	// feature itself carries height, min_height or building:levels.
	Extrude *ExtrudeRule `json:"extrude,omitempty"`
	// LineWidth is the width of line ribbons in metres (0: 4 m or the
	// feature's stroke-width).
	LineWidth float64 `json:"line_width,omitempty"`
	// PointSize is the marker size of points in metres (0: 6 m).
	PointSize float64 `json:"point_size,omitempty"`
	// Label names the property shown as a label, "" for none.
	Label string `json:"label,omitempty"`
	// Class is the default look of the layer: "buildings", "roads", "water",
	// "green", "points" or "" (guessed from the layer id and properties).
	Class string `json:"class,omitempty"`
}

// ColorRule gives a colour: a constant, a property holding a CSS colour, or
// a ramp over a numeric property. The first one set wins.
type ColorRule struct {
	Constant string `json:"constant,omitempty"` // CSS colour "#rrggbb", "#rgb", "rgb(...)" or a name
	Property string `json:"property,omitempty"` // property holding a CSS colour
	Ramp     *Ramp  `json:"ramp,omitempty"`
}

// Ramp maps a numeric property to colours, interpolating linearly between
// stops sorted by value; values outside the stops take the end colours.
type Ramp struct {
	Property string     `json:"property"`
	Stops    []RampStop `json:"stops"`
}

// RampStop is one value → colour pair of a Ramp.
type RampStop struct {
	Value float64 `json:"value"`
	Color string  `json:"color"`
}

// ExtrudeRule sets how high a polygon is extruded. Height and MinHeight are
// property names or constants; Storeys multiplies a property by StoreyHeight.
type ExtrudeRule struct {
	HeightProperty    string  `json:"height_property,omitempty"`
	Height            float64 `json:"height,omitempty"`
	MinHeightProperty string  `json:"min_height_property,omitempty"`
	MinHeight         float64 `json:"min_height,omitempty"`
	StoreysProperty   string  `json:"storeys_property,omitempty"`
	StoreyHeight      float64 `json:"storey_height,omitempty"`
}

// Look is the resolved appearance of one feature: what the mesh builder and
// the renderer need, with no more rules to apply.
type Look struct {
	Fill      color.NRGBA
	Stroke    color.NRGBA
	Extruded  bool    // a solid from MinHeight to Height
	Height    float64 // top, metres above the ground
	MinHeight float64 // bottom, metres above the ground
	LineWidth float64 // metres
	PointSize float64 // metres
	Label     string  // label text, "" for none
}

package scene

import (
	"fmt"
	"math"
)

// MaxHeight is the largest height (metres) a feature may be extruded to; a
// height or min_height above it (or below 0) is taken as a data error.
const MaxHeight = 10000

// maxStoreys is the largest storey count taken as real.
const maxStoreys = 1000

// lengthProperties and storeyProperties are the properties the default
// extrusion reads as metres and as storey counts.
var (
	lengthProperties = []string{"height", "building:height", "HAUTEUR", "min_height"}
	storeyProperties = []string{"building:levels", "roof:levels", "building:min_level"}
)

// CheckHeights returns an error naming the first property of props that
// would extrude a feature to a non-finite or absurd height: a height or
// min-height (the default properties and those the style s names) below 0
// or above MaxHeight, or a storey count below 0 or above 1,000. Values
// that are not numbers are left to the style (they are ignored there).
func CheckHeights(props map[string]any, s *Style) error {
	check := func(name string, max float64, what string) error {
		v, ok := props[name]
		if !ok || name == "" {
			return nil
		}
		f, ok := parseLength(v)
		if !ok {
			if x, isNum := v.(float64); isNum { // NaN or ±Inf from a decoder
				return fmt.Errorf("property %q = %v: not a finite number", name, x)
			}
			return nil
		}
		if f < 0 || f > max {
			return fmt.Errorf("property %q = %g: %s must be between 0 and %g", name, f, what, max)
		}
		return nil
	}
	for _, p := range lengthProperties {
		if err := check(p, MaxHeight, "a height (m)"); err != nil {
			return err
		}
	}
	for _, p := range storeyProperties {
		if err := check(p, maxStoreys, "a storey count"); err != nil {
			return err
		}
	}
	if s != nil && s.Extrude != nil {
		r := s.Extrude
		for _, p := range []string{r.HeightProperty, r.MinHeightProperty} {
			if err := check(p, MaxHeight, "a height (m)"); err != nil {
				return err
			}
		}
		if err := check(r.StoreysProperty, maxStoreys, "a storey count"); err != nil {
			return err
		}
	}
	return nil
}

// finiteHeight reports whether h is a height the renderer and the key
// figures can use.
func finiteHeight(h float64) bool {
	return !math.IsNaN(h) && h >= -MaxHeight && h <= MaxHeight
}

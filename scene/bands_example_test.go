package scene_test

import (
	"fmt"

	"citytwin/scene"
)

// A reading is coloured by the band its value falls in: 48 µg/m³ of NO₂
// is "fair" on the European Air Quality Index.
func ExampleBandFor() {
	band, _ := scene.BandFor(scene.DefaultBands("NO2"), 48)
	fmt.Println(scene.DefaultLabel("NO2"), scene.DefaultUnit("NO2"), band.Label, band.Color)
	// Output:
	// NO₂ µg/m³ fair #50ccaa
}

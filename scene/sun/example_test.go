package sun_test

import (
	"fmt"
	"time"

	"citytwin/scene/sun"
)

// The sun over Monaco on the afternoon of the June solstice, in the
// city's own (summer) time.
func Example() {
	loc, err := time.LoadLocation("Europe/Monaco")
	if err != nil {
		panic(err)
	}
	at, _ := sun.ParseLocal("2026-06-21T14:00", loc)
	p := sun.At(at, 7.4246, 43.7384)
	d := p.Direction()
	fmt.Printf("elevation %.1f°, azimuth %.1f°\n", p.Elevation, p.Azimuth)
	fmt.Printf("towards the sun (east, north, up): %.2f %.2f %.2f\n", d[0], d[1], d[2])
	day := sun.Day(at, 7.4246, 43.7384)
	fmt.Println("sunrise", day.Sunrise.Format("15:04"), "sunset", day.Sunset.Format("15:04"))
	// Output:
	// elevation 68.9°, azimuth 198.0°
	// towards the sun (east, north, up): -0.11 -0.34 0.93
	// sunrise 05:48 sunset 21:15
}

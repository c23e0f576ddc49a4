// Package sun computes where the sun is in a city's sky and how many hours
// of direct sun reach the ground between the city's solids.
//
// It sits below package scene and imports nothing of citytwin's: positions
// are WGS84 degrees, directions are unit vectors in a local east-north-up
// frame (x east, y north, z up, as scene.Frame), and geometry is orb
// polygons in that frame's metres. Position follows NOAA's solar calculator
// (Meeus' low-precision solar coordinates with NOAA's refraction model),
// good to about 0.01° in elevation and azimuth between 1900 and 2100.
// Times are time.Time values: a date-time in a city is built in its IANA
// time zone (time.LoadLocation), so daylight-saving time is taken care of.
//
//	loc, _ := time.LoadLocation("Europe/Monaco")
//	t := time.Date(2026, 6, 21, 14, 0, 0, 0, loc)
//	p := sun.At(t, 7.42, 43.74)       // elevation, azimuth in degrees
//	d := p.Direction()                 // unit vector towards the sun, ENU
//	day := sun.Day(t, 7.42, 43.74)     // sunrise, solar noon, sunset
//
// Hours counts the hours of direct sun on sample points of polygons, with
// vertical prisms (extruded footprints) and triangles as occluders.
package sun

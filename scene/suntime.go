package scene

import (
	"time"

	"citytwin/scene/sun"
)

// Location returns the scene's time zone: TimeZone, or UTC when nil.
func (s *Scene) Location() *time.Location {
	if s.TimeZone == nil {
		return time.UTC
	}
	return s.TimeZone
}

// LocalTime reads wall, a wall-clock date and time in any location (as
// the -sun flag parses it), as the same clock reading in the scene's time
// zone.
func (s *Scene) LocalTime(wall time.Time) time.Time {
	y, m, d := wall.Date()
	return time.Date(y, m, d, wall.Hour(), wall.Minute(), wall.Second(), 0, s.Location())
}

// DefaultSunDate returns the day sun figures are for when none is given:
// the date, in the scene's time zone, of the March equinox of the year of
// s.Sun, or of now's year when the scene sets no sun.
func DefaultSunDate(s *Scene, now time.Time) time.Time {
	year := now.In(s.Location()).Year()
	if !s.Sun.IsZero() {
		year = s.Sun.In(s.Location()).Year()
	}
	e := sun.MarchEquinox(year).In(s.Location())
	return time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, s.Location())
}

// SunDirection returns the unit vector from the scene's origin towards the
// sun at instant t, in the local frame (x east, y north, z up), and
// whether the sun is above the horizon then. Over a city a few kilometres
// wide the direction differs from place to place by well under 0.1°, so
// one direction serves the whole scene.
func (s *Scene) SunDirection(t time.Time) (Vec3, bool) {
	p := sun.At(t, s.Origin.Lon, s.Origin.Lat)
	return Vec3(p.Direction()), p.Elevation > 0
}

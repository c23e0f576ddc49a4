package sun

import (
	"math"
	"time"
)

// SunriseZenith is the zenith angle (degrees) of the sun's centre at
// sunrise and sunset: 90° plus 0.833° for refraction at the horizon and the
// sun's radius, as NOAA and almanacs use.
const SunriseZenith = 90.833

// Daylight is one local day's sunrise, solar noon and sunset, as instants
// in the day's time zone.
type Daylight struct {
	Sunrise, Noon, Sunset time.Time
	// Polar is +1 when the sun stays up the whole day (polar day: Sunrise
	// and Sunset are then the day's first and last instant), −1 when it
	// stays down (polar night: both equal Noon), 0 otherwise.
	Polar int
}

// Length returns how long the sun is up on the day.
func (d Daylight) Length() time.Duration { return d.Sunset.Sub(d.Sunrise) }

// Day returns the sun times of the calendar day of date in date's
// location (its year, month and day there; the clock time is ignored), at
// lon, lat (WGS84 degrees). A day with a daylight-saving change has 23 or
// 25 hours; the times are still right.
func Day(date time.Time, lon, lat float64) Daylight {
	loc := date.Location()
	y, m, d := date.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	end := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	noon := time.Date(y, m, d, 12, 0, 0, 0, loc)
	for i := 0; i < 4; i++ {
		noon = noon.Add(-minutes(At(noon, lon, lat).HourAngle * 4))
	}
	noon = noon.Round(time.Second)
	h0, ok := sunriseHourAngle(noon, lat)
	if !ok {
		if h0 > 0 {
			return Daylight{Sunrise: start, Noon: noon, Sunset: end.Add(-time.Nanosecond), Polar: 1}
		}
		return Daylight{Sunrise: noon, Noon: noon, Sunset: noon, Polar: -1}
	}
	rise := crossing(noon.Add(-minutes(h0*4)), lon, lat, -1)
	set := crossing(noon.Add(minutes(h0*4)), lon, lat, 1)
	return Daylight{Sunrise: rise, Noon: noon, Sunset: set}
}

// crossing refines the instant, near t, when the sun's centre is at
// SunriseZenith on the morning (side −1) or evening (side +1) side.
func crossing(t time.Time, lon, lat float64, side float64) time.Time {
	for i := 0; i < 4; i++ {
		h0, ok := sunriseHourAngle(t, lat)
		if !ok {
			break
		}
		ha := At(t, lon, lat).HourAngle
		t = t.Add(minutes((side*h0 - ha) * 4))
	}
	return t.Round(time.Second)
}

// sunriseHourAngle returns the hour angle (degrees) of sunrise at t's
// declination, or ok false with h0 = 180 for a sun that never sets and 0
// for one that never rises.
func sunriseHourAngle(t time.Time, lat float64) (h0 float64, ok bool) {
	decl := orbitAt(t).decl * deg
	phi := lat * deg
	c := math.Cos(SunriseZenith*deg)/(math.Cos(phi)*math.Cos(decl)) - math.Tan(phi)*math.Tan(decl)
	switch {
	case c < -1:
		return 180, false
	case c > 1:
		return 0, false
	}
	return math.Acos(c) / deg, true
}

// MarchEquinox returns the instant of the March equinox of year (the sun's
// apparent longitude crossing 0°), in UTC. The low-precision solar
// coordinates put it within about 10 minutes of the almanacs (2026: 14:38
// against 14:46), plenty to pick the equinox's date.
func MarchEquinox(year int) time.Time {
	lo := time.Date(year, 3, 17, 0, 0, 0, 0, time.UTC)
	hi := time.Date(year, 3, 24, 0, 0, 0, 0, time.UTC)
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2)
		if l := orbitAt(mid).appLong; l > 180 || l < 0 && l > -180 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo.Round(time.Second)
}

func minutes(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }

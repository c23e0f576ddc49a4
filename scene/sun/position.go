package sun

import (
	"math"
	"time"
)

// Position is the sun seen from one place at one instant. Angles are in
// degrees.
type Position struct {
	// Elevation is the apparent angle above the horizon, refraction
	// included (NOAA's model for a standard atmosphere); negative below.
	Elevation float64
	// Azimuth is the compass direction of the sun, clockwise from north
	// (90 east, 180 south), in [0, 360).
	Azimuth float64
	// Declination is the sun's declination.
	Declination float64
	// EquationOfTime is apparent minus mean solar time, in minutes.
	EquationOfTime float64
	// HourAngle is the sun's hour angle: 0 at solar noon, negative in the
	// morning, in (−180, 180].
	HourAngle float64
}

const deg = math.Pi / 180

// At returns the sun's position at instant t (any time zone: only the
// instant counts) seen from lon, lat (WGS84 degrees, east and north
// positive). It follows NOAA's solar calculator.
func At(t time.Time, lon, lat float64) Position {
	o := orbitAt(t)
	utcMin := minutesOfDayUTC(t)
	tst := math.Mod(utcMin+o.eqTime+4*lon, 1440)
	if tst < 0 {
		tst += 1440
	}
	ha := tst/4 - 180
	if ha <= -180 {
		ha += 360
	}
	sl, cl := math.Sincos(lat * deg)
	sd, cd := math.Sincos(o.decl * deg)
	cz := sl*sd + cl*cd*math.Cos(ha*deg)
	cz = math.Max(-1, math.Min(1, cz))
	zen := math.Acos(cz) / deg
	el := 90 - zen
	var az float64
	if den := cl * math.Sin(zen*deg); math.Abs(den) > 1e-12 {
		c := (sl*cz - sd) / den
		a := math.Acos(math.Max(-1, math.Min(1, c))) / deg
		if ha > 0 {
			az = math.Mod(a+180, 360)
		} else {
			az = math.Mod(540-a, 360)
		}
	} else if lat > 0 { // at a pole or the sun at the zenith
		az = 180
	}
	return Position{
		Elevation:      el + refraction(el),
		Azimuth:        az,
		Declination:    o.decl,
		EquationOfTime: o.eqTime,
		HourAngle:      ha,
	}
}

// Direction returns the unit vector from the observer towards the sun in
// the local east-north-up frame: x east, y north, z up.
func (p Position) Direction() [3]float64 {
	se, ce := math.Sincos(p.Elevation * deg)
	sa, ca := math.Sincos(p.Azimuth * deg)
	return [3]float64{ce * sa, ce * ca, se}
}

// refraction is NOAA's approximate atmospheric refraction (degrees) for a
// geometric elevation el (degrees).
func refraction(el float64) float64 {
	if el > 85 {
		return 0
	}
	te := math.Tan(el * deg)
	var arcsec float64
	switch {
	case el > 5:
		arcsec = 58.1/te - 0.07/(te*te*te) + 0.000086/math.Pow(te, 5)
	case el > -0.575:
		arcsec = 1735 + el*(-518.2+el*(103.4+el*(-12.79+el*0.711)))
	default:
		arcsec = -20.772 / te
	}
	return arcsec / 3600
}

// orbit holds the sun's declination (degrees), equation of time (minutes)
// and apparent longitude (degrees) at one instant.
type orbit struct {
	decl, eqTime, appLong float64
}

// julianDay returns the Julian day of instant t (UTC; the difference
// between UT and TT, about a minute, is below this model's accuracy).
func julianDay(t time.Time) float64 {
	return float64(t.UnixNano())/86400e9 + 2440587.5
}

func minutesOfDayUTC(t time.Time) float64 {
	u := t.UTC()
	return float64(u.Hour()*60+u.Minute()) + (float64(u.Second())+float64(u.Nanosecond())/1e9)/60
}

// orbitAt evaluates NOAA's solar coordinates at t.
func orbitAt(t time.Time) orbit {
	jc := (julianDay(t) - 2451545) / 36525
	l0 := math.Mod(280.46646+jc*(36000.76983+jc*0.0003032), 360)
	m := 357.52911 + jc*(35999.05029-0.0001537*jc)
	e := 0.016708634 - jc*(0.000042037+0.0000001267*jc)
	sm := math.Sin(m * deg)
	c := sm*(1.914602-jc*(0.004817+0.000014*jc)) + math.Sin(2*m*deg)*(0.019993-0.000101*jc) + math.Sin(3*m*deg)*0.000289
	trueLong := l0 + c
	omega := (125.04 - 1934.136*jc) * deg
	appLong := trueLong - 0.00569 - 0.00478*math.Sin(omega)
	meanObliq := 23 + (26+(21.448-jc*(46.815+jc*(0.00059-jc*0.001813)))/60)/60
	obliq := meanObliq + 0.00256*math.Cos(omega)
	decl := math.Asin(math.Sin(obliq*deg)*math.Sin(appLong*deg)) / deg
	y := math.Tan(obliq * deg / 2)
	y *= y
	l2 := 2 * l0 * deg
	eq := y*math.Sin(l2) - 2*e*sm + 4*e*y*sm*math.Cos(l2) - 0.5*y*y*math.Sin(2*l2) - 1.25*e*e*math.Sin(2*m*deg)
	return orbit{decl: decl, eqTime: 4 * eq / deg, appLong: math.Mod(appLong, 360)}
}

package sun

import (
	"math"
	"testing"
	"time"
)

func load(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestSPAExample checks the worked example of NREL's Solar Position
// Algorithm (Reda & Andreas 2004, table A5.1): Golden, Colorado, 17 October
// 2003 12:30:30 at UTC−7: zenith 50.11162°, azimuth 194.34024°, sunrise
// 06:12:43, transit 11:46:04. (Its sunset, 17:20:19, comes from SPA's
// interpolated rise/set approximation, not from where the sun is; it is
// left out.)
func TestSPAExample(t *testing.T) {
	tz := time.FixedZone("UTC-7", -7*3600)
	lon, lat := -105.1786, 39.742476
	p := At(time.Date(2003, 10, 17, 12, 30, 30, 0, tz), lon, lat)
	if z := 90 - p.Elevation; math.Abs(z-50.11162) > 0.1 {
		t.Errorf("zenith %.5f°, want 50.11162° ± 0.1°", z)
	}
	if math.Abs(p.Azimuth-194.34024) > 0.1 {
		t.Errorf("azimuth %.5f°, want 194.34024° ± 0.1°", p.Azimuth)
	}
	d := Day(time.Date(2003, 10, 17, 0, 0, 0, 0, tz), lon, lat)
	near(t, "sunrise", d.Sunrise, time.Date(2003, 10, 17, 6, 12, 43, 0, tz), time.Minute)
	near(t, "transit", d.Noon, time.Date(2003, 10, 17, 11, 46, 4, 0, tz), 30*time.Second)
}

// TestEquinoxesAndSolstices checks the declination at the 2026 equinoxes
// and solstices as the almanacs (USNO) give them, to 0.02°, and the noon
// elevation at 45° N on those days: 90° − 45° + declination, plus about
// 0.016° of refraction at 45° elevation (NOAA's 58.1″/tan e).
func TestEquinoxesAndSolstices(t *testing.T) {
	const obliquity = 23.436 // 2026, nutation included
	for _, c := range []struct {
		name string
		at   time.Time
		decl float64
	}{
		{"March equinox", time.Date(2026, 3, 20, 14, 46, 0, 0, time.UTC), 0},
		{"June solstice", time.Date(2026, 6, 21, 8, 24, 0, 0, time.UTC), obliquity},
		{"September equinox", time.Date(2026, 9, 23, 0, 5, 0, 0, time.UTC), 0},
		{"December solstice", time.Date(2026, 12, 21, 20, 50, 0, 0, time.UTC), -obliquity},
	} {
		t.Run(c.name, func(t *testing.T) {
			// At the instant, at a longitude where it is solar noon.
			lon := 0.0
			for i := 0; i < 3; i++ {
				lon -= At(c.at, lon, 45).HourAngle
			}
			p := At(c.at, lon, 45)
			if math.Abs(p.Declination-c.decl) > 0.02 {
				t.Errorf("declination %.4f°, want %.3f°", p.Declination, c.decl)
			}
			want := 45 + c.decl + 58.1/3600/math.Tan((45+c.decl)*deg)
			if math.Abs(p.Elevation-want) > 0.05 {
				t.Errorf("noon elevation at 45° N %.4f°, want %.4f°", p.Elevation, want)
			}
			if math.Abs(p.Azimuth-180) > 0.1 {
				t.Errorf("noon azimuth %.3f°, want 180°", p.Azimuth)
			}
		})
	}
}

// TestPlaces checks day lengths against published values (to the minute,
// so ± 2 minutes here).
func TestPlaces(t *testing.T) {
	for _, c := range []struct {
		name, zone string
		lon, lat   float64
		date       string
		length     time.Duration
	}{
		// 18 h 50 min of daylight at the summer solstice in Oslo.
		{"Oslo solstice", "Europe/Oslo", 10.7522, 59.9139, "2026-06-21", 18*time.Hour + 50*time.Minute},
		// Singapore at the equinox: 12 h 6 min of daylight (refraction and
		// the sun's radius add 6 minutes to 12 h).
		{"Singapore equinox", "Asia/Singapore", 103.8198, 1.3521, "2026-03-20", 12*time.Hour + 6*time.Minute},
	} {
		t.Run(c.name, func(t *testing.T) {
			loc := load(t, c.zone)
			date, err := ParseDate(c.date, loc)
			if err != nil {
				t.Fatal(err)
			}
			d := Day(date, c.lon, c.lat)
			if diff := d.Length() - c.length; diff.Abs() > 2*time.Minute {
				t.Errorf("day length %v, want %v ± 2 min", d.Length(), c.length)
			}
		})
	}
}

// TestMonacoDST checks that a local clock time in Monaco is read in
// summer time: 14:00 CEST on 21 June is 12:00 UTC, a little after the
// solar noon, so the sun is just west of south and about 69° high (90 −
// 43.74 + 23.44). Solar noon is 12:00 − 4 min × 7.42 − equation of time
// (−1.7 min in June, +2 min in December) + the zone's offset: 13:32 CEST
// in June, 12:28 CET in December.
func TestMonacoDST(t *testing.T) {
	loc := load(t, "Europe/Monaco")
	at, err := ParseLocal("2026-06-21T14:00", loc)
	if err != nil {
		t.Fatal(err)
	}
	if at.UTC().Hour() != 12 {
		t.Fatalf("14:00 in Monaco in June is %v, want 12:00 UTC", at.UTC())
	}
	p := At(at, 7.42, 43.74)
	if p.Azimuth < 180 || p.Azimuth > 215 || math.Abs(p.Elevation-68.5) > 1.5 {
		t.Errorf("sun at %+v", p)
	}
	d := Day(at, 7.42, 43.74)
	near(t, "solar noon", d.Noon, clock(t, "2026-06-21", "13:32", loc), time.Minute)
	winter := Day(time.Date(2026, 12, 21, 0, 0, 0, 0, loc), 7.42, 43.74)
	near(t, "winter solar noon", winter.Noon, clock(t, "2026-12-21", "12:28", loc), time.Minute)
}

func TestPolar(t *testing.T) {
	loc := load(t, "Europe/Oslo")
	if d := Day(time.Date(2026, 6, 21, 0, 0, 0, 0, loc), 18.95, 69.65); d.Polar != 1 || d.Length() < 23*time.Hour {
		t.Errorf("Tromsø midsummer: %+v", d)
	}
	if d := Day(time.Date(2026, 12, 21, 0, 0, 0, 0, loc), 18.95, 69.65); d.Polar != -1 || d.Length() != 0 {
		t.Errorf("Tromsø midwinter: %+v", d)
	}
}

func TestMarchEquinox(t *testing.T) {
	for y, want := range map[int]time.Time{
		2024: time.Date(2024, 3, 20, 3, 6, 0, 0, time.UTC),
		2026: time.Date(2026, 3, 20, 14, 46, 0, 0, time.UTC),
	} {
		if got := MarchEquinox(y); got.Sub(want).Abs() > 15*time.Minute {
			t.Errorf("March equinox %d: %v, want %v", y, got, want)
		}
	}
}

func TestDirection(t *testing.T) {
	for _, c := range []struct {
		p    Position
		want [3]float64
	}{
		{Position{Elevation: 0, Azimuth: 90}, [3]float64{1, 0, 0}},
		{Position{Elevation: 0, Azimuth: 180}, [3]float64{0, -1, 0}},
		{Position{Elevation: 90}, [3]float64{0, 0, 1}},
		{Position{Elevation: 45, Azimuth: 0}, [3]float64{0, math.Sqrt2 / 2, math.Sqrt2 / 2}},
	} {
		d := c.p.Direction()
		for i := range d {
			if math.Abs(d[i]-c.want[i]) > 1e-12 {
				t.Errorf("%+v: direction %v, want %v", c.p, d, c.want)
				break
			}
		}
	}
}

func TestParse(t *testing.T) {
	for _, s := range []string{"2026-06-21", "2026-06-21 14:00", "14:00", "2026-13-01T10:00", "2026-06-21T14:00Z"} {
		if _, err := ParseLocal(s, nil); err == nil {
			t.Errorf("ParseLocal(%q) accepted", s)
		}
	}
	if _, err := ParseDate("2026-02-30", nil); err == nil {
		t.Error("ParseDate accepted 30 February")
	}
	if got, err := ParseLocal("2026-06-21T14:00:30", nil); err != nil || got.Second() != 30 {
		t.Errorf("seconds: %v %v", got, err)
	}
}

func clock(t *testing.T, date, hm string, loc *time.Location) time.Time {
	t.Helper()
	c, err := ParseLocal(date+"T"+hm, loc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func near(t *testing.T, what string, got, want time.Time, tol time.Duration) {
	t.Helper()
	if d := got.Sub(want); d.Abs() > tol {
		t.Errorf("%s %v, want %v ± %v", what, got, want, tol)
	}
}

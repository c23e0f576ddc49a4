package measure

import (
	"math"
	"testing"

	"citytwin/scene"
)

// vincenty returns the geodesic distance (metres) between two WGS84
// positions (degrees) by Vincenty's inverse formula (1975), good to a
// fraction of a millimetre for points that are not nearly antipodal.
func vincenty(lon1, lat1, lon2, lat2 float64) float64 {
	const (
		a = 6378137.0
		f = 1 / 298.257223563
		b = a * (1 - f)
	)
	rad := math.Pi / 180
	L := (lon2 - lon1) * rad
	U1 := math.Atan((1 - f) * math.Tan(lat1*rad))
	U2 := math.Atan((1 - f) * math.Tan(lat2*rad))
	sU1, cU1 := math.Sincos(U1)
	sU2, cU2 := math.Sincos(U2)
	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	for i := 0; i < 200; i++ {
		sl, cl := math.Sincos(lambda)
		sinSigma = math.Hypot(cU2*sl, cU1*sU2-sU1*cU2*cl)
		if sinSigma == 0 {
			return 0
		}
		cosSigma = sU1*sU2 + cU1*cU2*cl
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cU1 * cU2 * sl / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = 0
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sU1*sU2/cos2Alpha
		}
		C := f / 16 * cos2Alpha * (4 + f*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-C)*f*sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-13 {
			break
		}
	}
	u2 := cos2Alpha * (a*a - b*b) / (b * b)
	A := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
	B := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
	dSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	return b * A * (sigma - dSigma)
}

// TestVincenty checks the helper on a published case: Flinders Peak to
// Buninyong (Vincenty 1975; Geoscience Australia): 54 972.271 m.
func TestVincenty(t *testing.T) {
	lat1 := -(37 + 57/60.0 + 3.72030/3600)
	lon1 := 144 + 25/60.0 + 29.52440/3600
	lat2 := -(37 + 39/60.0 + 10.15610/3600)
	lon2 := 143 + 55/60.0 + 35.38390/3600
	if d := vincenty(lon1, lat1, lon2, lat2); math.Abs(d-54972.271) > 0.01 {
		t.Errorf("Flinders Peak–Buninyong %.3f m, want 54972.271 m", d)
	}
}

// TestGroundDistanceMatchesGeodesic: between points within 10 km of the
// origin, the distance along the local plane differs from the geodesic
// one by less than 0.1 % (in fact under 0.01 %).
func TestGroundDistanceMatchesGeodesic(t *testing.T) {
	worst := 0.0
	for _, o := range []scene.Geo{{Lon: 7.4246, Lat: 43.7384}, {Lon: 10.75, Lat: 59.91}, {Lon: 103.82, Lat: 1.35}, {Lon: -70.6, Lat: -33.45}, {Lon: 18.95, Lat: 69.65}} {
		f := scene.NewFrame(o)
		// Pairs of points at up to 10 km from the origin, every direction.
		for i := 0; i < 24; i++ {
			for _, r := range []float64{50, 1000, 5000, 10000} {
				a1 := float64(i) * 15 * math.Pi / 180
				a2 := a1 + 2.1
				p := scene.Vec3{r * math.Sin(a1), r * math.Cos(a1), 0}
				q := scene.Vec3{0.7 * r * math.Sin(a2), 0.7 * r * math.Cos(a2), 0}
				gp, gq := f.ToGeo(p), f.ToGeo(q)
				// Points on the ellipsoid, as the map's ground.
				p, q = f.FromGeo(gp.Lon, gp.Lat, 0), f.FromGeo(gq.Lon, gq.Lat, 0)
				want := vincenty(gp.Lon, gp.Lat, gq.Lon, gq.Lat)
				got := GroundDistance(p, q)
				rel := math.Abs(got-want) / want
				worst = math.Max(worst, rel)
				if rel > 1e-3 {
					t.Errorf("origin %v: %.3f m on the plane, %.3f m geodesic (%.4f %%)", o, got, want, 100*rel)
				}
			}
		}
	}
	t.Logf("worst relative error %.2e", worst)
}

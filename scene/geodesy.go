package scene

import "math"

// WGS84 ellipsoid constants.
const (
	wgs84A  = 6378137.0               // semi-major axis, metres
	wgs84F  = 1 / 298.257223563       // flattening
	wgs84E2 = wgs84F * (2 - wgs84F)   // first eccentricity squared
	wgs84B  = wgs84A * (1 - wgs84F)   // semi-minor axis, metres
	wgs84EP = wgs84E2 / (1 - wgs84E2) // second eccentricity squared
)

// Vec3 is a position or direction with float64 components. In the local frame
// it is metres east, north and up; in ECEF it is metres along X, Y and Z.
type Vec3 [3]float64

// Geo is a WGS84 geographic position: Lon and Lat in degrees, Alt in metres
// above the ellipsoid (or in the scene's vertical frame, see Frame).
type Geo struct {
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
	Alt float64 `json:"alt"`
}

// GeodeticToECEF converts a WGS84 position (degrees, metres) to Earth-centred,
// Earth-fixed coordinates in metres.
func GeodeticToECEF(lon, lat, alt float64) Vec3 {
	lam, phi := lon*math.Pi/180, lat*math.Pi/180
	sp, cp := math.Sincos(phi)
	sl, cl := math.Sincos(lam)
	n := wgs84A / math.Sqrt(1-wgs84E2*sp*sp)
	return Vec3{(n + alt) * cp * cl, (n + alt) * cp * sl, (n*(1-wgs84E2) + alt) * sp}
}

// ECEFToGeodetic converts Earth-centred, Earth-fixed metres to a WGS84
// position. It uses Bowring's method refined twice, which is exact to well
// under a millimetre for points near the Earth's surface.
func ECEFToGeodetic(p Vec3) Geo {
	x, y, z := p[0], p[1], p[2]
	lon := math.Atan2(y, x)
	r := math.Hypot(x, y)
	if r < 1e-9 { // on the polar axis
		lat := math.Copysign(90, z)
		return Geo{Lon: lon * 180 / math.Pi, Lat: lat, Alt: math.Abs(z) - wgs84B}
	}
	beta := math.Atan2(z*wgs84A, r*wgs84B)
	var phi float64
	for i := 0; i < 3; i++ {
		sb, cb := math.Sincos(beta)
		phi = math.Atan2(z+wgs84EP*wgs84B*sb*sb*sb, r-wgs84E2*wgs84A*cb*cb*cb)
		beta = math.Atan2((1-wgs84F)*math.Sin(phi), math.Cos(phi))
	}
	sp, cp := math.Sincos(phi)
	n := wgs84A / math.Sqrt(1-wgs84E2*sp*sp)
	var alt float64
	if math.Abs(cp) > 1e-3 {
		alt = r/cp - n
	} else {
		alt = z/sp - n*(1-wgs84E2)
	}
	return Geo{Lon: lon * 180 / math.Pi, Lat: phi * 180 / math.Pi, Alt: alt}
}

// Frame is a local east-north-up frame tangent to the WGS84 ellipsoid at
// Origin. Positions in it are metres: X east, Y north, Z up. The zero value
// is not usable; build one with NewFrame. A Frame is immutable and safe for
// concurrent use.
type Frame struct {
	Origin Geo
	o      Vec3    // origin in ECEF
	rot    [3]Vec3 // rows: east, north, up unit vectors in ECEF
}

// NewFrame returns the ENU frame centred on origin.
func NewFrame(origin Geo) *Frame {
	lam, phi := origin.Lon*math.Pi/180, origin.Lat*math.Pi/180
	sp, cp := math.Sincos(phi)
	sl, cl := math.Sincos(lam)
	return &Frame{
		Origin: origin,
		o:      GeodeticToECEF(origin.Lon, origin.Lat, origin.Alt),
		rot: [3]Vec3{
			{-sl, cl, 0},
			{-sp * cl, -sp * sl, cp},
			{cp * cl, cp * sl, sp},
		},
	}
}

// FromECEF converts an ECEF position (metres) to the local frame.
func (f *Frame) FromECEF(p Vec3) Vec3 {
	d := Vec3{p[0] - f.o[0], p[1] - f.o[1], p[2] - f.o[2]}
	return f.RotateFromECEF(d)
}

// RotateFromECEF turns an ECEF direction (no translation) into the local frame.
func (f *Frame) RotateFromECEF(d Vec3) Vec3 {
	return Vec3{
		f.rot[0][0]*d[0] + f.rot[0][1]*d[1] + f.rot[0][2]*d[2],
		f.rot[1][0]*d[0] + f.rot[1][1]*d[1] + f.rot[1][2]*d[2],
		f.rot[2][0]*d[0] + f.rot[2][1]*d[1] + f.rot[2][2]*d[2],
	}
}

// ToECEF converts a local position (metres) to ECEF metres.
func (f *Frame) ToECEF(p Vec3) Vec3 {
	return Vec3{
		f.o[0] + f.rot[0][0]*p[0] + f.rot[1][0]*p[1] + f.rot[2][0]*p[2],
		f.o[1] + f.rot[0][1]*p[0] + f.rot[1][1]*p[1] + f.rot[2][1]*p[2],
		f.o[2] + f.rot[0][2]*p[0] + f.rot[1][2]*p[1] + f.rot[2][2]*p[2],
	}
}

// FromGeo converts a WGS84 position (degrees, metres) to the local frame.
func (f *Frame) FromGeo(lon, lat, alt float64) Vec3 {
	return f.FromECEF(GeodeticToECEF(lon, lat, alt))
}

// ToGeo converts a local position to WGS84.
func (f *Frame) ToGeo(p Vec3) Geo {
	return ECEFToGeodetic(f.ToECEF(p))
}

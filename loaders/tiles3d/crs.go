package tiles3d

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/wroge/wgs84"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// projection turns projected coordinates (easting, northing, height in
// metres) into WGS84 degrees and metres.
type projection struct {
	code int
	fn   wgs84.Func
}

// newProjection returns the projection of an EPSG code ("EPSG:3946",
// "3946", "urn:ogc:def:crs:EPSG::3946").
func newProjection(crs string) (*projection, error) {
	s := strings.TrimSpace(crs)
	if i := strings.LastIndexAny(s, ":/"); i >= 0 {
		s = s[i+1:]
	}
	code, err := strconv.Atoi(s)
	if err != nil {
		return nil, fmt.Errorf("CRS %q: not an EPSG code", crs)
	}
	if wgs84.EPSG().Code(code) == nil {
		return nil, fmt.Errorf("CRS EPSG:%d is not supported (github.com/wroge/wgs84 does not know it)", code)
	}
	return &projection{code: code, fn: wgs84.EPSG().Transform(code, 4326)}, nil
}

// toGeo converts one projected point.
func (p *projection) toGeo(q [3]float64) scene.Geo {
	lon, lat, h := p.fn(q[0], q[1], q[2])
	return scene.Geo{Lon: lon, Lat: lat, Alt: h}
}

// guessCRS names the French projected CRS whose range holds (x, y): the
// RGF93 conic conformal zones CC42–CC50 (EPSG:3942–3950) by their false
// northing, or Lambert-93 (EPSG:2154). "" when nothing fits.
func guessCRS(x, y float64) string {
	switch {
	case x > 1.0e6 && x < 2.4e6 && y > 1.0e6 && y < 10.5e6:
		zone := int(math.Round((y-2.2e6)/1e6)) + 43
		if zone >= 42 && zone <= 50 {
			return fmt.Sprintf("EPSG:39%d", zone)
		}
	case x > 0 && x < 1.3e6 && y > 6.0e6 && y < 7.2e6:
		return "EPSG:2154"
	}
	return ""
}

// toLocal returns an affine transform from projected coordinates near c to
// the local frame: the exact position of c and the derivative of the
// projection there (central differences over ±50 m). Over a tile a few
// hundred metres wide the error is a few centimetres (meridian convergence
// and Earth curvature change little across it).
func (p *projection) toLocal(f *scene.Frame, c [3]float64) affine.Mat4 {
	at := func(q [3]float64) scene.Vec3 {
		g := p.toGeo(q)
		return f.FromGeo(g.Lon, g.Lat, g.Alt)
	}
	const h = 50.0
	var m affine.Mat4
	for k := 0; k < 3; k++ {
		a, b := c, c
		a[k] += h
		b[k] -= h
		pa, pb := at(a), at(b)
		for r := 0; r < 3; r++ {
			m[k*4+r] = (pa[r] - pb[r]) / (2 * h)
		}
	}
	o := at(c)
	// translation = L(c) − J·c
	for r := 0; r < 3; r++ {
		m[12+r] = o[r] - (m[r]*c[0] + m[4+r]*c[1] + m[8+r]*c[2])
	}
	m[15] = 1
	return m
}

// Package crs reprojects coordinates of legacy (pre-RFC 7946) GeoJSON files
// that name a projected coordinate reference system into WGS84 lon/lat. It
// sits under loaders and wraps github.com/wroge/wgs84 (UTM, ETRS89/UTM,
// Lambert-93, CC42–CC50, Web Mercator, …) so the library can be swapped.
package crs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/wroge/wgs84"
)

// ToLonLat converts one coordinate pair of a CRS into WGS84 lon/lat degrees.
// It is safe for concurrent use.
type ToLonLat func(x, y float64) (lon, lat float64)

var codeRe = regexp.MustCompile(`(?i)epsg\D.*?([0-9]+)\s*$`)

// Code returns the EPSG code named by a GeoJSON crs name such as
// "urn:ogc:def:crs:EPSG::3946", "EPSG:2154" or
// "http://www.opengis.net/def/crs/EPSG/0/3857"; CRS84 ("urn:ogc:def:crs:OGC:1.3:CRS84")
// gives 4326. ok is false when no code can be read.
func Code(name string) (int, bool) {
	n := strings.TrimSpace(name)
	if strings.HasSuffix(strings.ToUpper(n), "CRS84") {
		return 4326, true
	}
	m := codeRe.FindStringSubmatch(n)
	if m == nil {
		return 0, false
	}
	c, err := strconv.Atoi(m[1])
	if err != nil {
		return 0, false
	}
	return c, true
}

// Lookup returns the conversion from the named CRS to lon/lat, nil for
// CRS84/EPSG:4326 (no conversion needed), or an error naming the CRS when
// it is unknown or unsupported.
func Lookup(name string) (ToLonLat, error) {
	code, ok := Code(name)
	if !ok {
		return nil, fmt.Errorf("unsupported CRS %q", name)
	}
	if code == 4326 || code == 4979 {
		return nil, nil
	}
	from, err := wgs84.EPSG().SafeCode(code)
	if err != nil || from == nil {
		return nil, fmt.Errorf("unsupported CRS %q (EPSG:%d)", name, code)
	}
	t := wgs84.Transform(from, wgs84.LonLat())
	return func(x, y float64) (float64, float64) {
		lon, lat, _ := t(x, y, 0)
		return lon, lat
	}, nil
}

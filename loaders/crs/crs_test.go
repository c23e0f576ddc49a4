package crs

import (
	"math"
	"testing"
)

func TestCode(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"urn:ogc:def:crs:EPSG::3946", 3946, true},
		{"EPSG:2154", 2154, true},
		{"urn:ogc:def:crs:OGC:1.3:CRS84", 4326, true},
		{"http://www.opengis.net/def/crs/EPSG/0/3857", 3857, true},
		{"nonsense", 0, false},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, ok := Code(c.in)
			if got != c.want || ok != c.ok {
				t.Fatalf("Code(%q) = %d,%v want %d,%v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	f, err := Lookup("urn:ogc:def:crs:EPSG::3857")
	if err != nil || f == nil {
		t.Fatal(err)
	}
	lon, lat := f(0, 0)
	if math.Abs(lon) > 1e-9 || math.Abs(lat) > 1e-9 {
		t.Fatalf("3857 origin -> %v,%v", lon, lat)
	}
	if f, err := Lookup("EPSG:4326"); err != nil || f != nil {
		t.Fatalf("4326: %v %v", f != nil, err)
	}
	if _, err := Lookup("EPSG:28992"); err == nil {
		t.Fatal("28992 should be unsupported")
	}
}

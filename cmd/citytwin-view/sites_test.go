package main

import (
	"math"
	"testing"

	"citytwin/loaders/open"
)

func TestDemoSensorsStandOnStreetsNearTheCentre(t *testing.T) {
	sc, err := open.Demo()
	if err != nil {
		t.Fatal(err)
	}
	sites := streetSites(sc, 700)
	if len(sites) < 200 {
		t.Fatalf("%d street sites within 700 m of the demo's centre, want at least one per simulated sensor (200)", len(sites))
	}
	for _, s := range sites {
		p := sc.Frame.FromGeo(s[0], s[1], 0)
		if d := math.Hypot(p[0], p[1]); d > 700 {
			t.Fatalf("site %v is %.0f m from the centre", s, d)
		}
	}
}

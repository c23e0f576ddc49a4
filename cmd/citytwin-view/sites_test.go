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
	sites := streetSites(sc, demoSensorRadius)
	if len(sites) < 200 {
		t.Fatalf("%d street sites within %.0f m of the demo's centre, want at least one per simulated sensor (200)", len(sites), float64(demoSensorRadius))
	}
	for _, s := range sites {
		p := sc.Frame.FromGeo(s[0], s[1], 0)
		if d := math.Hypot(p[0], p[1]); d > demoSensorRadius {
			t.Fatalf("site %v is %.0f m from the centre", s, d)
		}
	}
	for _, v := range sc.Views {
		near := 0
		for _, s := range sites {
			p := sc.Frame.FromGeo(s[0], s[1], 0)
			if math.Hypot(p[0]-v.Camera.Target[0], p[1]-v.Camera.Target[1]) < 300 {
				near++
			}
		}
		if near < 10 {
			t.Errorf("view %q: %d street sites within 300 m of what it looks at, want sensors there", v.Name, near)
		}
	}
}

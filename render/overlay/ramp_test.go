package overlay

import (
	"testing"

	"citytwin/scene"
)

func TestCividisIsMonotoneInLightness(t *testing.T) {
	prev := -1.0
	for i := 0; i <= 20; i++ {
		c := Cividis(float64(i) / 20)
		l := 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
		if l <= prev {
			t.Fatalf("t=%g: lightness %g not above %g", float64(i)/20, l, prev)
		}
		prev = l
	}
	if Cividis(-1) != Cividis(0) || Cividis(2) != Cividis(1) {
		t.Error("not clamped")
	}
}

func TestCividisBands(t *testing.T) {
	q := newQuantityTable(map[string]scene.QuantityInfo{"no2": {Bands: []scene.Band{{Min: 0, Color: "#ff0000"}, {Min: 40, Color: "#00ff00"}, {Min: 80, Color: "#0000ff"}}}})
	q.cividis = true
	lq := q.list[q.numeric("no2")]
	if c, _ := lq.colorOf(10); c != Cividis(0) {
		t.Errorf("low band %v, want %v", c, Cividis(0))
	}
	if c, _ := lq.colorOf(100); c != Cividis(1) {
		t.Errorf("high band %v, want %v", c, Cividis(1))
	}
}

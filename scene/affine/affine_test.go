package affine

import (
	"math"
	"testing"
)

func near(a, b [3]float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}

func TestTRS(t *testing.T) {
	// A quarter turn about z, doubled, moved 10 m east.
	s := math.Sqrt(0.5)
	m := TRS([3]float64{10, 0, 0}, [4]float64{0, 0, s, s}, [3]float64{2, 2, 2})
	if got := m.Apply([3]float64{1, 0, 0}); !near(got, [3]float64{10, 2, 0}) {
		t.Errorf("x axis went to %v, want (10, 2, 0)", got)
	}
	if d := m.Det3(); math.Abs(d-8) > 1e-9 {
		t.Errorf("det %g, want 8", d)
	}
	// b is applied first.
	ab := Translate([3]float64{0, 0, 5}).Mul(m)
	if got := ab.Apply([3]float64{0, 1, 0}); !near(got, [3]float64{8, 0, 5}) {
		t.Errorf("composed: %v, want (8, 0, 5)", got)
	}
	if got := YUpToZUp.Apply([3]float64{0, 1, 0}); !near(got, [3]float64{0, 0, 1}) {
		t.Errorf("glTF's up went to %v, want z", got)
	}
	mirror := TRS([3]float64{}, [4]float64{0, 0, 0, 1}, [3]float64{-1, 1, 1})
	if mirror.Det3() >= 0 || !mirror.Finite() {
		t.Error("a mirror must have a negative determinant")
	}
	a := m.Affine()
	if a[3] != 10 || math.Abs(a[4]-2) > 1e-9 {
		t.Errorf("row-major affine %v", a)
	}
}

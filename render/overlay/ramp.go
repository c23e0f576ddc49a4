package overlay

import (
	"image/color"
	"math"
)

// RampCividis is the Options.Ramp value for the cividis ramp.
const RampCividis = "cividis"

// cividisStops are the cividis colour map (Nuñez, Anderton and Renslow
// 2018: dark blue to yellow, even in lightness and readable with
// red–green colour blindness) at t = 0, 1/8, …, 1.
var cividisStops = [...][3]float64{
	{0, 34, 78}, {18, 53, 112}, {59, 73, 108}, {87, 93, 109}, {112, 113, 115},
	{138, 134, 120}, {165, 156, 116}, {195, 179, 105}, {254, 232, 56},
}

// Cividis returns the cividis colour at t in [0, 1] (clamped), opaque.
func Cividis(t float64) color.NRGBA {
	t = min(max(t, 0), 1) * float64(len(cividisStops)-1)
	i := min(int(t), len(cividisStops)-2)
	f := t - float64(i)
	a, b := cividisStops[i], cividisStops[i+1]
	c := func(k int) uint8 { return uint8(math.Round(a[k] + (b[k]-a[k])*f)) }
	return color.NRGBA{R: c(0), G: c(1), B: c(2), A: 255}
}

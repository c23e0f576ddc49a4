package overlay

import (
	"fmt"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render"
)

// markerSrc draws live markers: each marker is one screen-space quad around
// the sensor's projected position. Per vertex:
//
//	color    fill colour (straight alpha; alpha < 1 fades a stale marker)
//	custom.x, custom.y  offset from the marker's centre, pixels
//	custom.z            1/z of the sensor (view depth z in metres)
//	custom.w            disc radius, pixels
//	src.x               pulse phase, 0 (none) to 1 (ended)
//	src.y               1: selected (white outline)
//
// Where DepthOn is 1, image 0 is the cached depth image of the exact pass
// (depth.go) and a marker whose centre lies behind the stored surface (by
// more than a small tolerance) is drawn faintly: the whole disc, so it
// stays legible. Output is premultiplied.
const markerSrc = `//kage:unit pixels

package main
` + render.KageDepthKey + `
var DepthOn float

func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	s0 := src - imageSrc0Origin()
	d := length(custom.xy)
	r := custom.w
	a := color.a
	if DepthOn > 0.5 {
		k := storedKey(vec4(dst.xy-custom.xy, 0, 1))
		kk := k.x*65536 + k.y*256 + k.z
		if kk > 0 {
			sz := Near + (1-kk/16777216)*(Far-Near)
			mz := 1 / custom.z
			if mz > sz+2+0.02*mz {
				a *= 0.22
			}
		}
	}
	fill := 1 - smoothstep(r-0.75, r+0.75, d)
	ow := clamp(0.25*r, 0.6, 1.75) // outline width: thin on small discs
	edge := 1 - smoothstep(r-ow-0.6, r-ow+0.4, d)
	rgb := color.rgb
	outline := vec3(0.1, 0.1, 0.12)
	if s0.y > 0.5 {
		outline = vec3(1, 1, 1)
	}
	c := mix(outline, rgb, edge)
	out := vec4(c*fill*a, fill*a)
	p := s0.x
	if p > 0 && p < 1 {
		pr := r * (1 + 1.2*p)
		ring := 1 - smoothstep(0, 1.5, abs(d-pr))
		ra := ring * (1 - p) * 0.6 * a
		out = out + vec4(rgb*ra, ra)*(1-out.a)
	}
	return out
}
`

var markerShader = sync.OnceValues(func() (*ebiten.Shader, error) {
	sh, err := ebiten.NewShader([]byte(markerSrc))
	if err != nil {
		return nil, fmt.Errorf("overlay: compiling the live marker shader: %w", err)
	}
	return sh, nil
})

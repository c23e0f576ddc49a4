package render

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"
)

// The shadow map is the exact Max-blend depth prepass of depth.go drawn
// from the sun with an orthographic projection: vertices carry their
// distance t (metres) below the plane through the casters' point nearest
// the sun in Custom0. Under an orthographic projection t is affine in
// screen space, so Ebiten's linear interpolation is exact for t itself
// (not for 1/t as in the camera's passes). The key is 1 − t/ShadowRange
// over 16 bits (two passes), split into bytes with the same exact
// power-of-two maths.
const kageSunKey = `
var ShadowRange float

func sunKey(t float) vec3 {
	return keyBytes(t/ShadowRange)
}
` + kageKeyBytes

// sunPassSrcs are the two passes of the shadow map: the high byte, then
// (high, middle) where the high byte is the stored one. Alpha 1 marks the
// texels a caster covers.
var sunPassSrcs = [2]string{`//kage:unit pixels

package main
` + kageSunKey + `
func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	k := sunKey(custom.x)
	return vec4(k.x/255, 0, 0, 1)
}
`, `//kage:unit pixels

package main
` + kageSunKey + `
func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	k := sunKey(custom.x)
	s := storedKey(dst)
	if k.x != s.x {
		discard()
	}
	return vec4(k.x/255, k.y/255, 0, 1)
}
`}

// kageSunLight rebuilds a fragment's world position from its screen
// position and 1/z (Custom0, exact under perspective) with the camera's
// frame, and tests texels of the shadow map (image 2): sunlit, from
// kageSunFiltered or kageSunNearest, says how much of the sun reaches it.
// Filtered, the four texels around it are each tested and their results
// blended by the position between them (percentage closer filtering),
// which smooths the texels' stairs along shadow edges. A texel shadows the fragment when its distance t from the sun plane
// lies behind the stored one by more than a bias: ShadowBias plus, on
// surfaces the sun meets at a slant, the depth change across the taps
// (slope-scaled), which keeps roofs and sunlit walls free of acne.
const kageSunLight = `
var CamEye vec3
var CamRight vec3
var CamUp vec3
var CamFwd vec3
var CamCenter vec2
var CamFocal float
var ShadowU vec3
var ShadowV vec3
var ShadowS vec3
var ShadowOff vec3
var ShadowRange float
var ShadowTexel float
var ShadowBias float
var GroundLit float
var GroundShade float

func worldAt(dst vec4, invz float) vec3 {
	p := dst.xy - imageDstOrigin()
	z := 1 / invz
	x := (p.x - CamCenter.x) * z / CamFocal
	y := (CamCenter.y - p.y) * z / CamFocal
	return CamEye + CamRight*x + CamUp*y + CamFwd*z
}

func sunTap(pos vec2, t float, bias float) float {
	s := imageSrc2At(pos + imageSrc2Origin())
	if s.a < 0.5 {
		return 1
	}
	k := floor(s.rg*255 + 0.5)
	stored := (1 - (k.x*256+k.y)/65536) * ShadowRange
	if t > stored+bias {
		return 0
	}
	return 1
}

`

// kageSunFiltered is sunlit with four taps (camera at rest), kageSunNearest
// with the one texel under the fragment (camera moving, with
// Renderer.MovingShadows: a quarter of the lookups).
const (
	kageSunFiltered = `
func sunlit(w vec3, slope float) float {
	uv := vec2(dot(w, ShadowU), dot(w, ShadowV)) + ShadowOff.xy - 0.5
	t := ShadowOff.z - dot(w, ShadowS)
	bias := ShadowBias + ShadowTexel*slope
	b := floor(uv) + 0.5
	f := uv - floor(uv)
	a := mix(sunTap(b, t, bias), sunTap(b+vec2(1, 0), t, bias), f.x)
	c := mix(sunTap(b+vec2(0, 1), t, bias), sunTap(b+vec2(1, 1), t, bias), f.x)
	return mix(a, c, f.y)
}
`
	kageSunNearest = `
func sunlit(w vec3, slope float) float {
	uv := vec2(dot(w, ShadowU), dot(w, ShadowV)) + ShadowOff.xy
	t := ShadowOff.z - dot(w, ShadowS)
	return sunTap(floor(uv)+0.5, t, ShadowBias+ShadowTexel*slope)
}
`
)

// kageSunLit lights a fragment of a lit solid from the real sun: ambient
// everywhere, the diffuse term where the sun reaches it.
const kageSunLit = `
var Sun vec3
var NormalSign float

func colorOf(color vec4, custom vec4, src vec2, dst vec4) vec4 {
	n := cross(dfdx(custom.yzw), dfdy(custom.yzw))
	l := length(n)
	k := 1.0
	if l > 0 {
		c := dot(n, Sun) * NormalSign / l
		if c > 0 {
			slope := min(sqrt(max(1-c*c, 0))/max(c, 0.05), 8) * 2
			c *= sunlit(worldAt(dst, custom.x), slope)
		}
		k = ` + kageAmbient + ` + ` + kageDiffuse + `*max(0, c)
	}
	return vec4(color.rgb*k, color.a) * texel(src)
}
`

// The Fragment functions of the sun's colour shaders: as depthColorSrc,
// depthBlendSrc and colorSrc, with the destination position passed on.
const (
	sunColorSrc = `//kage:unit pixels

package main
` + kageKey + `
func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	k := depthKey(custom.x)
	s := storedKey(dst)
	if k.x != s.x || k.y != s.y || k.z != s.z {
		discard()
	}
	c := colorOf(color, custom, src, dst)
	return vec4(c.rgb, 1)
}
`
	sunBlendSrc = `//kage:unit pixels

package main
` + kageKey + `
func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	k := depthKey(custom.x)
	s := storedKey(dst)
	kk := k.x*65536 + k.y*256 + k.z
	ss := s.x*65536 + s.y*256 + s.z
	if kk < ss {
		discard()
	}
	return colorOf(color, custom, src, dst)
}
`
	sunPlainSrc = `//kage:unit pixels

package main

func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	return colorOf(color, custom, src, dst)
}
`
)

// sunGroundSrc draws ground meshes and the ground plane (colours baked
// under the fixed light) lit by the real sun: GroundLit where it reaches
// them, GroundShade in shadow, both relative to the baked factor. The sky
// (1/z = 0) is drawn as it is.
const sunGroundSrc = `//kage:unit pixels

package main

func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	if custom.x <= 0 {
		return color
	}
	f := GroundShade + (GroundLit-GroundShade)*sunlit(worldAt(dst, custom.x), 0)
	return vec4(color.rgb*f, color.a)
}
`

// sunGroundLitSrc draws the ground lit by the real sun without shadows
// (the camera moving, without Renderer.MovingShadows).
const sunGroundLitSrc = `//kage:unit pixels

package main

var GroundLit float

func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	if custom.x <= 0 {
		return color
	}
	return vec4(color.rgb*GroundLit, color.a)
}
`

// sunShaders are the programs used while the sun is set, compiled on the
// first SetSun that turns it on.
type sunShaders struct {
	pass   [2]*ebiten.Shader
	color  [4]*ebiten.Shader // by material; unlit ones are the fixed ones
	blend  [4]*ebiten.Shader
	plain  [4]*ebiten.Shader // nearest lookups (moving)
	ground [2]*ebiten.Shader // by Mode: filtered, nearest
	// groundLit draws the ground without shadows (moving).
	groundLit *ebiten.Shader
}

func newSunShaders(base *shaders) (*sunShaders, error) {
	s := &sunShaders{color: base.color, blend: base.blend, plain: base.plain}
	srcs := []shaderSrc{
		{&s.pass[0], sunPassSrcs[0], "sun depth pass 1"},
		{&s.pass[1], sunPassSrcs[1], "sun depth pass 2"},
		{&s.ground[Exact], sunGroundSrc + kageSunLight + kageSunFiltered, "sunlit ground"},
		{&s.ground[Sorted], sunGroundSrc + kageSunLight + kageSunNearest, "sunlit ground (moving)"},
		{&s.groundLit, sunGroundLitSrc, "sunlit ground without shadows"},
	}
	for _, m := range []int{1, 3} {
		tex := kagePlain
		if m&2 != 0 {
			tex = kageTexture
		}
		name := fmt.Sprintf(" (material %d)", m)
		srcs = append(srcs,
			shaderSrc{&s.color[m], sunColorSrc + kageSunLight + kageSunFiltered + kageSunLit + tex, "sunlit depth colour" + name},
			shaderSrc{&s.blend[m], sunBlendSrc + kageSunLight + kageSunFiltered + kageSunLit + tex, "sunlit depth blend" + name},
			shaderSrc{&s.plain[m], sunPlainSrc + kageSunLight + kageSunNearest + kageSunLit + tex, "sunlit colour" + name})
	}
	for _, x := range srcs {
		sh, err := ebiten.NewShader([]byte(x.src))
		if err != nil {
			return nil, fmt.Errorf("render: compiling %s shader: %w", x.name, err)
		}
		*x.dst = sh
	}
	return s, nil
}

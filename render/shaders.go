package render

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"
)

// The depth key of a fragment is 1 − linear depth over [Near, Far], as a
// 24-bit integer K split into bytes (hi, mid, lo). Vertices carry 1/z in
// Custom0; Ebiten interpolates it linearly in screen space, which is exact
// for 1/z, and the shader rebuilds z per pixel. Every shader computes the
// key with the same code, so the passes agree bit for bit. Scales are powers
// of two and K < 2^24, so the float maths is exact.
const kageKey = `
var Near float
var Far float

func depthKey(invz float) vec3 {
	z := 1 / invz
	return keyBytes((z-Near)/(Far-Near))
}
` + kageKeyBytes

// kageKeyBytes splits a depth fraction d (0 near, 1 far) into the key's
// bytes, and reads the key stored in image 0 under dst: the code every
// depth key shares, the camera's (kageKey) and the sun's (kageSunKey).
const kageKeyBytes = `
func keyBytes(d float) vec3 {
	k := min(floor((1-clamp(d, 0, 1))*16777216), 16777215)
	hi := floor(k / 65536)
	k -= hi * 65536
	mid := floor(k / 256)
	lo := k - mid*256
	return vec3(hi, mid, lo)
}

func storedKey(dst vec4) vec3 {
	s := imageSrc0At(dst.xy - imageDstOrigin() + imageSrc0Origin())
	return floor(s.rgb*255 + 0.5)
}
`

// KageDepthKey is the Kage source of the depth key (uniforms Near and
// Far, functions depthKey(invz), keyBytes(d) and storedKey(dst)), for shaders outside
// this package that test against CachedDepth's image (live markers).
const KageDepthKey = kageKey

// depthPass1Src writes the key's high byte into R (Max blend).
const depthPass1Src = `//kage:unit pixels

package main
` + kageKey + `
func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	k := depthKey(custom.x)
	return vec4(k.x/255, 0, 0, 1)
}
`

// depthPass2Src keeps fragments whose high byte is the stored one and
// writes (high, middle) (Max blend).
const depthPass2Src = `//kage:unit pixels

package main
` + kageKey + `
func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	k := depthKey(custom.x)
	s := storedKey(dst)
	if k.x != s.x {
		discard()
	}
	return vec4(k.x/255, k.y/255, 0, 1)
}
`

// depthPass3Src keeps fragments whose (high, middle) bytes are the stored
// ones and writes the full key (Max blend).
const depthPass3Src = `//kage:unit pixels

package main
` + kageKey + `
func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	k := depthKey(custom.x)
	s := storedKey(dst)
	if k.x != s.x || k.y != s.y {
		discard()
	}
	return vec4(k.x/255, k.y/255, k.z/255, 1)
}
`

// kageUnlit and kageLit give a fragment its colour: the vertex colour as
// it is (baked or unlit chunks), or lit by the fixed sun from the face
// normal rebuilt from the screen derivatives of the position in Custom1..3.
// Ebiten interpolates the position linearly in screen space, which keeps
// it on the triangle's plane, so the normal is exact. Every face drawn
// faces the camera, so the normal's sign is fixed (NormalSign).
const (
	kageUnlit = `
func colorOf(color vec4, custom vec4, src vec2) vec4 {
	return color * texel(src)
}
`
	kageLit = `
var Sun vec3
var NormalSign float

func colorOf(color vec4, custom vec4, src vec2) vec4 {
	n := cross(dfdx(custom.yzw), dfdy(custom.yzw))
	l := length(n)
	k := 1.0
	if l > 0 {
		k = ` + kageAmbient + ` + ` + kageDiffuse + `*max(0, dot(n, Sun)*NormalSign/l)
	}
	return vec4(color.rgb*k, color.a) * texel(src)
}
`
	// kagePlain and kageTexture give the texture factor: none, or the
	// texel of image 1 (the texture, repeated) at the vertex's SrcX/SrcY
	// in texture pixels. Image 0 is the depth image (or any image as large
	// as the target).
	kagePlain = `
func texel(src vec2) vec4 {
	return vec4(1)
}
`
	kageTexture = `
func texel(src vec2) vec4 {
	o := imageSrc0Origin()
	return imageSrc1UnsafeAt(mod(src-o, imageSrc1Size()) + o)
}
`
	kageAmbient = "0.55"
	kageDiffuse = "0.45"
)

// depthColorSrc draws the colour of the fragments whose key equals the
// stored key: the nearest surface at each pixel.
const depthColorSrc = `//kage:unit pixels

package main
` + kageKey + `
func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	k := depthKey(custom.x)
	s := storedKey(dst)
	if k.x != s.x || k.y != s.y || k.z != s.z {
		discard()
	}
	c := colorOf(color, custom, src)
	return vec4(c.rgb, 1)
}
`

// depthBlendSrc draws translucent fragments in front of the stored key
// (nearer or equal), blended over what is there.
const depthBlendSrc = `//kage:unit pixels

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
	return colorOf(color, custom, src)
}
`

// colorSrc draws the colour without depth.
const colorSrc = `//kage:unit pixels

package main

func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	return colorOf(color, custom, src)
}
`

// shaders are the compiled Kage programs, shared by all renderers.
type shaders struct {
	pass [3]*ebiten.Shader
	// Indexed by material: litIndex + 2 if textured.
	color [4]*ebiten.Shader // exact colour pass
	blend [4]*ebiten.Shader // translucent over depth
	plain [4]*ebiten.Shader // no depth
}

func litIndex(lit bool) int {
	if lit {
		return 1
	}
	return 0
}

// material returns the shader index of a chunk key.
func (k chunkKey) material() int {
	m := litIndex(k.lit)
	if k.tex > 0 {
		m += 2
	}
	return m
}

// shaderSrc is one program to compile.
type shaderSrc struct {
	dst  **ebiten.Shader
	src  string
	name string
}

func newShaders() (*shaders, error) {
	var s shaders
	srcs := []shaderSrc{
		{&s.pass[0], depthPass1Src, "depth pass 1"},
		{&s.pass[1], depthPass2Src, "depth pass 2"},
		{&s.pass[2], depthPass3Src, "depth pass 3"},
	}
	for m := 0; m < 4; m++ {
		light, tex := kageUnlit, kagePlain
		if m&1 != 0 {
			light = kageLit
		}
		if m&2 != 0 {
			tex = kageTexture
		}
		name := fmt.Sprintf(" (material %d)", m)
		srcs = append(srcs,
			shaderSrc{&s.color[m], depthColorSrc + light + tex, "depth colour" + name},
			shaderSrc{&s.blend[m], depthBlendSrc + light + tex, "depth blend" + name},
			shaderSrc{&s.plain[m], colorSrc + light + tex, "colour" + name})
	}
	for _, x := range srcs {
		sh, err := ebiten.NewShader([]byte(x.src))
		if err != nil {
			return nil, fmt.Errorf("render: compiling %s shader: %w", x.name, err)
		}
		*x.dst = sh
	}
	return &s, nil
}

// blendMax keeps the per-channel maximum of source and destination.
var blendMax = ebiten.Blend{
	BlendFactorSourceRGB:        ebiten.BlendFactorOne,
	BlendFactorSourceAlpha:      ebiten.BlendFactorOne,
	BlendFactorDestinationRGB:   ebiten.BlendFactorOne,
	BlendFactorDestinationAlpha: ebiten.BlendFactorOne,
	BlendOperationRGB:           ebiten.BlendOperationMax,
	BlendOperationAlpha:         ebiten.BlendOperationMax,
}

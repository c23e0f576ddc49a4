package gltf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg" // JPEG textures
	_ "image/png"  // PNG textures
	"math"

	qgltf "github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/ext/specular"
	"github.com/qmuntal/gltf/ext/texturetransform"
	_ "golang.org/x/image/webp" // WebP textures (EXT_texture_webp images)
)

// maxTextureSide is the largest texture width or height decoded.
const maxTextureSide = 8192

// material is a glTF material reduced to what scene.Mesh can show.
type material struct {
	factor      [4]float64 // linear RGBA
	texture     image.Image
	texCoord    int
	uvTransform *[6]float64 // 2×3 row-major, nil for identity
	unlit       bool
	doubleSided bool
	blend       bool
	opaque      bool // alpha forced to 1 (OPAQUE, MASK)
}

// imageResult caches one decoded image (or why it failed).
type imageResult struct {
	img image.Image
	err error
}

// material returns the reduced material i (-1: the glTF default material).
func (m *Model) material(i int) *material {
	mat := &material{factor: [4]float64{1, 1, 1, 1}, opaque: true}
	if i < 0 || i >= len(m.Doc.Materials) {
		return mat
	}
	src := m.Doc.Materials[i]
	mat.doubleSided = src.DoubleSided
	switch src.AlphaMode {
	case qgltf.AlphaBlend:
		mat.blend, mat.opaque = true, false
	}
	if _, ok := src.Extensions["KHR_materials_unlit"]; ok {
		mat.unlit = true
	}
	var base *qgltf.TextureInfo
	if pbr := src.PBRMetallicRoughness; pbr != nil {
		mat.factor = pbr.BaseColorFactorOrDefault()
		base = pbr.BaseColorTexture
		k := metalShade(pbr.MetallicFactorOrDefault(), pbr.RoughnessFactorOrDefault())
		for c := 0; c < 3; c++ {
			mat.factor[c] *= k
		}
	}
	if sg, ok := src.Extensions["KHR_materials_pbrSpecularGlossiness"].(*specular.PBRSpecularGlossiness); ok {
		// The diffuse colour stands in for the base colour.
		if sg.DiffuseFactor != nil {
			mat.factor = *sg.DiffuseFactor
		}
		if sg.DiffuseTexture != nil {
			base = sg.DiffuseTexture
		}
	}
	if ti := base; ti != nil {
		mat.texCoord = ti.TexCoord
		img, err := m.textureImage(ti.Index)
		if err != nil {
			m.warnf("material %d: base colour texture not used: %v", i, err)
		} else {
			mat.texture = img
		}
		if raw, ok := ti.Extensions["KHR_texture_transform"]; ok {
			if tt, ok := raw.(*texturetransform.TextureTranform); ok {
				c, s := math.Cos(tt.Rotation), math.Sin(tt.Rotation)
				sx, sy := tt.Scale[0], tt.Scale[1]
				// T · R · S with R = [c s; −s c] (spec).
				mat.uvTransform = &[6]float64{c * sx, s * sy, tt.Offset[0], -s * sx, c * sy, tt.Offset[1]}
				if tt.TexCoord != nil {
					mat.texCoord = *tt.TexCoord
				}
			}
		}
	}
	return mat
}

// metalShade approximates metallic/roughness in a viewer without
// reflections: a rough surface (roughness 1, metal or not) scatters light
// like a diffuse one and keeps its base colour, while a smooth metal
// mirrors its surroundings instead of lighting up under the sun, which
// reads as a darker surface. The factor goes from 1 (rough or
// non-metallic) down to 0.7 (a polished metal). glTF's defaults (metallic
// 1, roughness 1) keep the base colour.
func metalShade(metallic, roughness float64) float64 {
	m := math.Max(0, math.Min(1, metallic))
	r := math.Max(0, math.Min(1, roughness))
	return 1 - 0.3*m*(1-r)
}

// textureImage decodes the image of texture ti, caching by image index.
func (m *Model) textureImage(ti int) (image.Image, error) {
	if ti < 0 || ti >= len(m.Doc.Textures) {
		return nil, fmt.Errorf("texture %d does not exist", ti)
	}
	t := m.Doc.Textures[ti]
	src := t.Source
	if raw, ok := t.Extensions["EXT_texture_webp"]; ok {
		if s := extSource(raw); s >= 0 {
			src = &s
		}
	}
	if src == nil {
		return nil, fmt.Errorf("texture %d has no image source", ti)
	}
	ii := *src
	if r, ok := m.images[ii]; ok {
		return r.img, r.err
	}
	img, err := m.decodeImage(ii)
	m.images[ii] = imageResult{img, err}
	return img, err
}

func extSource(raw any) int {
	type srcExt struct {
		Source *int `json:"source"`
	}
	var s srcExt
	if b, ok := raw.(json.RawMessage); ok {
		if err := json.Unmarshal(b, &s); err == nil && s.Source != nil {
			return *s.Source
		}
	}
	return -1
}

func (m *Model) decodeImage(ii int) (image.Image, error) {
	if ii < 0 || ii >= len(m.Doc.Images) {
		return nil, fmt.Errorf("image %d does not exist", ii)
	}
	im := m.Doc.Images[ii]
	var data []byte
	var err error
	switch {
	case im.BufferView != nil:
		data, _, err = m.bufferViewData(*im.BufferView)
	case len(im.URI) > 5 && im.URI[:5] == "data:":
		data, err = decodeDataURI(im.URI)
	case im.URI != "":
		data, err = m.readRelative(im.URI)
	default:
		err = fmt.Errorf("no uri or bufferView")
	}
	if err != nil {
		return nil, fmt.Errorf("image %d: %w", ii, err)
	}
	img, err := decodeImageData(data, maxTextureSide)
	if err != nil {
		return nil, fmt.Errorf("image %d: %w", ii, err)
	}
	return img, nil
}

// decodeImageData decodes a PNG, JPEG or WebP image after reading its
// header: an image wider or taller than maxSide pixels (or empty) is
// refused before its pixels are allocated.
func decodeImageData(data []byte, maxSide int) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxSide || cfg.Height > maxSide {
		return nil, fmt.Errorf("%d×%d pixels is larger than %d×%d", cfg.Width, cfg.Height, maxSide, maxSide)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}

// linearToSRGB encodes a linear colour component (0..1) for display.
func linearToSRGB(c float64) float64 {
	switch {
	case c <= 0:
		return 0
	case c >= 1:
		return 1
	case c <= 0.0031308:
		return 12.92 * c
	}
	return 1.055*math.Pow(c, 1/2.4) - 0.055
}

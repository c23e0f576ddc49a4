package render

import (
	"image"
	"reflect"

	"github.com/hajimehoshi/ebiten/v2"
)

// textureNumber returns the number (≥ 1) of the Ebiten image made from
// img, making it on first use, and its size in pixels. Images of a
// comparable type (pointers: *image.RGBA, *image.NRGBA, …) are shared
// between meshes.
func (r *Renderer) textureNumber(img image.Image) (int32, [2]float32) {
	comparable := reflect.TypeOf(img).Comparable()
	if comparable {
		if n, ok := r.texIDs[img]; ok {
			b := r.textures[n-1].Bounds()
			return n, [2]float32{float32(b.Dx()), float32(b.Dy())}
		}
	}
	b := img.Bounds()
	if b.Empty() {
		return 0, [2]float32{}
	}
	r.textures = append(r.textures, ebiten.NewImageFromImage(img))
	n := int32(len(r.textures))
	if comparable {
		if r.texIDs == nil {
			r.texIDs = map[image.Image]int32{}
		}
		r.texIDs[img] = n
	}
	return n, [2]float32{float32(b.Dx()), float32(b.Dy())}
}

// texture returns texture number n, or nil for 0.
func (r *Renderer) texture(n int32) *ebiten.Image {
	if n <= 0 || int(n) > len(r.textures) {
		return nil
	}
	return r.textures[n-1]
}

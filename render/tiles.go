package render

import (
	"image"

	"citytwin/render/tiles"
	"citytwin/scene"
)

// DefaultTileBudget is the memory (bytes) that streamed tiles may hold in
// the renderer: chunk vertices, indices and textures. Tiles out of view
// are evicted, least recently drawn first, to stay under it.
const DefaultTileBudget = 512 << 20

// featureBytes and propertyBytes estimate the memory of a tile's features
// (kept for picking): per feature, and per property.
const (
	featureBytes  = 128
	propertyBytes = 64
)

// tileContent is what a streamed tile holds for drawing and picking.
type tileContent struct {
	chunks   []*chunk
	inst     []*instSet      // instanced meshes (i3dm)
	images   []image.Image   // textures as loaded, numbered 1.. in the chunks' keys until finishTile
	textures []int32         // renderer texture numbers owned by the tile
	features []scene.Feature // for picking: chunk parts number into it
}

// tileStream streams one tileset layer (package tiles) into chunks.
type tileStream struct {
	*tiles.Stream[*tileContent]
	layer int
	title string       // the layer's title, for the properties panel
	src   *scene.Layer // the scene's layer, for the scenarios' hide changes
}

// buildTile returns the build function of layer's tiles: it decodes a
// tile's meshes into chunks on a loader goroutine (no Ebiten call:
// textures are numbered 1.. for now and made on the game loop by
// finishTile) and estimates their memory.
func buildTile(layer int) tiles.Build[*tileContent] {
	return func(_ int32, l *scene.Layer) (*tileContent, int64) {
		t := &tileContent{features: l.Features}
		tex := func(img image.Image) (int32, [2]float32) {
			b := img.Bounds()
			if b.Empty() {
				return 0, [2]float32{}
			}
			for i, im := range t.images {
				if im == img {
					return int32(i + 1), [2]float32{float32(b.Dx()), float32(b.Dy())}
				}
			}
			t.images = append(t.images, img)
			return int32(len(t.images)), [2]float32{float32(b.Dx()), float32(b.Dy())}
		}
		t.chunks, t.inst = buildChunks(layer, l.Meshes, tex)
		var bytes int64
		for _, c := range t.chunks {
			c.streamed = true
			bytes += chunkBytes(c)
		}
		for _, is := range t.inst {
			is.tile = true
			bytes += instSetBytes(is)
		}
		for _, img := range t.images {
			b := img.Bounds()
			bytes += int64(b.Dx()) * int64(b.Dy()) * 4
		}
		for _, f := range l.Features {
			bytes += featureBytes + int64(len(f.Properties))*propertyBytes
		}
		return t, bytes
	}
}

// finishTile makes a loaded tile drawable on the game loop: its images
// become the renderer's textures.
func (r *Renderer) finishTile(_ int32, tp **tileContent) {
	t := *tp
	nums := make([]int32, len(t.images))
	for i, img := range t.images {
		nums[i] = r.addTexture(img)
	}
	t.images = nil
	for _, c := range t.chunks {
		if c.key.tex > 0 {
			c.key.tex = nums[c.key.tex-1]
		}
	}
	for _, is := range t.inst {
		for _, c := range is.pieces {
			if c.key.tex > 0 {
				c.key.tex = nums[c.key.tex-1]
			}
		}
	}
	t.textures = nums
}

// freeTile releases the textures of a tile that is dropped.
func (r *Renderer) freeTile(_ int32, t *tileContent) {
	for _, n := range t.textures {
		if img := r.texture(n); img != nil {
			img.Deallocate()
			r.textures[n-1] = nil
			r.tiles.free = append(r.tiles.free, n)
		}
	}
}

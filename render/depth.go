package render

import (
	"cmp"
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// depthImages returns the two unmanaged depth images sized like dst.
func (r *Renderer) depthImages(dst *ebiten.Image) (*ebiten.Image, *ebiten.Image) {
	b := dst.Bounds()
	size := image.Rect(0, 0, b.Dx(), b.Dy())
	if r.d1 == nil || r.d1.Bounds() != size {
		if r.d1 != nil {
			r.d1.Deallocate()
			r.d2.Deallocate()
		}
		op := &ebiten.NewImageOptions{Unmanaged: true}
		r.d1 = ebiten.NewImageWithOptions(size, op)
		r.d2 = ebiten.NewImageWithOptions(size, op)
	}
	return r.d1, r.d2
}

// drawExact draws the visible chunks with the depth prepass (RENDERING.md):
// three passes build the 24-bit key of the nearest surface per pixel with
// Max blending, then the colour pass keeps the fragments whose key is the
// stored one. Translucent chunks are then blended over, nearer ones last,
// where they are not hidden.
func (r *Renderer) drawExact(dst *ebiten.Image, v *view, st *Stats) {
	// Fit the key's depth range to what is visible.
	near, far := math.Inf(1), 0.0
	for _, c := range r.visible {
		_, z := v.sphere(c.center, c.radius)
		near = math.Min(near, z-c.radius)
		far = math.Max(far, z+c.radius)
	}
	for _, c := range r.visible {
		if len(c.clip.idx) > 0 {
			near = v.pr.Near
			break
		}
	}
	if far <= 0 {
		return
	}
	near = math.Max(near, v.pr.Near)
	if far <= near {
		far = near + 1
	}
	r.uni["Near"] = float32(near)
	r.uni["Far"] = float32(far)

	d1, d2 := r.depthImages(dst)
	targets := [3]*ebiten.Image{d1, d2, d1}
	sources := [3]*ebiten.Image{nil, d1, d2}
	for pass := 0; pass < 3; pass++ {
		t := targets[pass]
		t.Clear()
		r.opts = ebiten.DrawTrianglesShaderOptions{Blend: blendMax, Uniforms: r.uni}
		r.opts.Images[0] = sources[pass]
		p := r.sh.pass[pass]
		r.submitBatches(t, [4]*ebiten.Shader{p, p, p, p}, opaqueOnly, st)
	}
	r.opts = ebiten.DrawTrianglesShaderOptions{Uniforms: r.uni}
	r.opts.Images[0] = d1
	r.withShadowMap()
	r.submitBatches(dst, r.sunOr(r.sh.color, sunColor), opaqueOnly, st)
	r.submitBatches(dst, r.sunOr(r.sh.blend, sunBlend), translucentOnly, st)
}

// maxQueuedVertices bounds the vertices a redraw hands to Ebiten before
// its command queue is flushed. Ebiten copies every vertex of every draw
// call into its queue until the frame ends, and keeps the capacity of each
// of its two queues, so four passes over a 100k-building city held about
// 500 MB of vertex copies (plus as much again in the GL driver). Each
// flush waits for the GPU, so the bound trades memory for frame rate:
// orbiting 100k buildings (800k vertices a frame) peaked at 690 MB and
// 9.6 fps with 512k, 510 MB and 9.1 fps with 192k, 465 MB and 5-9 fps
// with 128k. Every exact pass blends with Max or tests against a
// finished key image, and the sorted pass draws in order, so flushing
// between draw calls changes nothing in the picture. A 10k-building city
// (80k vertices a pass) is flushed only by its exact redraw, at rest.
const maxQueuedVertices = 3 << 16

// queueBound counts vertices handed to Ebiten and flushes its command
// queue when they pass maxQueuedVertices.
type queueBound struct {
	n       int
	max     int // the bound (0: maxQueuedVertices)
	flushes int // how many times it flushed (tests)
	img     *ebiten.Image
	px      [4]byte
}

// add counts n vertices; past the bound it flushes Ebiten's queue (a GPU
// round trip) by clearing its own 1×1 image and reading it back. Reading
// an image Ebiten has a CPU copy of does not flush, and the copy is only
// dropped when the image is drawn to: reading a pixel of the depth image,
// as this did before, flushed once per pass at most, and never in the
// sorted pass.
func (q *queueBound) add(n int) {
	q.n += n
	if q.n < cmp.Or(q.max, maxQueuedVertices) {
		return
	}
	q.n = 0
	if q.img == nil {
		q.img = ebiten.NewImageWithOptions(image.Rect(0, 0, 1, 1), &ebiten.NewImageOptions{Unmanaged: true})
	}
	q.img.Clear()
	q.img.ReadPixels(q.px[:])
	q.flushes++
}

// CachedDepth returns the depth image of the last exact Draw and its key's
// depth range (Near, Far in metres; see KageDepthKey), or nil when that
// Draw had nothing solid in view. The image is the renderer's: read it in
// shaders only, before the next Draw.
func (r *Renderer) CachedDepth() (*ebiten.Image, float32, float32) {
	near, ok1 := r.uni["Near"].(float32)
	far, ok2 := r.uni["Far"].(float32)
	if r.d1 == nil || len(r.visible) == 0 || !ok1 || !ok2 {
		return nil, 0, 0
	}
	return r.d1, near, far
}

package render

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// groundNormal is the normal of ground meshes, which lie flat.
var groundNormal = [3]float32{0, 0, 1}

// groundMesh is a flat layer mesh (areas, roads, markings) drawn in layer
// order without depth, before the solids. Its colours are baked once.
type groundMesh struct {
	layer int
	verts []ebiten.Vertex
	pos   []float32
	idx   []uint16
	z     []float32
	draw  []uint16
	clip  batch
}

// buildGround turns a layer's ground meshes into pieces of at most
// maxChunkVertices vertices each.
func buildGround(layer int, meshes []scene.Mesh) []*groundMesh {
	var out []*groundMesh
	var rm remapper
	for mi := range meshes {
		m := &meshes[mi]
		rm.reset(len(m.Vertices))
		rm.cur++
		var g *groundMesh
		for i := 0; i+2 < len(m.Indices); i += 3 {
			tri := m.Indices[i : i+3]
			if int(tri[0]) >= len(m.Vertices) || int(tri[1]) >= len(m.Vertices) || int(tri[2]) >= len(m.Vertices) {
				continue
			}
			if g == nil || len(g.verts)+3 > maxChunkVertices {
				g = &groundMesh{layer: layer}
				out = append(out, g)
				rm.cur++ // new piece: forget the old mapping
			}
			for _, vi := range tri {
				if rm.stamp[vi] != rm.cur {
					rm.stamp[vi] = rm.cur
					rm.to[vi] = int32(len(g.verts))
					v := &m.Vertices[vi]
					r, gg, b, a := shade(v.Color, groundNormal, m.Unlit)
					g.verts = append(g.verts, ebiten.Vertex{ColorR: r, ColorG: gg, ColorB: b, ColorA: a})
					g.pos = append(g.pos, v.Pos[0], v.Pos[1], v.Pos[2])
				}
				g.idx = append(g.idx, uint16(rm.to[vi]))
			}
		}
	}
	for _, g := range out {
		g.z = make([]float32, len(g.verts))
	}
	return out
}

// Background colours: a sky gradient from the zenith to the horizon and a
// plain ground plane under everything.
var (
	skyTop     = color.NRGBA{R: 104, G: 152, B: 212, A: 255}
	skyHorizon = color.NRGBA{R: 172, G: 204, B: 236, A: 255}
	groundTint = color.NRGBA{R: 138, G: 154, B: 128, A: 255}
)

// groundRadius is the half-size of the ground plane square around the eye
// (metres): far enough that its edge lies within a pixel of the horizon.
const groundRadius = 200_000.0

// background appends the sky (a screen quad from the top to the horizon)
// and the ground plane at height groundZ (clipped at the near plane) to b.
func background(b *batch, pr *scene.Projector, groundZ float64, scratch, scratch2 []clipVertex) ([]clipVertex, []clipVertex) {
	w, h := float32(pr.W), float32(pr.H)
	// Horizon: where the horizontal direction of view meets the screen.
	hz := float32(-1e9) // looking straight down: no sky
	fwd := pr.Forward
	if fwd[0]*fwd[0]+fwd[1]*fwd[1] > 1e-12 {
		_, y, z := pr.ToView(scene.Vec3{pr.Eye[0] + fwd[0]*1e6, pr.Eye[1] + fwd[1]*1e6, pr.Eye[2]})
		hz = float32(pr.H/2 - y*pr.Focal/z)
	} else if fwd[2] > 0 {
		hz = 1e9
	}
	// Sky: gradient from the top edge to the horizon, flat below it.
	skyEnd := min(max(hz, 0), h)
	r0, g0, b0, a0 := shade(skyTop, [3]float32{}, true)
	r1, g1, b1, a1 := shade(skyHorizon, [3]float32{}, true)
	t := float32(1)
	if hz > 0 {
		t = skyEnd / hz
	}
	rm, gm, bm := r0+(r1-r0)*t, g0+(g1-g0)*t, b0+(b1-b0)*t
	base := uint16(len(b.verts))
	b.verts = append(b.verts,
		ebiten.Vertex{DstX: 0, DstY: 0, ColorR: r0, ColorG: g0, ColorB: b0, ColorA: a0},
		ebiten.Vertex{DstX: w, DstY: 0, ColorR: r0, ColorG: g0, ColorB: b0, ColorA: a0},
		ebiten.Vertex{DstX: 0, DstY: skyEnd, ColorR: rm, ColorG: gm, ColorB: bm, ColorA: a1},
		ebiten.Vertex{DstX: w, DstY: skyEnd, ColorR: rm, ColorG: gm, ColorB: bm, ColorA: a1},
		ebiten.Vertex{DstX: 0, DstY: h, ColorR: r1, ColorG: g1, ColorB: b1, ColorA: a1},
		ebiten.Vertex{DstX: w, DstY: h, ColorR: r1, ColorG: g1, ColorB: b1, ColorA: a1},
	)
	b.idx = append(b.idx, base, base+1, base+2, base+1, base+3, base+2, base+2, base+3, base+4, base+3, base+5, base+4)
	// Ground plane: a large square around the eye, if the eye is above it.
	if pr.Eye[2] <= groundZ {
		return scratch, scratch2
	}
	gr, gg, gb, ga := shade(groundTint, [3]float32{}, true)
	ex, ey := pr.Eye[0], pr.Eye[1]
	corner := func(dx, dy float64) clipVertex {
		x, y, z := pr.ToView(scene.Vec3{ex + dx, ey + dy, groundZ})
		return clipVertex{x: x, y: y, z: z, r: gr, g: gg, b: gb, a: ga}
	}
	poly := append(scratch[:0], corner(-groundRadius, -groundRadius), corner(groundRadius, -groundRadius),
		corner(groundRadius, groundRadius), corner(-groundRadius, groundRadius))
	// Clip to the frustum (a little wider than the screen) so no vertex
	// lands far outside it, where float32 screen positions lose precision.
	sx, sy := pr.W/2+8, pr.H/2+8
	planes := [5]plane{
		{0, 0, 1, pr.Near},
		{pr.Focal, 0, sx, 0}, {-pr.Focal, 0, sx, 0},
		{0, pr.Focal, sy, 0}, {0, -pr.Focal, sy, 0},
	}
	tmp := scratch2[:0]
	for _, p := range planes {
		tmp = clipPolygon(poly, p, tmp)
		poly, tmp = tmp, poly
	}
	b.addPolygon(pr, poly)
	return poly, tmp
}

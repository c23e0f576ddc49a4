// Package mesh turns a layer's features (local-frame orb geometries) and
// their resolved Looks into triangle meshes: extruded solids (walls facing
// outward, earcut roofs with holes, floors when lifted), flat ground areas,
// line ribbons and point markers. It sits under scene and imports only scene
// (and orb, earcut). Builders append into caller-owned meshes so rebuilding
// allocates only to grow slices.
package mesh

import (
	"image/color"
	"math"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

// Heights above the feature's ground for coplanar ground layers (metres):
// areas under lines. The renderer draws ground without depth, in order, so
// these only keep picking and the exact-depth pass sensible.
const (
	AreaOffset = 0.05
	LineOffset = 0.10
)

// AppendFeature appends the triangles of f drawn with look to dst (a new
// mesh when dst is nil) and returns it: extruded polygons as solids, flat
// polygons at AreaOffset, lines as ribbons of look.LineWidth metres at
// LineOffset, points as octagonal prisms look.PointSize wide and high.
// Geometry collections append each member. It appends no Part (BuildLayer
// does) and never panics on degenerate geometry (it is skipped).
func AppendFeature(dst *scene.Mesh, f *scene.Feature, look scene.Look) *scene.Mesh {
	if dst == nil {
		dst = &scene.Mesh{}
	}
	b := builder{m: dst}
	b.geometry(f.Geometry, f.Ground, look, kindAll)
	return dst
}

type kind uint8

const (
	kindGround kind = 1 << iota
	kindSolid
	kindAll = kindGround | kindSolid
)

// builder keeps scratch buffers across features.
type builder struct {
	m    *scene.Mesh
	flat []float64
	ring orb.Ring
}

// solidKind tells which mesh a geometry goes to under look.
func solidKind(g orb.Geometry, look scene.Look) kind {
	switch g := g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		if look.Extruded {
			return kindSolid
		}
		return kindGround
	case orb.Point, orb.MultiPoint:
		return kindSolid
	case orb.LineString, orb.MultiLineString:
		return kindGround
	case orb.Collection:
		var k kind
		for _, x := range g {
			k |= solidKind(x, look)
		}
		return k
	}
	return 0
}

func (b *builder) geometry(g orb.Geometry, ground float64, look scene.Look, want kind) {
	switch g := g.(type) {
	case orb.Polygon:
		if look.Extruded && want&kindSolid != 0 {
			b.extrude(g, ground+look.MinHeight, ground+look.Height, look.Fill)
		} else if !look.Extruded && want&kindGround != 0 {
			b.area(g, ground+AreaOffset, look.Fill)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			b.geometry(p, ground, look, want)
		}
	case orb.LineString:
		if want&kindGround != 0 {
			b.ribbon(g, ground+LineOffset, look.LineWidth, look.Stroke)
		}
	case orb.MultiLineString:
		for _, l := range g {
			b.geometry(l, ground, look, want)
		}
	case orb.Point:
		if want&kindSolid != 0 {
			b.marker(g, ground, look.PointSize, look.Fill)
		}
	case orb.MultiPoint:
		for _, p := range g {
			b.geometry(p, ground, look, want)
		}
	case orb.Collection:
		for _, x := range g {
			b.geometry(x, ground, look, want)
		}
	}
}

func (b *builder) vertex(x, y, z float64, c color.NRGBA) {
	b.m.Vertices = append(b.m.Vertices, scene.Vertex{Pos: [3]float32{float32(x), float32(y), float32(z)}, Color: c})
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// ringArea returns the signed area of a ring (positive counter-clockwise).
func ringArea(r orb.Ring) float64 {
	var a float64
	n := len(r)
	for i := 0; i < n; i++ {
		p, q := r[i], r[(i+1)%n]
		a += p[0]*q[1] - q[0]*p[1]
	}
	return a / 2
}

// extrude appends walls, a roof at z1 and (when z0 > 0) a floor at z0.
func (b *builder) extrude(p orb.Polygon, z0, z1 float64, c color.NRGBA) {
	if len(p) == 0 || !(z1 > z0) || !finite(z0) || !finite(z1) {
		return
	}
	flat, tris, err := Triangulate(b.flat, p)
	b.flat = flat
	if err != nil || len(tris) == 0 {
		return
	}
	m := b.m
	// roof
	base := uint32(len(m.Vertices))
	for i := 0; i+1 < len(flat); i += 2 {
		b.vertex(flat[i], flat[i+1], z1, c)
	}
	for _, t := range tris {
		m.Indices = append(m.Indices, base+uint32(t))
	}
	if z0 > 0 {
		base = uint32(len(m.Vertices))
		for i := 0; i+1 < len(flat); i += 2 {
			b.vertex(flat[i], flat[i+1], z0, c)
		}
		for i := 0; i+2 < len(tris); i += 3 {
			m.Indices = append(m.Indices, base+uint32(tris[i]), base+uint32(tris[i+2]), base+uint32(tris[i+1]))
		}
	}
	// walls: outer ring walked counter-clockwise, holes clockwise, so the
	// right-hand side of each edge is away from the material. Neighbouring
	// walls share their corner vertices (faces are lit by their plane).
	for r, ring := range p {
		n := len(ring)
		if n > 1 && ring[0] == ring[n-1] {
			n--
		}
		if n < 3 {
			continue
		}
		ccw := ringArea(ring[:n]) > 0
		reverse := (r == 0) != ccw
		v := uint32(len(m.Vertices)) // ring[i] at z0 is v+2i, at z1 v+2i+1
		for i := 0; i < n; i++ {
			b.vertex(ring[i][0], ring[i][1], z0, c)
			b.vertex(ring[i][0], ring[i][1], z1, c)
		}
		for i := 0; i < n; i++ {
			a, bb := i, (i+1)%n
			if reverse {
				a, bb = bb, a
			}
			l := math.Hypot(ring[bb][0]-ring[a][0], ring[bb][1]-ring[a][1])
			if l == 0 || !finite(l) {
				continue
			}
			a0, b0 := v+2*uint32(a), v+2*uint32(bb)
			m.Indices = append(m.Indices, a0, b0, b0+1, a0, b0+1, a0+1)
		}
	}
}

// area appends a polygon lying at height z, facing up.
func (b *builder) area(p orb.Polygon, z float64, c color.NRGBA) {
	flat, tris, err := Triangulate(b.flat, p)
	b.flat = flat
	if err != nil || len(tris) == 0 || !finite(z) {
		return
	}
	base := uint32(len(b.m.Vertices))
	for i := 0; i+1 < len(flat); i += 2 {
		b.vertex(flat[i], flat[i+1], z, c)
	}
	for _, t := range tris {
		b.m.Indices = append(b.m.Indices, base+uint32(t))
	}
}

// ribbon appends a line of width w at height z with mitre joins, clamped
// to twice the half-width at sharp turns (a bevel-like cut-off).
func (b *builder) ribbon(l orb.LineString, z, w float64, c color.NRGBA) {
	if w <= 0 || !finite(w) || !finite(z) {
		return
	}
	pts := b.ring[:0]
	for _, p := range l {
		if len(pts) == 0 || pts[len(pts)-1] != p {
			pts = append(pts, p)
		}
	}
	b.ring = pts
	if len(pts) < 2 {
		return
	}
	hw := w / 2
	base := uint32(len(b.m.Vertices))
	segN := func(i int) (float64, float64) { // left normal of segment i
		dx, dy := pts[i+1][0]-pts[i][0], pts[i+1][1]-pts[i][1]
		d := math.Hypot(dx, dy)
		return -dy / d, dx / d
	}
	for i := range pts {
		var nx, ny, scale float64
		switch {
		case i == 0:
			nx, ny = segN(0)
			scale = hw
		case i == len(pts)-1:
			nx, ny = segN(i - 1)
			scale = hw
		default:
			ax, ay := segN(i - 1)
			bx, by := segN(i)
			nx, ny = ax+bx, ay+by
			d := math.Hypot(nx, ny)
			if d < 1e-9 { // a full turn back: use the first normal
				nx, ny, d = ax, ay, 1
			}
			nx, ny = nx/d, ny/d
			cos := nx*ax + ny*ay
			scale = hw / math.Max(cos, 0.5)
		}
		x, y := pts[i][0], pts[i][1]
		b.vertex(x+nx*scale, y+ny*scale, z, c)
		b.vertex(x-nx*scale, y-ny*scale, z, c)
	}
	for i := 0; i+1 < len(pts); i++ {
		v := base + uint32(2*i)
		// v: left i, v+1: right i, v+2: left i+1, v+3: right i+1
		b.m.Indices = append(b.m.Indices, v+1, v+3, v+2, v+1, v+2, v)
	}
}

var octagon = func() (o [8][2]float64) {
	for i := range o {
		a := (float64(i) + 0.5) * math.Pi / 4
		o[i] = [2]float64{math.Cos(a), math.Sin(a)}
	}
	return
}()

// marker appends an octagonal prism of width and height size on the ground.
func (b *builder) marker(p orb.Point, ground, size float64, c color.NRGBA) {
	if size <= 0 || !finite(size) || !finite(p[0]) || !finite(p[1]) {
		return
	}
	r := size / 2
	var ring orb.Ring = b.ring[:0]
	for _, o := range octagon {
		ring = append(ring, orb.Point{p[0] + o[0]*r, p[1] + o[1]*r})
	}
	ring = append(ring, ring[0])
	b.ring = ring
	b.extrude(orb.Polygon{ring}, ground, ground+size, c)
}

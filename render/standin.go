package render

// TEMPORARY stand-in for scene/mesh (owned by the geojson helper): extrudes
// polygons with a "height" property and fans their (convex) roofs. Removed
// when scene/mesh lands.

import (
	"image/color"
	"strconv"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

func standInBuild(l *scene.Layer, ev *scene.Evaluation, _ float64) LayerMeshes {
	var out LayerMeshes
	solid := scene.Mesh{}
	ground := scene.Mesh{}
	for i := range l.Features {
		if ev != nil && ev.Hidden(l, i) {
			continue
		}
		f := &l.Features[i]
		props := f.Properties
		if ev != nil {
			props = ev.Properties(l, i)
		}
		poly, ok := f.Geometry.(orb.Polygon)
		if !ok || len(poly) == 0 {
			continue
		}
		c := parseHex(props["fill"])
		h, _ := scene.Number(props["height"])
		mh, _ := scene.Number(props["min_height"])
		ring := poly[0]
		if len(ring) > 1 && ring[0] == ring[len(ring)-1] {
			ring = ring[:len(ring)-1]
		}
		if h <= 0 {
			base := uint32(len(ground.Vertices))
			for _, p := range ring {
				ground.Vertices = append(ground.Vertices, scene.Vertex{Pos: [3]float32{float32(p[0]), float32(p[1]), 0}, Normal: [3]float32{0, 0, 1}, Color: c})
			}
			for k := 1; k+1 < len(ring); k++ {
				ground.Indices = append(ground.Indices, base, base+uint32(k), base+uint32(k+1))
			}
			continue
		}
		first := len(solid.Indices)
		b := scene.EmptyBox()
		ccw := orb.Ring(append(ring, ring[0])).Orientation() == orb.CCW
		n := len(ring)
		at := func(k int) orb.Point {
			if ccw {
				return ring[k%n]
			}
			return ring[(n-k%n)%n]
		}
		for k := 0; k < n; k++ {
			p, q := at(k), at(k+1)
			nx, ny := float32(q[1]-p[1]), float32(-(q[0] - p[0]))
			base := uint32(len(solid.Vertices))
			for _, v := range [][3]float64{{p[0], p[1], mh}, {q[0], q[1], mh}, {q[0], q[1], h}, {p[0], p[1], h}} {
				solid.Vertices = append(solid.Vertices, scene.Vertex{Pos: [3]float32{float32(v[0]), float32(v[1]), float32(v[2])}, Normal: [3]float32{nx, ny, 0}, Color: c})
				b = b.Extend(scene.Vec3(v))
			}
			solid.Indices = append(solid.Indices, base, base+1, base+2, base, base+2, base+3)
		}
		base := uint32(len(solid.Vertices))
		for k := 0; k < n; k++ {
			p := at(k)
			solid.Vertices = append(solid.Vertices, scene.Vertex{Pos: [3]float32{float32(p[0]), float32(p[1]), float32(h)}, Normal: [3]float32{0, 0, 1}, Color: c})
		}
		for k := 1; k+1 < n; k++ {
			solid.Indices = append(solid.Indices, base, base+uint32(k), base+uint32(k+1))
		}
		if mh > 0 {
			base := uint32(len(solid.Vertices))
			for k := 0; k < n; k++ {
				p := at(k)
				solid.Vertices = append(solid.Vertices, scene.Vertex{Pos: [3]float32{float32(p[0]), float32(p[1]), float32(mh)}, Normal: [3]float32{0, 0, -1}, Color: c})
			}
			for k := 1; k+1 < n; k++ {
				solid.Indices = append(solid.Indices, base, base+uint32(k+1), base+uint32(k))
			}
		}
		solid.Parts = append(solid.Parts, scene.Part{Feature: i, First: first, Count: len(solid.Indices) - first, Bounds: b})
	}
	if len(solid.Indices) > 0 {
		out.Solids = append(out.Solids, solid)
	}
	if len(ground.Indices) > 0 {
		out.Ground = append(out.Ground, ground)
	}
	return out
}

func parseHex(v any) color.NRGBA {
	s, _ := v.(string)
	if len(s) == 7 && s[0] == '#' {
		if x, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
			return color.NRGBA{R: uint8(x >> 16), G: uint8(x >> 8), B: uint8(x), A: 255}
		}
	}
	return color.NRGBA{R: 200, G: 200, B: 200, A: 255}
}

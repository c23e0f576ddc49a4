package tiles3d

import (
	"math"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// subdivide returns the bounding volume of implicit tile k inside the
// root volume bv (a box or a region): the root split in 2^level along x
// and y (and z for an octree).
func subdivide(bv boundingVolume, k tileKey, octree bool) boundingVolume {
	n := math.Pow(2, float64(k.level))
	switch {
	case len(bv.Box) == 12:
		out := make([]float64, 12)
		copy(out, bv.Box)
		idx := [3]int{k.x, k.y, k.z}
		for a := 0; a < 3; a++ {
			if a == 2 && !octree {
				continue
			}
			// centre += axis · ((2i+1)/n − 1); half axis /= n
			f := (2*float64(idx[a])+1)/n - 1
			for c := 0; c < 3; c++ {
				out[c] += bv.Box[3+3*a+c] * f
				out[3+3*a+c] = bv.Box[3+3*a+c] / n
			}
		}
		return boundingVolume{Box: out}
	case len(bv.Region) == 6:
		r := bv.Region
		w, s := (r[2]-r[0])/n, (r[3]-r[1])/n
		out := []float64{r[0] + w*float64(k.x), r[1] + s*float64(k.y), r[0] + w*float64(k.x+1), r[1] + s*float64(k.y+1), r[4], r[5]}
		if octree {
			h := (r[5] - r[4]) / n
			out[4], out[5] = r[4]+h*float64(k.z), r[4]+h*float64(k.z+1)
		}
		return boundingVolume{Region: out}
	}
	return boundingVolume{}
}

// localPoint converts a point in the tileset's world coordinates (ECEF,
// or the projected CRS) to the local frame.
func (ld *loader) localPoint(p [3]float64) scene.Vec3 {
	if ld.proj != nil {
		g := ld.proj.toGeo(p)
		return ld.frame.FromGeo(g.Lon, g.Lat, g.Alt)
	}
	return ld.frame.FromECEF(scene.Vec3(p))
}

// localBox returns the local-frame box holding bounding volume bv under
// world transform w; ok is false when bv is missing or malformed.
func (ld *loader) localBox(bv boundingVolume, w affine.Mat4) (scene.Box, bool) {
	b := scene.EmptyBox()
	switch {
	case len(bv.Box) == 12:
		v := bv.Box
		for c := 0; c < 8; c++ {
			p := [3]float64{v[0], v[1], v[2]}
			for a := 0; a < 3; a++ {
				s := -1.0
				if c&(1<<a) != 0 {
					s = 1
				}
				for k := 0; k < 3; k++ {
					p[k] += s * v[3+3*a+k]
				}
			}
			b = b.Extend(ld.localPoint(w.Apply(p)))
		}
	case len(bv.Region) == 6:
		r := bv.Region
		// Corners, edge midpoints and centre at both heights: a region
		// bulges between its corners.
		for i := 0; i <= 2; i++ {
			for j := 0; j <= 2; j++ {
				lon := (r[0] + (r[2]-r[0])*float64(i)/2) * 180 / math.Pi
				lat := (r[1] + (r[3]-r[1])*float64(j)/2) * 180 / math.Pi
				b = b.Extend(ld.frame.FromGeo(lon, lat, r[4]))
				b = b.Extend(ld.frame.FromGeo(lon, lat, r[5]))
			}
		}
	case len(bv.Sphere) == 4:
		s := bv.Sphere
		c := w.Apply([3]float64{s[0], s[1], s[2]})
		scale := 0.0
		for col := 0; col < 3; col++ {
			scale = math.Max(scale, norm([3]float64{w[4*col], w[4*col+1], w[4*col+2]}))
		}
		r := s[3] * scale
		for k := 0; k < 8; k++ {
			p := c
			for a := 0; a < 3; a++ {
				if k&(1<<a) != 0 {
					p[a] += r
				} else {
					p[a] -= r
				}
			}
			b = b.Extend(ld.localPoint(p))
		}
	default:
		return b, false
	}
	for k := 0; k < 3; k++ {
		if math.IsNaN(b.Min[k]) || math.IsNaN(b.Max[k]) || math.IsInf(b.Min[k], 0) || math.IsInf(b.Max[k], 0) {
			return scene.EmptyBox(), false
		}
	}
	return b, !b.Empty()
}

// unbounded stands for a tile whose bounding volume is unusable: always in
// view, always refined.
var unbounded = scene.Box{Min: scene.Vec3{-1e9, -1e9, -1e9}, Max: scene.Vec3{1e9, 1e9, 1e9}}

// bounds computes every node's local box (once the frame is known). A node
// without a usable volume takes the union of its children's, else
// unbounded.
func (b *treeBuilder) bounds() {
	ok := make([]bool, len(b.nodes))
	for i := range b.nodes {
		b.nodes[i].Bounds, ok[i] = b.ld.localBox(b.raw[i].bv, b.raw[i].world)
	}
	// Children come after their parents: fill gaps bottom-up.
	for i := len(b.nodes) - 1; i >= 0; i-- {
		if ok[i] {
			continue
		}
		u := scene.EmptyBox()
		for _, c := range b.nodes[i].Children {
			u = u.Union(b.nodes[c].Bounds)
		}
		if u.Empty() {
			u = unbounded
		}
		b.nodes[i].Bounds = u
	}
}

// lowest returns the lowest local height of the tiles with content or with
// children still to read (0 when none has a usable bounding volume).
func (b *treeBuilder) lowest() float64 {
	z := math.Inf(1)
	for i := range b.nodes {
		n := &b.nodes[i]
		if (n.HasContent || n.Unexpanded) && n.Bounds != unbounded {
			z = math.Min(z, n.Bounds.Min[2])
		}
	}
	if math.IsInf(z, 1) {
		return 0
	}
	return z
}

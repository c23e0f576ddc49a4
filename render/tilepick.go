package render

import (
	"citytwin/render/pick"
	"citytwin/scene"
)

// TileHit is a feature of a streamed tile met by a ray.
type TileHit struct {
	Layer   int          // renderer layer of the tileset
	Node    int32        // the tile: index into the tileset's TileTree.Nodes
	Tile    *scene.Layer // the tile's features (no meshes), for the properties panel
	Feature int          // index into Tile.Features
	Dist    float64      // distance from the ray origin, metres
	Point   scene.Vec3   // where the ray met the surface, local frame
}

// PickTiles returns the nearest feature of the streamed tiles drawn last
// that the ray (origin, unit dir) meets, testing the chunks' own
// triangles (no extra index is kept).
func (r *Renderer) PickTiles(origin, dir scene.Vec3) (TileHit, bool) {
	var best TileHit
	found := false
	for _, s := range r.tiles.streams {
		if s == nil {
			continue
		}
		for _, n := range s.Drawn() {
			t, ok := s.Content(n)
			if !ok {
				continue
			}
			take := func(f int, d float64, ok bool) {
				if ok && (!found || d < best.Dist) && f >= 0 && f < len(t.features) {
					best = TileHit{Layer: s.layer, Node: n, Tile: &scene.Layer{ID: s.title, Title: s.title, Kind: scene.Kind3DTiles, Features: t.features},
						Feature: f, Dist: d}
					found = true
				}
			}
			for _, c := range t.chunks {
				take(c.pick(origin, dir))
			}
			for _, is := range t.inst {
				take(is.pick(origin, dir))
			}
		}
	}
	if found {
		best.Point = scene.Vec3{origin[0] + dir[0]*best.Dist, origin[1] + dir[1]*best.Dist, origin[2] + dir[2]*best.Dist}
	}
	return best, found
}

// pick returns the feature of the chunk's nearest triangle on the ray.
func (c *chunk) pick(o, d scene.Vec3) (feature int, dist float64, ok bool) {
	if _, _, hit := pick.RayBox(o, d, c.bounds); !hit {
		return -1, 0, false
	}
	at := func(i uint16) [3]float32 { return [3]float32{c.pos[3*int(i)], c.pos[3*int(i)+1], c.pos[3*int(i)+2]} }
	for pi := range c.parts {
		p := &c.parts[pi]
		if p.hidden {
			continue
		}
		if t0, _, hit := pick.RayBox(o, d, p.bounds); !hit || (ok && t0 > dist) {
			continue
		}
		for i := p.i0; i+3 <= p.i1; i += 3 {
			t, hit := pick.RayTriangle(o, d, at(c.idx[i]), at(c.idx[i+1]), at(c.idx[i+2]))
			if hit && (!ok || t < dist) {
				feature, dist, ok = int(p.feature), t, true
			}
		}
	}
	return feature, dist, ok
}

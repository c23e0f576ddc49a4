package tiles3d

import (
	"citytwin/scene/affine"
	"fmt"
	"math"
)

// implicitRoot is a tile with implicit tiling, as the tree builder needs
// it to add its tiles.
type implicitRoot struct {
	t      *tile
	it     *implicitTiling
	world  affine.Mat4
	dir    string
	refine string
	depth  int // of the implicit root tile
	octree bool
}

// implicit adds the available tiles of the implicit tree of tile t (node
// root), reading its root subtree; the child subtrees are read too, or
// left to the expansion of their parent tiles when lazy.
func (b *treeBuilder) implicit(root int32, t *tile, it *implicitTiling, world affine.Mat4, dir, refine string, depth int) error {
	octree, _, err := implicitScheme(it)
	if err != nil {
		return err
	}
	ir := &implicitRoot{t: t, it: it, world: world, dir: dir, refine: refine, depth: depth, octree: octree}
	return b.subtrees(ir, tileKey{}, root, []tileKey{{}})
}

// subtrees adds the tiles of the subtrees rooted at roots, descendants of
// (or equal to) tile at whose node is node: one node per tile with content
// and per ancestor of one, or of a child subtree left unread. Missing or
// broken subtree files are warnings.
func (b *treeBuilder) subtrees(ir *implicitRoot, at tileKey, node int32, roots []tileKey) error {
	index := map[tileKey]int32{at: node}
	var ensure func(k tileKey) int32
	ensure = func(k tileKey) int32 {
		if i, ok := index[k]; ok {
			return i
		}
		if k.level <= at.level {
			return node // not below at: malformed, keep it there
		}
		parent := ensure(tileKey{k.level - 1, k.x >> 1, k.y >> 1, k.z >> 1})
		scale := math.Pow(2, float64(k.level))
		i := b.node(subdivide(ir.t.BoundingVolume, k, ir.octree), ir.world, ir.t.GeometricError/scale, ir.refine, ir.depth+k.level)
		b.link(parent, i)
		index[k] = i
		return i
	}
	content := func(k tileKey) {
		i := ensure(k)
		if i == topNode {
			return
		}
		for _, c := range ir.t.contents() {
			if p, ok := b.contentPath(ir.dir, expand(c.path(), k)); ok {
				b.addContent(i, job{path: p, world: ir.world, depth: ir.depth + k.level})
			}
		}
	}
	queue := roots
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		st, err := readSubtree(b.ld.boundFS(), ir.dir, ir.it, r)
		if err != nil {
			b.warnf("%v", err)
			continue
		}
		err = st.walk(r, ir.it, &b.listed, content, func(c tileKey) {
			if !b.lazy {
				queue = append(queue, c)
				return
			}
			pk := tileKey{c.level - 1, c.x >> 1, c.y >> 1, c.z >> 1}
			pi := ensure(pk)
			if pi == topNode {
				return
			}
			p := b.pending(pi)
			p.implicit, p.key = ir, pk
			p.subtrees = append(p.subtrees, c)
		})
		if err != nil {
			return err
		}
		if len(queue) > maxImplicitTiles {
			return fmt.Errorf("implicit tiling lists more than %d subtrees", maxImplicitTiles)
		}
	}
	return nil
}

package tiler

import (
	"math"
	"slices"

	"citytwin/scene"
)

// item is one feature to tile.
type item struct {
	layer, feature int
	model          int     // index into the models, -1 for a GeoJSON feature
	x, y           float64 // centre of its bounds (local frame, metres)
	size           float64 // its largest extent (metres)
}

// node is one tile of the quadtree.
type node struct {
	level, x, y int
	items       []item // the features its content holds
	children    []*node
	geomError   float64 // metres: the largest feature left to the children
	bounds      scene.Box
}

// build splits items (all inside the square at min of side metres) into a
// quadtree: each node holds the perTile largest items not held above it.
func build(items []item, level, x, y int, min [2]float64, side float64, perTile int) *node {
	n := &node{level: level, x: x, y: y}
	if len(items) <= perTile || level >= maxLevel {
		n.items = items
		return n
	}
	slices.SortFunc(items, func(a, b item) int {
		switch {
		case a.size > b.size:
			return -1
		case a.size < b.size:
			return 1
		}
		return a.feature - b.feature
	})
	n.items, items = items[:perTile:perTile], items[perTile:]
	for _, it := range items {
		n.geomError = math.Max(n.geomError, it.size)
	}
	half := side / 2
	var quads [4][]item
	for _, it := range items {
		q := 0
		if it.x >= min[0]+half {
			q |= 1
		}
		if it.y >= min[1]+half {
			q |= 2
		}
		quads[q] = append(quads[q], it)
	}
	for q, qi := range quads {
		if len(qi) == 0 {
			continue
		}
		cx, cy := q&1, q>>1
		cmin := [2]float64{min[0] + float64(cx)*half, min[1] + float64(cy)*half}
		n.children = append(n.children, build(qi, level+1, 2*x+cx, 2*y+cy, cmin, half, perTile))
	}
	return n
}

// maxLevel bounds the depth of the tree (features piled on one point).
const maxLevel = 20

// walk calls f on n and its descendants, parents first.
func (n *node) walk(f func(*node)) {
	f(n)
	for _, c := range n.children {
		c.walk(f)
	}
}

// fixBounds sets each node's bounds to hold its content's and its
// children's, and makes each geometric error at least its children's.
func (n *node) fixBounds() {
	for _, c := range n.children {
		c.fixBounds()
		n.bounds = n.bounds.Union(c.bounds)
		n.geomError = math.Max(n.geomError, c.geomError)
	}
}

package mesh

import (
	"math"
	"sort"
)

func (e *earcutter) eliminateHoles(flat []float64, holes []int, outer int32) int32 {
	nv := len(flat) / 2
	queue := make([]int32, 0, len(holes))
	for k, start := range holes {
		end := nv
		if k+1 < len(holes) {
			end = holes[k+1]
		}
		if start >= end {
			continue
		}
		list := e.linkedList(flat, start, end, false)
		if list == nilNode {
			continue
		}
		if list == e.n[list].next {
			e.n[list].steiner = true
		}
		queue = append(queue, e.leftmost(list))
	}
	sort.Slice(queue, func(i, j int) bool {
		a, b := &e.n[queue[i]], &e.n[queue[j]]
		if a.x != b.x {
			return a.x < b.x
		}
		if a.y != b.y {
			return a.y < b.y
		}
		an, bn := &e.n[a.next], &e.n[b.next]
		return (an.y-a.y)/(an.x-a.x) < (bn.y-b.y)/(bn.x-b.x)
	})
	for _, h := range queue {
		outer = e.eliminateHole(h, outer)
	}
	return outer
}

func (e *earcutter) eliminateHole(hole, outer int32) int32 {
	bridge := e.findHoleBridge(hole, outer)
	if bridge == nilNode {
		return outer
	}
	rev := e.splitPolygon(bridge, hole)
	e.filterPoints(rev, e.n[rev].next)
	return e.filterPoints(bridge, e.n[bridge].next)
}

// findHoleBridge finds the outer vertex to join to the hole's leftmost
// vertex (David Eberly, "Triangulation by Ear Clipping").
func (e *earcutter) findHoleBridge(hole, outer int32) int32 {
	n := e.n
	hx, hy := n[hole].x, n[hole].y
	qx := math.Inf(-1)
	m := int32(nilNode)
	if e.equals(hole, outer) {
		return outer
	}
	p := outer
	for {
		nx := n[p].next
		if e.equals(hole, nx) {
			return nx
		}
		if hy <= n[p].y && hy >= n[nx].y && n[nx].y != n[p].y {
			x := n[p].x + (hy-n[p].y)*(n[nx].x-n[p].x)/(n[nx].y-n[p].y)
			if x <= hx && x > qx {
				qx = x
				if n[p].x < n[nx].x {
					m = p
				} else {
					m = nx
				}
				if x == hx {
					return m // the hole touches the segment
				}
			}
		}
		p = nx
		if p == outer {
			break
		}
	}
	if m == nilNode {
		return nilNode
	}
	stop := m
	mx, my := n[m].x, n[m].y
	tanMin := math.Inf(1)
	p = m
	for {
		px, py := n[p].x, n[p].y
		if hx >= px && px >= mx && hx != px {
			var in bool
			if hy < my {
				in = pointInTriangle(hx, hy, mx, my, qx, hy, px, py)
			} else {
				in = pointInTriangle(qx, hy, mx, my, hx, hy, px, py)
			}
			if in {
				tan := math.Abs(hy-py) / (hx - px)
				if e.locallyInside(p, hole) && (tan < tanMin || (tan == tanMin && (px > n[m].x || (px == n[m].x && e.sectorContainsSector(m, p))))) {
					m, tanMin = p, tan
				}
			}
		}
		p = n[p].next
		if p == stop {
			break
		}
	}
	return m
}

func (e *earcutter) sectorContainsSector(m, p int32) bool {
	return e.area(e.n[m].prev, m, e.n[p].prev) < 0 && e.area(e.n[p].next, m, e.n[m].next) < 0
}

func (e *earcutter) leftmost(start int32) int32 {
	p, l := start, start
	for {
		if e.n[p].x < e.n[l].x || (e.n[p].x == e.n[l].x && e.n[p].y < e.n[l].y) {
			l = p
		}
		p = e.n[p].next
		if p == start {
			return l
		}
	}
}

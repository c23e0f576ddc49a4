package mesh

import (
	"math"
	"sort"
)

// This file is an ear-clipping triangulator after Mapbox's earcut algorithm
// (Vladimir Agafonkin, ISC licence), written for citytwin: rings are doubly
// linked lists of vertices; holes are joined to the outer ring by bridges
// (David Eberly's method), and each candidate ear is checked only against
// the vertices whose z-order (Morton) code lies within the ear's bounding
// box, which makes large rings cost about n log n instead of n². When no ear
// is left, collinear points are dropped, small self-intersections cured
// locally, and as a last resort the polygon is split in two along a valid
// diagonal.
//
// Nodes live in one slice and link by index (nil = -1), so a triangulation
// makes a handful of allocations however large the polygon.

const nilNode = -1

type ecNode struct {
	i            int     // vertex index in the flat array
	x, y         float64 // position
	prev, next   int32   // ring neighbours
	prevZ, nextZ int32   // neighbours in z-order
	z            int32   // z-order code
	steiner      bool    // a point hole
}

type earcutter struct {
	n               []ecNode
	tris            []int
	minX, minY, inv float64
	hashed          bool
	splitBudget     int
}

// hashThreshold is the number of vertices above which ears are found with
// the z-order index (below it a plain scan is faster).
const hashThreshold = 80

// earcut triangulates flat (x,y pairs) whose rings start at 0 and at each
// of holes (vertex indices). It appends triangle vertex indices to tris.
func earcut(flat []float64, holes []int, tris []int) []int {
	nv := len(flat) / 2
	outerLen := nv
	if len(holes) > 0 {
		outerLen = holes[0]
	}
	e := &earcutter{n: make([]ecNode, 0, nv+2*len(holes)+8), tris: tris, splitBudget: 4 * nv}
	outer := e.linkedList(flat, 0, outerLen, true)
	if outer == nilNode || e.n[outer].next == e.n[outer].prev {
		return e.tris
	}
	if len(holes) > 0 {
		outer = e.eliminateHoles(flat, holes, outer)
	}
	if nv > hashThreshold {
		minX, minY := math.Inf(1), math.Inf(1)
		maxX, maxY := math.Inf(-1), math.Inf(-1)
		for i := 0; i < outerLen; i++ {
			x, y := flat[2*i], flat[2*i+1]
			minX, maxX = math.Min(minX, x), math.Max(maxX, x)
			minY, maxY = math.Min(minY, y), math.Max(maxY, y)
		}
		size := math.Max(maxX-minX, maxY-minY)
		if size > 0 && !math.IsInf(size, 0) && !math.IsNaN(size) {
			e.minX, e.minY, e.inv, e.hashed = minX, minY, 32767/size, true
		}
	}
	e.earcutLinked(outer, 0)
	return e.tris
}

func (e *earcutter) newNode(i int, x, y float64) int32 {
	e.n = append(e.n, ecNode{i: i, x: x, y: y, prev: nilNode, next: nilNode, prevZ: nilNode, nextZ: nilNode})
	return int32(len(e.n) - 1)
}

// insert adds vertex i after last and returns it.
func (e *earcutter) insert(i int, x, y float64, last int32) int32 {
	p := e.newNode(i, x, y)
	n := e.n
	if last == nilNode {
		n[p].prev, n[p].next = p, p
	} else {
		n[p].next = n[last].next
		n[p].prev = last
		n[n[last].next].prev = p
		n[last].next = p
	}
	return p
}

func (e *earcutter) remove(p int32) {
	n := e.n
	n[n[p].next].prev = n[p].prev
	n[n[p].prev].next = n[p].next
	if n[p].prevZ != nilNode {
		n[n[p].prevZ].nextZ = n[p].nextZ
	}
	if n[p].nextZ != nilNode {
		n[n[p].nextZ].prevZ = n[p].prevZ
	}
}

// linkedList links vertices [start, end) into a ring wound clockwise (in
// earcut's sense) when clockwise is true, else the other way.
func (e *earcutter) linkedList(flat []float64, start, end int, clockwise bool) int32 {
	var sum float64
	for i, j := start, end-1; i < end; j, i = i, i+1 {
		sum += (flat[2*j] - flat[2*i]) * (flat[2*i+1] + flat[2*j+1])
	}
	last := int32(nilNode)
	if clockwise == (sum > 0) {
		for i := start; i < end; i++ {
			last = e.insert(i, flat[2*i], flat[2*i+1], last)
		}
	} else {
		for i := end - 1; i >= start; i-- {
			last = e.insert(i, flat[2*i], flat[2*i+1], last)
		}
	}
	if last != nilNode && e.equals(last, e.n[last].next) {
		next := e.n[last].next
		e.remove(last)
		last = next
	}
	return last
}

func (e *earcutter) equals(a, b int32) bool {
	return e.n[a].x == e.n[b].x && e.n[a].y == e.n[b].y
}

// area is twice the signed area of triangle pqr (negative when
// counter-clockwise in earcut's orientation).
func (e *earcutter) area(p, q, r int32) float64 {
	n := e.n
	return (n[q].y-n[p].y)*(n[r].x-n[q].x) - (n[q].x-n[p].x)*(n[r].y-n[q].y)
}

// filterPoints removes duplicate and collinear points between start and end.
func (e *earcutter) filterPoints(start, end int32) int32 {
	if start == nilNode {
		return start
	}
	if end == nilNode {
		end = start
	}
	p := start
	for {
		again := false
		if !e.n[p].steiner && (e.equals(p, e.n[p].next) || e.area(e.n[p].prev, p, e.n[p].next) == 0) {
			prev := e.n[p].prev
			e.remove(p)
			p, end = prev, prev
			if p == e.n[p].next {
				break
			}
			again = true
		} else {
			p = e.n[p].next
		}
		if !again && p == end {
			break
		}
	}
	return end
}

// earcutLinked clips ears off the ring at ear; pass counts the fallbacks
// already tried.
func (e *earcutter) earcutLinked(ear int32, pass int) {
	if ear == nilNode {
		return
	}
	if pass == 0 && e.hashed {
		e.indexCurve(ear)
	}
	stop := ear
	for e.n[ear].prev != e.n[ear].next {
		prev, next := e.n[ear].prev, e.n[ear].next
		var ok bool
		if e.hashed {
			ok = e.isEarHashed(ear)
		} else {
			ok = e.isEar(ear)
		}
		if ok {
			e.tris = append(e.tris, e.n[prev].i, e.n[ear].i, e.n[next].i)
			e.remove(ear)
			// skipping the next vertex leaves fewer slivers
			ear = e.n[next].next
			stop = ear
			continue
		}
		ear = next
		if ear == stop {
			switch pass {
			case 0:
				e.earcutLinked(e.filterPoints(ear, nilNode), 1)
			case 1:
				ear = e.cureLocalIntersections(e.filterPoints(ear, nilNode))
				e.earcutLinked(ear, 2)
			case 2:
				e.splitEarcut(ear)
			}
			return
		}
	}
}

func (e *earcutter) triangleBox(a, b, c int32) (x0, y0, x1, y1 float64) {
	n := e.n
	x0 = math.Min(n[a].x, math.Min(n[b].x, n[c].x))
	y0 = math.Min(n[a].y, math.Min(n[b].y, n[c].y))
	x1 = math.Max(n[a].x, math.Max(n[b].x, n[c].x))
	y1 = math.Max(n[a].y, math.Max(n[b].y, n[c].y))
	return
}

// blocks reports whether vertex p, other than the ear's corners a and c,
// lies in triangle abc and is not reflex... i.e. prevents abc being an ear.
func (e *earcutter) blocks(p, a, b, c int32, x0, y0, x1, y1 float64) bool {
	n := e.n
	px, py := n[p].x, n[p].y
	if px < x0 || px > x1 || py < y0 || py > y1 {
		return false
	}
	if n[a].x == px && n[a].y == py {
		return false
	}
	return pointInTriangle(n[a].x, n[a].y, n[b].x, n[b].y, n[c].x, n[c].y, px, py) &&
		e.area(n[p].prev, p, n[p].next) >= 0
}

func (e *earcutter) isEar(ear int32) bool {
	a, b, c := e.n[ear].prev, ear, e.n[ear].next
	if e.area(a, b, c) >= 0 {
		return false // reflex
	}
	x0, y0, x1, y1 := e.triangleBox(a, b, c)
	for p := e.n[c].next; p != a; p = e.n[p].next {
		if e.blocks(p, a, b, c, x0, y0, x1, y1) {
			return false
		}
	}
	return true
}

func (e *earcutter) isEarHashed(ear int32) bool {
	a, b, c := e.n[ear].prev, ear, e.n[ear].next
	if e.area(a, b, c) >= 0 {
		return false
	}
	x0, y0, x1, y1 := e.triangleBox(a, b, c)
	minZ, maxZ := e.zOrder(x0, y0), e.zOrder(x1, y1)
	n := e.n
	p, q := n[ear].prevZ, n[ear].nextZ
	for p != nilNode && n[p].z >= minZ && q != nilNode && n[q].z <= maxZ {
		if p != a && p != c && e.blocks(p, a, b, c, x0, y0, x1, y1) {
			return false
		}
		p = n[p].prevZ
		if q != a && q != c && e.blocks(q, a, b, c, x0, y0, x1, y1) {
			return false
		}
		q = n[q].nextZ
	}
	for p != nilNode && n[p].z >= minZ {
		if p != a && p != c && e.blocks(p, a, b, c, x0, y0, x1, y1) {
			return false
		}
		p = n[p].prevZ
	}
	for q != nilNode && n[q].z <= maxZ {
		if q != a && q != c && e.blocks(q, a, b, c, x0, y0, x1, y1) {
			return false
		}
		q = n[q].nextZ
	}
	return true
}

// cureLocalIntersections clips the triangle of each short self-crossing
// (a-p-p.next-b where ap crosses p.next-b).
func (e *earcutter) cureLocalIntersections(start int32) int32 {
	p := start
	for {
		a, b := e.n[p].prev, e.n[e.n[p].next].next
		if !e.equals(a, b) && e.intersects(a, p, e.n[p].next, b) && e.locallyInside(a, b) && e.locallyInside(b, a) {
			e.tris = append(e.tris, e.n[a].i, e.n[p].i, e.n[b].i)
			e.remove(p)
			e.remove(e.n[p].next)
			p, start = b, b
		}
		p = e.n[p].next
		if p == start {
			break
		}
	}
	return e.filterPoints(p, nilNode)
}

// splitEarcut splits the ring along a valid diagonal and triangulates both
// halves. splitBudget bounds the total work on pathological input.
func (e *earcutter) splitEarcut(start int32) {
	a := start
	for {
		for b := e.n[e.n[a].next].next; b != e.n[a].prev; b = e.n[b].next {
			if e.splitBudget <= 0 {
				return
			}
			e.splitBudget--
			if e.n[a].i != e.n[b].i && e.isValidDiagonal(a, b) {
				c := e.splitPolygon(a, b)
				a = e.filterPoints(a, e.n[a].next)
				c = e.filterPoints(c, e.n[c].next)
				e.earcutLinked(a, 0)
				e.earcutLinked(c, 0)
				return
			}
		}
		a = e.n[a].next
		if a == start {
			return
		}
	}
}

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

// zOrder is the Morton code of (x, y) in the polygon's 15-bit grid.
func (e *earcutter) zOrder(x, y float64) int32 {
	xi := uint32(int32((x - e.minX) * e.inv))
	yi := uint32(int32((y - e.minY) * e.inv))
	return int32(spread(xi) | spread(yi)<<1)
}

func spread(v uint32) uint32 {
	v &= 0xffff
	v = (v | v<<8) & 0x00FF00FF
	v = (v | v<<4) & 0x0F0F0F0F
	v = (v | v<<2) & 0x33333333
	v = (v | v<<1) & 0x55555555
	return v
}

// indexCurve links the ring in z-order (prevZ/nextZ) with codes computed.
func (e *earcutter) indexCurve(start int32) {
	n := e.n
	p := start
	for {
		if n[p].z == 0 {
			n[p].z = e.zOrder(n[p].x, n[p].y)
		}
		n[p].prevZ = n[p].prev
		n[p].nextZ = n[p].next
		p = n[p].next
		if p == start {
			break
		}
	}
	n[n[p].prevZ].nextZ = nilNode
	n[p].prevZ = nilNode
	e.sortLinked(p)
}

// sortLinked sorts a z-linked list by z (Simon Tatham's merge sort for
// linked lists).
func (e *earcutter) sortLinked(list int32) int32 {
	n := e.n
	inSize := 1
	for {
		p := list
		list = nilNode
		tail := int32(nilNode)
		merges := 0
		for p != nilNode {
			merges++
			q := p
			pSize := 0
			for i := 0; i < inSize; i++ {
				pSize++
				q = n[q].nextZ
				if q == nilNode {
					break
				}
			}
			qSize := inSize
			for pSize > 0 || (qSize > 0 && q != nilNode) {
				var el int32
				if pSize != 0 && (qSize == 0 || q == nilNode || n[p].z <= n[q].z) {
					el, p = p, n[p].nextZ
					pSize--
				} else {
					el, q = q, n[q].nextZ
					qSize--
				}
				if tail != nilNode {
					n[tail].nextZ = el
				} else {
					list = el
				}
				n[el].prevZ = tail
				tail = el
			}
			p = q
		}
		n[tail].nextZ = nilNode
		inSize *= 2
		if merges <= 1 {
			return list
		}
	}
}

func pointInTriangle(ax, ay, bx, by, cx, cy, px, py float64) bool {
	return (cx-px)*(ay-py) >= (ax-px)*(cy-py) &&
		(ax-px)*(by-py) >= (bx-px)*(ay-py) &&
		(bx-px)*(cy-py) >= (cx-px)*(by-py)
}

func (e *earcutter) isValidDiagonal(a, b int32) bool {
	n := e.n
	if n[n[a].next].i == n[b].i || n[n[a].prev].i == n[b].i || e.intersectsPolygon(a, b) {
		return false
	}
	if e.locallyInside(a, b) && e.locallyInside(b, a) && e.middleInside(a, b) &&
		(e.area(n[a].prev, a, n[b].prev) != 0 || e.area(a, n[b].prev, b) != 0) {
		return true
	}
	return e.equals(a, b) && e.area(n[a].prev, a, n[a].next) > 0 && e.area(n[b].prev, b, n[b].next) > 0
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func (e *earcutter) onSegment(p, q, r int32) bool {
	n := e.n
	return n[q].x <= math.Max(n[p].x, n[r].x) && n[q].x >= math.Min(n[p].x, n[r].x) &&
		n[q].y <= math.Max(n[p].y, n[r].y) && n[q].y >= math.Min(n[p].y, n[r].y)
}

// intersects reports whether segments p1q1 and p2q2 meet.
func (e *earcutter) intersects(p1, q1, p2, q2 int32) bool {
	o1 := sign(e.area(p1, q1, p2))
	o2 := sign(e.area(p1, q1, q2))
	o3 := sign(e.area(p2, q2, p1))
	o4 := sign(e.area(p2, q2, q1))
	if o1 != o2 && o3 != o4 {
		return true
	}
	return (o1 == 0 && e.onSegment(p1, p2, q1)) || (o2 == 0 && e.onSegment(p1, q2, q1)) ||
		(o3 == 0 && e.onSegment(p2, p1, q2)) || (o4 == 0 && e.onSegment(p2, q1, q2))
}

func (e *earcutter) intersectsPolygon(a, b int32) bool {
	n := e.n
	ai, bi := n[a].i, n[b].i
	p := a
	for {
		nx := n[p].next
		if n[p].i != ai && n[nx].i != ai && n[p].i != bi && n[nx].i != bi && e.intersects(p, nx, a, b) {
			return true
		}
		p = nx
		if p == a {
			return false
		}
	}
}

// locallyInside reports whether diagonal ab starts inside the polygon at a.
func (e *earcutter) locallyInside(a, b int32) bool {
	n := e.n
	if e.area(n[a].prev, a, n[a].next) < 0 {
		return e.area(a, b, n[a].next) >= 0 && e.area(a, n[a].prev, b) >= 0
	}
	return e.area(a, b, n[a].prev) < 0 || e.area(a, n[a].next, b) < 0
}

// middleInside reports whether the midpoint of ab is inside the polygon.
func (e *earcutter) middleInside(a, b int32) bool {
	n := e.n
	px, py := (n[a].x+n[b].x)/2, (n[a].y+n[b].y)/2
	inside := false
	p := a
	for {
		nx := n[p].next
		if (n[p].y > py) != (n[nx].y > py) && n[nx].y != n[p].y &&
			px < (n[nx].x-n[p].x)*(py-n[p].y)/(n[nx].y-n[p].y)+n[p].x {
			inside = !inside
		}
		p = nx
		if p == a {
			return inside
		}
	}
}

// splitPolygon joins a and b by two copies of the diagonal, making two
// rings (or, for a hole, one ring with a bridge), and returns b's copy.
func (e *earcutter) splitPolygon(a, b int32) int32 {
	a2 := e.newNode(e.n[a].i, e.n[a].x, e.n[a].y)
	b2 := e.newNode(e.n[b].i, e.n[b].x, e.n[b].y)
	n := e.n // newNode may have grown the slice
	an, bp := n[a].next, n[b].prev
	n[a].next, n[b].prev = b, a
	n[a2].next, n[an].prev = an, a2
	n[b2].next, n[a2].prev = a2, b2
	n[bp].next, n[b2].prev = b2, bp
	return b2
}

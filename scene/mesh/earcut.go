package mesh

import (
	"math"
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

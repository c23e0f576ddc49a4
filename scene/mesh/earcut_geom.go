package mesh

import "math"

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

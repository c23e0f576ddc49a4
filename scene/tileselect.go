package scene

import (
	"math"
	"slices"
)

// DefaultMaxScreenError is the screen-space error (pixels) above which a
// tile is refined, as in CesiumJS.
const DefaultMaxScreenError = 16.0

// TileSelection is what SelectTiles chose for one view. Keep one value and
// pass it to every call: its slices are reused.
type TileSelection struct {
	// Draw lists the loaded tiles to draw, parents before children.
	Draw []int32
	// Want lists the tiles whose content the view needs and that are not
	// ready, most urgent first (coarse levels first, then nearest).
	Want []int32
	// Expand lists the unexpanded tiles (TileNode.Unexpanded) that the
	// view would refine, most urgent first: their children must be read
	// (TileTree.Expand) before the selection can go deeper, and meanwhile
	// they are drawn as tiles whose children are not ready.
	Expand []int32
	// Kept lists every ready tile the selection looked at, drawn or not
	// (ancestors that stand in for missing children, children waiting for
	// their siblings): a cache should keep them.
	Kept []int32
	// Visited counts the tiles inside the view that were looked at.
	Visited int
	// Complete is true when every tile the view needs is ready: Draw is
	// then the final picture for this view, whatever was loaded before.
	Complete bool

	wants, expands []wantedTile
}

type wantedTile struct {
	node  int32
	depth int32
	dist  float64
}

// ScreenError returns the screen-space error in pixels of drawing a tile
// with geometric error e (metres) at distance d (metres) with projector pr:
// e · height / (2 · d · tan(fov/2)). It is +Inf at distance 0.
func ScreenError(pr *Projector, e, d float64) float64 {
	if d <= 0 {
		return math.Inf(1)
	}
	return e * pr.Focal / d
}

// SelectTiles chooses which tiles of t to draw for the view of pr: a tile
// is refined while its screen-space error exceeds maxError pixels (0:
// DefaultMaxScreenError); tiles whose bounds are outside the view frustum
// are skipped; a tile without content is always refined (it has nothing
// to draw of its own). ready reports whether a tile's content is loaded (or failed
// for good, so that nothing is waited for). A REPLACE tile whose visible
// children are not all ready keeps being drawn in their place, so the
// picture has no holes while they load. An unexpanded tile that would be
// refined is listed in sel.Expand and stands in for its children like one
// whose children are not ready. The result goes into sel.
func SelectTiles(t *TileTree, pr *Projector, maxError float64, ready func(i int32) bool, sel *TileSelection) {
	if maxError <= 0 {
		maxError = DefaultMaxScreenError
	}
	sel.Draw, sel.Want, sel.Kept, sel.wants, sel.Visited = sel.Draw[:0], sel.Want[:0], sel.Kept[:0], sel.wants[:0], 0
	sel.Expand, sel.expands = sel.Expand[:0], sel.expands[:0]
	sel.Complete = true
	if len(t.Nodes) == 0 {
		return
	}
	s := selector{t: t, pr: pr, max: maxError, ready: ready, sel: sel}
	_, sel.Complete = s.visit(0, 0)
	sel.Want = urgentFirst(sel.Want, sel.wants)
	sel.Expand = urgentFirst(sel.Expand, sel.expands)
}

// urgentFirst sorts ws coarse levels first, then nearest, and appends
// their nodes to out.
func urgentFirst(out []int32, ws []wantedTile) []int32 {
	slices.SortFunc(ws, func(a, b wantedTile) int {
		if a.depth != b.depth {
			return int(a.depth - b.depth)
		}
		switch {
		case a.dist < b.dist:
			return -1
		case a.dist > b.dist:
			return 1
		}
		return int(a.node - b.node)
	})
	for _, w := range ws {
		out = append(out, w.node)
	}
	return out
}

// maxSelectDepth bounds the recursion on malformed trees.
const maxSelectDepth = 256

type selector struct {
	t     *TileTree
	pr    *Projector
	max   float64
	ready func(int32) bool
	sel   *TileSelection
}

// visit selects inside tile i. covered reports that what it drew leaves
// no hole where the tile's content belongs (a parent needs not stand in
// for it); complete that everything it would draw at the wanted detail is
// ready.
func (s *selector) visit(i int32, depth int) (covered, complete bool) {
	if i < 0 || int(i) >= len(s.t.Nodes) || depth > maxSelectDepth {
		return true, true
	}
	n := &s.t.Nodes[i]
	if !InFrustum(s.pr, n.Bounds) {
		return true, true
	}
	s.sel.Visited++
	d := BoxDistance(n.Bounds, s.pr.Eye)
	// A link to more tiles (an external tileset, subtrees) is passed
	// through whatever its error, as CesiumJS does: it has nothing of its
	// own to draw.
	refine := (len(n.Children) > 0 || n.Unexpanded) && (n.Link || ScreenError(s.pr, n.GeometricError, d) > s.max)
	if !refine {
		ok := s.use(i, d)
		return ok, ok
	}
	mark := len(s.sel.Draw)
	var own bool
	if n.Refine == RefineAdd {
		own = s.use(i, d)
	} else if n.HasContent && s.ready(i) {
		s.sel.Kept = append(s.sel.Kept, i)
	}
	covered, complete = true, true
	for _, c := range n.Children {
		cov, comp := s.visit(c, depth+1)
		covered, complete = covered && cov, complete && comp
	}
	if n.Unexpanded {
		// Some children are not even known: like children not loaded.
		s.sel.expands = append(s.sel.expands, wantedTile{node: i, depth: n.Depth, dist: d})
		covered, complete = false, false
	}
	switch {
	case n.Refine == RefineAdd && n.HasContent:
		// Children missing only lack some detail over the tile's own content.
		return own, own && complete
	case n.Refine == RefineAdd:
		return covered, complete
	case covered || !n.HasContent:
		return covered, complete
	}
	// The children leave holes: draw this tile instead while they load.
	if s.ready(i) {
		s.sel.Draw = append(s.sel.Draw[:mark], i)
		return true, false
	}
	s.use(i, d) // asks for it
	return false, false
}

// use draws tile i if it is ready and asks for it otherwise; it reports
// whether it was ready.
func (s *selector) use(i int32, d float64) bool {
	n := &s.t.Nodes[i]
	if !n.HasContent {
		return true
	}
	if !s.ready(i) {
		s.sel.wants = append(s.sel.wants, wantedTile{node: i, depth: n.Depth, dist: d})
		return false
	}
	s.sel.Draw = append(s.sel.Draw, i)
	s.sel.Kept = append(s.sel.Kept, i)
	return true
}

// BoxDistance returns the distance (metres) from p to the nearest point of
// b; 0 when p is inside.
func BoxDistance(b Box, p Vec3) float64 {
	var s float64
	for k := 0; k < 3; k++ {
		var d float64
		switch {
		case p[k] < b.Min[k]:
			d = b.Min[k] - p[k]
		case p[k] > b.Max[k]:
			d = p[k] - b.Max[k]
		}
		s += d * d
	}
	return math.Sqrt(s)
}

// InFrustum reports whether any of box b may be seen by pr: false only when
// all its corners lie outside one plane of the view frustum (the sides, the
// near plane, or the far plane when pr.Far > 0). An empty box is outside.
func InFrustum(pr *Projector, b Box) bool {
	if b.Empty() {
		return false
	}
	hw, hh := pr.W/2, pr.H/2
	var out [6]int
	for c := 0; c < 8; c++ {
		x, y, z := pr.ToView(b.Corner(c))
		// A point is inside the side planes when |x|·Focal ≤ z·W/2.
		if x*pr.Focal > z*hw {
			out[0]++
		}
		if -x*pr.Focal > z*hw {
			out[1]++
		}
		if y*pr.Focal > z*hh {
			out[2]++
		}
		if -y*pr.Focal > z*hh {
			out[3]++
		}
		if z < pr.Near {
			out[4]++
		}
		if pr.Far > 0 && z > pr.Far {
			out[5]++
		}
	}
	for _, n := range out {
		if n == 8 {
			return false
		}
	}
	return true
}

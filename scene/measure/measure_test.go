package measure

import (
	"fmt"
	"math"
	"testing"

	"citytwin/scene"

	"github.com/paulmach/orb"
)

func TestDistances(t *testing.T) {
	a, b := scene.Vec3{0, 0, 0}, scene.Vec3{3, 4, 12}
	if d := GroundDistance(a, b); d != 5 {
		t.Errorf("ground %v, want 5", d)
	}
	if d := Distance(a, b); d != 13 {
		t.Errorf("3D %v, want 13", d)
	}
	path := []scene.Vec3{a, {3, 4, 0}, {3, 4, 12}}
	if g, s := PathLength(path, true), PathLength(path, false); g != 5 || s != 17 {
		t.Errorf("path %v along the ground, %v in 3D; want 5, 17", g, s)
	}
	if PathLength(path[:1], true) != 0 {
		t.Error("one point has a length")
	}
}

func TestArea(t *testing.T) {
	for _, c := range []struct {
		name string
		pts  []scene.Vec3
		want float64
	}{
		{"square", []scene.Vec3{{0, 0, 0}, {10, 0, 5}, {10, 10, 0}, {0, 10, 9}}, 100},
		{"closed, clockwise", []scene.Vec3{{0, 0, 0}, {0, 10, 0}, {10, 10, 0}, {10, 0, 0}, {0, 0, 0}}, 100},
		{"triangle far away", []scene.Vec3{{1e6, 1e6, 0}, {1e6 + 3, 1e6, 0}, {1e6, 1e6 + 4, 0}}, 6},
		{"L shape", []scene.Vec3{{0, 0, 0}, {20, 0, 0}, {20, 10, 0}, {10, 10, 0}, {10, 20, 0}, {0, 20, 0}}, 300},
		{"two points", []scene.Vec3{{0, 0, 0}, {1, 1, 0}}, 0},
	} {
		if got := Area(c.pts); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: %v m², want %v", c.name, got, c.want)
		}
	}
}

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

func TestSnap(t *testing.T) {
	fps := []orb.Geometry{
		square(0, 0, 10, 10),
		orb.LineString{{50, 50}, {60, 60}}, // not a footprint
		orb.MultiPolygon{square(20, 0, 30, 10), square(40, 0, 45, 5)},
	}
	for _, c := range []struct {
		name string
		p    orb.Point
		r    float64
		want Snap
		ok   bool
	}{
		{"corner", orb.Point{11, 11}, 2, Snap{Point: orb.Point{10, 10}, Kind: SnapCorner, Footprint: 0, Distance: math.Sqrt2}, true},
		{"corner beats a nearer edge", orb.Point{19, 1.5}, 2, Snap{Point: orb.Point{20, 0}, Kind: SnapCorner, Footprint: 2, Distance: math.Hypot(1, 1.5)}, true},
		{"edge", orb.Point{5, 11}, 2, Snap{Point: orb.Point{5, 10}, Kind: SnapEdge, Footprint: 0, Distance: 1}, true},
		{"edge from inside", orb.Point{42.5, 4}, 2, Snap{Point: orb.Point{42.5, 5}, Kind: SnapEdge, Footprint: 2, Distance: 1}, true},
		{"nothing near", orb.Point{15, 30}, 2, Snap{Point: orb.Point{15, 30}}, false},
		{"lines are not footprints", orb.Point{50, 50}, 2, Snap{Point: orb.Point{50, 50}}, false},
	} {
		got, ok := SnapToFootprints(c.p, fps, c.r)
		if ok != c.ok || got.Point != c.want.Point || got.Kind != c.want.Kind || got.Footprint != c.want.Footprint || math.Abs(got.Distance-c.want.Distance) > 1e-9 {
			t.Errorf("%s: %+v %v, want %+v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// Measuring the diagonal of a 30 m × 40 m block from a roof corner 20 m up
// down to the opposite corner on the ground, after snapping the picked
// points to the building.
func Example() {
	block := []orb.Geometry{orb.Polygon{{{0, 0}, {30, 0}, {30, 40}, {0, 40}, {0, 0}}}}
	a, _ := SnapToFootprints(orb.Point{0.6, -0.4}, block, 2)
	b, _ := SnapToFootprints(orb.Point{29.5, 41}, block, 2)
	p := scene.Vec3{a.Point[0], a.Point[1], 20}
	q := scene.Vec3{b.Point[0], b.Point[1], 0}
	fmt.Printf("along the ground %.1f m, straight %.1f m\n", GroundDistance(p, q), Distance(p, q))
	fmt.Printf("block area %.0f m²\n", Area([]scene.Vec3{{0, 0, 0}, {30, 0, 0}, {30, 40, 0}, {0, 40, 0}}))
	// Output:
	// along the ground 50.0 m, straight 53.9 m
	// block area 1200 m²
}

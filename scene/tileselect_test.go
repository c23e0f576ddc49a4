package scene

import (
	"math"
	"slices"
	"strconv"
	"testing"
)

// quadTree returns a tree of the given depth over a 1 km square: the root
// has geometric error 64 m, each level half its parent's, leaves 0.
func quadTree(depth int, refine Refinement) *TileTree {
	t := &TileTree{}
	var add func(b Box, level int) int32
	add = func(b Box, level int) int32 {
		i := int32(len(t.Nodes))
		e := 64 / math.Pow(2, float64(level))
		if level == depth {
			e = 0
		}
		t.Nodes = append(t.Nodes, TileNode{Bounds: b, GeometricError: e, Refine: refine, HasContent: true, Depth: int32(level)})
		if level == depth {
			return i
		}
		mx, my := (b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2
		for q := 0; q < 4; q++ {
			c := b
			if q&1 == 0 {
				c.Max[0] = mx
			} else {
				c.Min[0] = mx
			}
			if q&2 == 0 {
				c.Max[1] = my
			} else {
				c.Min[1] = my
			}
			ci := add(c, level+1)
			t.Nodes[i].Children = append(t.Nodes[i].Children, ci)
		}
		return i
	}
	add(Box{Min: Vec3{0, 0, 0}, Max: Vec3{1000, 1000, 20}}, 0)
	return t
}

// above looks straight down at (x, y) from height h.
func above(x, y, h float64) Projector {
	return NewProjector(Camera{Target: Vec3{x, y, 0}, Pitch: -90, Range: h}, 1280, 720, 0.5, 0)
}

func readySet(ids ...int32) func(int32) bool {
	return func(i int32) bool { return slices.Contains(ids, i) }
}

func all(int32) bool { return true }

func TestScreenError(t *testing.T) {
	pr := above(0, 0, 100)
	want := 10 * 720 / (2 * 100 * math.Tan(22.5*math.Pi/180))
	if got := ScreenError(&pr, 10, 100); math.Abs(got-want) > 1e-9 {
		t.Errorf("ScreenError = %v, want %v", got, want)
	}
	if got := ScreenError(&pr, 1, 0); !math.IsInf(got, 1) {
		t.Errorf("ScreenError at distance 0 = %v, want +Inf", got)
	}
}

func TestSelectTiles(t *testing.T) {
	replace := quadTree(1, RefineReplace)
	add := quadTree(1, RefineAdd)
	tests := []struct {
		name     string
		tree     *TileTree
		pr       Projector
		ready    func(int32) bool
		draw     []int32
		want     []int32
		complete bool
	}{
		// Root: 64 m at ~5 km is 64·869/4980 ≈ 11 px, under 16: not refined.
		{"far: root only", replace, above(500, 500, 5000), all, []int32{0}, nil, true},
		{"far: root not ready", replace, above(500, 500, 5000), readySet(), nil, []int32{0}, false},
		// 64 m at ~1 km ≈ 56 px: refined.
		{"near: children replace root", replace, above(500, 500, 1000), all, []int32{1, 2, 3, 4}, nil, true},
		{"near: parent kept until children ready", replace, above(500, 500, 1000), readySet(0, 1, 2, 3), []int32{0}, []int32{4}, false},
		{"near: nothing ready, coarse first", replace, above(500, 500, 1000), readySet(), nil, []int32{0, 1, 2, 3, 4}, false},
		{"near: no parent to fall back on draws what is ready", replace, above(500, 500, 1000), readySet(1, 2), []int32{1, 2}, []int32{0, 3, 4}, false},
		{"add: parent and children", add, above(500, 500, 1000), all, []int32{0, 1, 2, 3, 4}, nil, true},
		{"add: parent while children load", add, above(500, 500, 1000), readySet(0), []int32{0}, []int32{1, 2, 3, 4}, false},
		// 40 m above the south-west quadrant's centre: only it is in view.
		{"culling: one quadrant in view", replace, above(250, 250, 40), all, []int32{1}, nil, true},
		{"culling: looking away", replace, NewProjector(Camera{Target: Vec3{-5000, 500, 0}, Heading: 270, Pitch: 0, Range: 100}, 1280, 720, 0.5, 0), all, nil, nil, true},
	}
	var sel TileSelection
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			SelectTiles(tc.tree, &tc.pr, 0, tc.ready, &sel)
			if !slices.Equal(sel.Draw, tc.draw) {
				t.Errorf("Draw = %v, want %v", sel.Draw, tc.draw)
			}
			if !slices.Equal(sel.Want, tc.want) {
				t.Errorf("Want = %v, want %v", sel.Want, tc.want)
			}
			if sel.Complete != tc.complete {
				t.Errorf("Complete = %v, want %v", sel.Complete, tc.complete)
			}
		})
	}
}

// TestSelectTilesFallsBackLocally checks that a missing leaf makes only
// its own parent stand in for it, not every ancestor.
func TestSelectTilesFallsBackLocally(t *testing.T) {
	tree := quadTree(2, RefineReplace) // 0; 1 (leaves 2-5); 6 (7-10); 11 (12-15); 16 (17-20)
	pr := above(500, 500, 1000)
	var sel TileSelection
	SelectTiles(tree, &pr, 0, func(i int32) bool { return i != 2 }, &sel)
	want := []int32{1, 7, 8, 9, 10, 12, 13, 14, 15, 17, 18, 19, 20}
	if !slices.Equal(sel.Draw, want) || !slices.Equal(sel.Want, []int32{2}) || sel.Complete {
		t.Errorf("Draw %v Want %v Complete %v; want Draw %v Want [2] incomplete", sel.Draw, sel.Want, sel.Complete, want)
	}
	// Every ready tile looked at is kept: the ancestors, and leaves 3-5
	// waiting for 2.
	for _, k := range []int32{0, 1, 3, 4, 5, 6, 7, 20} {
		if !slices.Contains(sel.Kept, k) {
			t.Errorf("Kept %v lacks tile %d", sel.Kept, k)
		}
	}
	if slices.Contains(sel.Kept, 2) {
		t.Errorf("Kept %v holds tile 2, which is not loaded", sel.Kept)
	}
	// An ADD tile with content covers its place while its children load.
	add := quadTree(2, RefineAdd)
	SelectTiles(add, &pr, 0, func(i int32) bool { return i < 2 || i > 5 }, &sel)
	if !slices.Contains(sel.Draw, 0) || !slices.Contains(sel.Draw, 1) || len(sel.Want) != 4 {
		t.Errorf("ADD: Draw %v Want %v; want the root, tile 1 and the other leaves drawn, leaves 2-5 wanted", sel.Draw, sel.Want)
	}
}

func TestSelectTilesWantsNearestFirst(t *testing.T) {
	tree := quadTree(1, RefineReplace)
	// Low over the north-east quadrant, looking south-west across the tile.
	pr := NewProjector(Camera{Target: Vec3{500, 500, 0}, Heading: 225, Pitch: -30, Range: 600}, 1280, 720, 0.5, 0)
	var sel TileSelection
	SelectTiles(tree, &pr, 0, readySet(0), &sel)
	if len(sel.Want) == 0 || sel.Want[0] != 4 {
		t.Fatalf("Want = %v, want the north-east quadrant (4) first", sel.Want)
	}
}

func TestSelectTilesLargerErrorDrawsCoarser(t *testing.T) {
	tree := quadTree(3, RefineReplace)
	pr := above(500, 500, 800)
	var fine, coarse TileSelection
	SelectTiles(tree, &pr, 4, all, &fine)
	SelectTiles(tree, &pr, 64, all, &coarse)
	if len(fine.Draw) <= len(coarse.Draw) {
		t.Errorf("max error 4 px drew %d tiles, 64 px %d: want more tiles for the smaller error", len(fine.Draw), len(coarse.Draw))
	}
}

func TestInFrustum(t *testing.T) {
	pr := above(0, 0, 100)
	tests := []struct {
		b    Box
		want bool
	}{
		{Box{Min: Vec3{-1, -1, 0}, Max: Vec3{1, 1, 1}}, true},
		{Box{Min: Vec3{500, -1, 0}, Max: Vec3{501, 1, 1}}, false},  // far east of a 100 m view
		{Box{Min: Vec3{-1, -1, 200}, Max: Vec3{1, 1, 201}}, false}, // behind the camera
		{Box{Min: Vec3{-1000, -1000, -5}, Max: Vec3{1000, 1000, 5}}, true},
		{EmptyBox(), false},
	}
	for _, tc := range tests {
		if got := InFrustum(&pr, tc.b); got != tc.want {
			t.Errorf("InFrustum(%v) = %v, want %v", tc.b, got, tc.want)
		}
	}
}

func TestBoxDistance(t *testing.T) {
	b := Box{Min: Vec3{0, 0, 0}, Max: Vec3{10, 10, 10}}
	for _, tc := range []struct {
		p    Vec3
		want float64
	}{{Vec3{5, 5, 5}, 0}, {Vec3{13, 14, 5}, 5}, {Vec3{-2, 5, 5}, 2}} {
		if got := BoxDistance(b, tc.p); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("BoxDistance(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
}

func BenchmarkSelectTiles(b *testing.B) {
	for _, depth := range []int{4, 6, 8} {
		tree := quadTree(depth, RefineReplace)
		pr := NewProjector(Camera{Target: Vec3{500, 500, 0}, Heading: 30, Pitch: -35, Range: 700}, 1280, 720, 0.5, 0)
		var sel TileSelection
		b.Run(strconv.Itoa(len(tree.Nodes))+"tiles", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				SelectTiles(tree, &pr, 0, all, &sel)
			}
			b.ReportMetric(float64(len(sel.Draw)), "drawn")
		})
	}
}

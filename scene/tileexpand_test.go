package scene

import (
	"slices"
	"testing"
)

// cutTree returns quadTree(2) with the children of the root's first child
// cut off (that child unexpanded), and the expansion that restores them.
func cutTree() (*TileTree, int32, *TileExpansion) {
	t := quadTree(2, RefineReplace)
	c := t.Nodes[0].Children[0]
	kids := t.Nodes[c].Children
	e := &TileExpansion{}
	for k, n := range kids {
		e.Nodes = append(e.Nodes, t.Nodes[n])
		e.Children = append(e.Children, int32(k))
	}
	// Leaves stay in the tree (unreachable) so that indices do not move.
	t.Nodes[c].Children, t.Nodes[c].Unexpanded = nil, true
	return t, c, e
}

// boundsOf returns the bounds of the drawn tiles, to compare selections
// of trees numbered differently.
func boundsOf(t *TileTree, draw []int32) []Box {
	var out []Box
	for _, i := range draw {
		out = append(out, t.Nodes[i].Bounds)
	}
	slices.SortFunc(out, func(a, b Box) int {
		for k := 0; k < 3; k++ {
			if a.Min[k] != b.Min[k] {
				if a.Min[k] < b.Min[k] {
					return -1
				}
				return 1
			}
		}
		return 0
	})
	return out
}

func TestSelectAsksToExpand(t *testing.T) {
	tree, c, e := cutTree()
	pr := above(125, 125, 60) // over the cut quarter: wants the leaves
	var sel TileSelection
	SelectTiles(tree, &pr, 0, all, &sel)
	if !slices.Equal(sel.Expand, []int32{c}) || sel.Complete {
		t.Fatalf("Expand %v, complete %v; want [%d], incomplete", sel.Expand, sel.Complete, c)
	}
	if !slices.Contains(sel.Draw, c) {
		t.Errorf("draws %v: the unexpanded tile %d should stand in for its children", sel.Draw, c)
	}
	// Far away nothing is refined: nothing to expand.
	far := above(500, 500, 5000)
	SelectTiles(tree, &far, 0, all, &sel)
	if len(sel.Expand) != 0 || !sel.Complete {
		t.Errorf("far: Expand %v, complete %v", sel.Expand, sel.Complete)
	}

	var base int32 = -1
	e.Bind = func(b int32) { base = b }
	n := int32(len(tree.Nodes))
	if !tree.Graft(c, e) || base != n || tree.Nodes[c].Unexpanded {
		t.Fatalf("Graft: bound at %d (want %d), unexpanded %v", base, n, tree.Nodes[c].Unexpanded)
	}
	if tree.Graft(c, e) {
		t.Error("grafted twice")
	}
	SelectTiles(tree, &pr, 0, all, &sel)
	var want TileSelection
	full := quadTree(2, RefineReplace)
	SelectTiles(full, &pr, 0, all, &want)
	if !sel.Complete || len(sel.Expand) != 0 || !slices.Equal(boundsOf(tree, sel.Draw), boundsOf(full, want.Draw)) {
		t.Errorf("after Graft: draws %v, want the full tree's %v", boundsOf(tree, sel.Draw), boundsOf(full, want.Draw))
	}
}

func TestGraftNilMarksExpanded(t *testing.T) {
	tree, c, _ := cutTree()
	n := len(tree.Nodes)
	if !tree.Graft(c, nil) || tree.Nodes[c].Unexpanded || len(tree.Nodes) != n {
		t.Fatalf("Graft(nil): unexpanded %v, %d nodes (was %d)", tree.Nodes[c].Unexpanded, len(tree.Nodes), n)
	}
	pr := above(125, 125, 60)
	var sel TileSelection
	SelectTiles(tree, &pr, 0, all, &sel)
	if !sel.Complete || !slices.Contains(sel.Draw, c) {
		t.Errorf("a tile whose children could not be read: draws %v, complete %v; want it drawn, complete", sel.Draw, sel.Complete)
	}
}

// TestSelectPassesThroughEmptyTiles checks that a tile holding an
// external tileset (Link) is refined even where its error is small
// enough: its child is drawn, not nothing. An empty tile that is no link
// is refined by its error, as CesiumJS does, so a far view of a tree with
// content only in its leaves does not load every leaf.
func TestSelectPassesThroughEmptyTiles(t *testing.T) {
	b := Box{Min: Vec3{0, 0, 0}, Max: Vec3{100, 100, 20}}
	tree := &TileTree{Nodes: []TileNode{
		{Bounds: b, GeometricError: 1, Children: []int32{1}, Link: true},
		{Bounds: b, GeometricError: 1, HasContent: true, Depth: 1},
	}}
	pr := above(50, 50, 5000)
	var sel TileSelection
	SelectTiles(tree, &pr, 0, all, &sel)
	if !slices.Equal(sel.Draw, []int32{1}) {
		t.Errorf("draws %v, want the link's child [1]", sel.Draw)
	}
	tree.Nodes[0].Link = false
	SelectTiles(tree, &pr, 0, all, &sel)
	if len(sel.Draw) != 0 || len(sel.Want) != 0 {
		t.Errorf("an empty tile fine enough for the view: draws %v, wants %v; want neither", sel.Draw, sel.Want)
	}
	tree.Nodes[0].Link = true
	tree.Nodes[0].Children, tree.Nodes[0].Unexpanded = nil, true
	SelectTiles(tree, &pr, 0, all, &sel)
	if !slices.Equal(sel.Expand, []int32{0}) || sel.Complete {
		t.Errorf("unexpanded empty tile: Expand %v, complete %v; want [0], incomplete", sel.Expand, sel.Complete)
	}
}

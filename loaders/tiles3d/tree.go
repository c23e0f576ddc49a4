package tiles3d

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// treeBuilder turns tileset JSON and subtrees into scene.TileNodes: the
// tree known at open, or the new descendants of one unexpanded tile. It
// only reads the loader's settings (and appends to ld.jobs when open), so
// expansions may build concurrently.
type treeBuilder struct {
	ld    *loader
	lazy  bool // leave external tilesets and child subtrees unread
	open  bool // building at open: content transforms go to ld.jobs for chooseFrame
	nodes []scene.TileNode
	raw   []rawNode
	jobs  [][]job // content files per node
	// pend says how to read the rest of the unexpanded nodes.
	pend map[int32]*pending
	// top are the nodes linked to topNode: the new children of the tile
	// being expanded.
	top      []int32
	warnings []string
	listed   int // implicit tiles looked at, for maxImplicitTiles
	// files are the tileset files being read, the outermost first: an
	// external tileset among them would include itself.
	files []string
}

// topNode stands for the tile being expanded, outside the builder's nodes.
const topNode int32 = -1

// rawNode is a node's bounding volume before the frame is known.
type rawNode struct {
	bv    boundingVolume
	world affine.Mat4
}

func newBuilder(ld *loader, lazy bool) *treeBuilder {
	return &treeBuilder{ld: ld, lazy: lazy, pend: map[int32]*pending{}}
}

func (b *treeBuilder) warnf(format string, args ...any) {
	b.warnings = append(b.warnings, fmt.Sprintf(format, args...))
}

// link makes child a child of parent (topNode: of the expanded tile).
func (b *treeBuilder) link(parent, child int32) {
	if parent == topNode {
		b.top = append(b.top, child)
		return
	}
	b.nodes[parent].Children = append(b.nodes[parent].Children, child)
}

func (b *treeBuilder) node(bv boundingVolume, world affine.Mat4, geomErr float64, refine string, depth int) int32 {
	r := scene.RefineReplace
	if refine == "ADD" {
		r = scene.RefineAdd
	}
	b.nodes = append(b.nodes, scene.TileNode{GeometricError: geomErr, Refine: r, Depth: int32(depth)})
	b.raw = append(b.raw, rawNode{bv: bv, world: world})
	b.jobs = append(b.jobs, nil)
	return int32(len(b.nodes) - 1)
}

func (b *treeBuilder) addContent(i int32, j job) {
	b.jobs[i] = append(b.jobs[i], j)
	b.nodes[i].HasContent = true
	if b.open {
		b.ld.jobs = append(b.ld.jobs, j)
	}
}

// pending returns the pending record of node i and marks it unexpanded.
func (b *treeBuilder) pending(i int32) *pending {
	p := b.pend[i]
	if p == nil {
		p = &pending{}
		b.pend[i] = p
	}
	b.nodes[i].Unexpanded = true
	return p
}

// add appends tile t (world transform parent·t.transform) and its
// descendants; it returns the tile's node, or -1 when it is skipped.
func (b *treeBuilder) add(t *tile, parent affine.Mat4, dir, refine string, depth int) (int32, error) {
	if depth > maxNesting {
		return -1, fmt.Errorf("tiles nested deeper than %d", maxNesting)
	}
	if t == nil {
		return -1, nil
	}
	m, err := matrix(t.Transform)
	if err != nil {
		b.warnf("tile at depth %d: %v; skipped", depth, err)
		return -1, nil
	}
	world := parent.Mul(m)
	if t.Refine != "" {
		refine = strings.ToUpper(t.Refine)
	}
	i := b.node(t.BoundingVolume, world, t.GeometricError, refine, depth)
	if it := t.implicit(); it != nil && len(t.contents()) > 0 {
		return i, b.implicit(i, t, it, world, dir, refine, depth)
	}
	for _, c := range t.contents() {
		p, ok := b.contentPath(dir, c.path())
		switch {
		case !ok:
		case !strings.HasSuffix(strings.ToLower(p), ".json"):
			b.addContent(i, job{path: p, world: world, bv: t.BoundingVolume, depth: depth})
		case b.lazy:
			b.nodes[i].Link = true
			e := b.pending(i)
			e.external = append(e.external, extRef{path: p, files: b.files, world: world, refine: refine, depth: depth})
			if b.open {
				b.ld.jobs = append(b.ld.jobs, job{path: p, world: world}) // a hint for chooseFrame
			}
		default:
			b.nodes[i].Link = true
			ci, err := b.external(p, b.files, world, refine, depth)
			if err != nil {
				b.warnf("tile %s: %v", p, err)
			} else if ci >= 0 {
				b.link(i, ci)
			}
		}
	}
	for _, c := range t.Children {
		ci, err := b.add(c, world, dir, refine, depth+1)
		if err != nil {
			return -1, err
		}
		if ci >= 0 {
			b.link(i, ci)
		}
	}
	return i, nil
}

// external reads the external tileset p, held by a tile at depth with
// world transform world inside the tileset files files (the outermost
// first), and adds its tiles; it returns its root's node.
func (b *treeBuilder) external(p string, files []string, world affine.Mat4, refine string, depth int) (int32, error) {
	if slices.Contains(files, p) {
		return -1, fmt.Errorf("tileset %s includes itself", p)
	}
	ext, err := b.ld.readTileset(p)
	if err != nil {
		return -1, err
	}
	outer := b.files
	b.files = append(slices.Clip(files), p)
	defer func() { b.files = outer }()
	ci, err := b.add(ext.Root, world, path.Dir(p), refine, depth+1)
	if err != nil {
		return -1, fmt.Errorf("tileset %s: %v", p, err)
	}
	return ci, nil
}

// contentPath resolves a content URI against dir; problems are warnings.
func (b *treeBuilder) contentPath(dir, uri string) (string, bool) {
	if strings.Contains(uri, "://") {
		b.warnf("tile %s: only local files are loaded", uri)
		return "", false
	}
	p, why := resolveContent(dir, uri)
	if why != "" {
		b.warnf("tile %s: %s", uri, why)
		return "", false
	}
	return p, true
}

// resolveContent resolves a local content URI against dir, or says why it
// cannot be read: an absolute path, or one that leaves the tileset's folder.
func resolveContent(dir, uri string) (string, string) {
	u := strings.SplitN(uri, "?", 2)[0]
	if strings.HasPrefix(u, "/") || strings.HasPrefix(u, "\\") || (len(u) > 1 && u[1] == ':') {
		return "", "absolute paths are not allowed (content is read from the tileset's folder)"
	}
	p := path.Join(dir, u)
	if !fs.ValidPath(p) {
		return "", "path leaves the tileset's folder"
	}
	return p, ""
}

// shift moves the nodes' bounds down by dz.
func (b *treeBuilder) shift(dz float64) {
	for i := range b.nodes {
		b.nodes[i].Bounds.Min[2] -= dz
		b.nodes[i].Bounds.Max[2] -= dz
	}
}

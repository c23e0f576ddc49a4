package tiles3d

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"citytwin/loaders/limit"
)

// maxImplicitTiles bounds how many tiles an implicit tree may list, so a
// hostile subtree cannot make the loader spin.
const maxImplicitTiles = 1 << 20

// availability is one availability object of a subtree: a constant or a
// bitstream (LSB first).
type availability struct {
	constant bool
	bits     []byte
}

func (a availability) get(i int) bool {
	if a.bits == nil {
		return a.constant
	}
	if i < 0 || i/8 >= len(a.bits) {
		return false
	}
	return a.bits[i/8]&(1<<(i%8)) != 0
}

type subtree struct {
	tiles, content, children availability
}

type availJSON struct {
	Bitstream  *int `json:"bitstream"`
	BufferView *int `json:"bufferView"` // 3DTILES_implicit_tiling draft
	Constant   *int `json:"constant"`
}

// parseSubtree reads a binary (.subtree) or JSON subtree. External buffers
// are read from fsys relative to dir.
func parseSubtree(data []byte, fsys fs.FS, dir string) (*subtree, error) {
	var js, bin []byte
	if len(data) >= 24 && string(data[:4]) == "subt" {
		jl := binary.LittleEndian.Uint64(data[8:])
		bl := binary.LittleEndian.Uint64(data[16:])
		if jl > uint64(len(data)-24) || bl > uint64(len(data)-24)-jl {
			return nil, fmt.Errorf("subtree lengths %d+%d overrun the file (%d bytes)", jl, bl, len(data))
		}
		js = data[24 : 24+jl]
		bin = data[24+jl : 24+jl+bl]
	} else {
		js = data
	}
	var doc struct {
		Buffers []struct {
			URI        string `json:"uri"`
			ByteLength int    `json:"byteLength"`
		} `json:"buffers"`
		BufferViews []struct {
			Buffer     int `json:"buffer"`
			ByteOffset int `json:"byteOffset"`
			ByteLength int `json:"byteLength"`
		} `json:"bufferViews"`
		TileAvailability         availJSON       `json:"tileAvailability"`
		ContentAvailability      json.RawMessage `json:"contentAvailability"`
		ChildSubtreeAvailability availJSON       `json:"childSubtreeAvailability"`
	}
	if err := json.Unmarshal(trimJSON(js), &doc); err != nil {
		return nil, fmt.Errorf("subtree JSON: %w", err)
	}
	buffers := make([][]byte, len(doc.Buffers))
	for i, b := range doc.Buffers {
		if b.URI == "" {
			buffers[i] = bin
			continue
		}
		p := path.Join(dir, b.URI)
		if !fs.ValidPath(p) {
			return nil, fmt.Errorf("subtree buffer %d: uri %q leaves the tileset folder", i, b.URI)
		}
		d, err := readLimited(fsys, p, limit.DefaultTileContent)
		if err != nil {
			return nil, fmt.Errorf("subtree buffer %d: %w", i, err)
		}
		buffers[i] = d
	}
	avail := func(a availJSON, what string) (availability, error) {
		bv := a.Bitstream
		if bv == nil {
			bv = a.BufferView
		}
		if bv == nil {
			return availability{constant: a.Constant != nil && *a.Constant == 1}, nil
		}
		if *bv < 0 || *bv >= len(doc.BufferViews) {
			return availability{}, fmt.Errorf("%s: bufferView %d does not exist", what, *bv)
		}
		v := doc.BufferViews[*bv]
		if v.Buffer < 0 || v.Buffer >= len(buffers) || v.ByteOffset < 0 || v.ByteLength < 0 ||
			v.ByteOffset+v.ByteLength > len(buffers[v.Buffer]) {
			return availability{}, fmt.Errorf("%s: bufferView %d outside its buffer", what, *bv)
		}
		return availability{bits: buffers[v.Buffer][v.ByteOffset : v.ByteOffset+v.ByteLength]}, nil
	}
	var st subtree
	var err error
	if st.tiles, err = avail(doc.TileAvailability, "tileAvailability"); err != nil {
		return nil, err
	}
	if st.children, err = avail(doc.ChildSubtreeAvailability, "childSubtreeAvailability"); err != nil {
		return nil, err
	}
	if len(doc.ContentAvailability) > 0 {
		var list []availJSON
		if json.Unmarshal(doc.ContentAvailability, &list) != nil {
			var one availJSON
			if err := json.Unmarshal(doc.ContentAvailability, &one); err != nil {
				return nil, fmt.Errorf("contentAvailability: %w", err)
			}
			list = []availJSON{one}
		}
		if len(list) > 0 {
			if st.content, err = avail(list[0], "contentAvailability"); err != nil {
				return nil, err
			}
		}
	}
	return st.withDefaults(), nil
}

func (s subtree) withDefaults() *subtree { return &s }

// tileKey is an implicit quadtree (z = 0) or octree tile.
type tileKey struct{ level, x, y, z int }

// deinterleave splits a 2D Morton index into x (even bits) and y (odd bits).
func deinterleave(m int) (x, y int) {
	for b := 0; b < 31; b++ {
		x |= ((m >> (2 * b)) & 1) << b
		y |= ((m >> (2*b + 1)) & 1) << b
	}
	return x, y
}

// deinterleave3 splits a 3D Morton index into x, y and z.
func deinterleave3(m int) (x, y, z int) {
	for b := 0; b < 21; b++ {
		x |= ((m >> (3 * b)) & 1) << b
		y |= ((m >> (3*b + 1)) & 1) << b
		z |= ((m >> (3*b + 2)) & 1) << b
	}
	return x, y, z
}

// childKey returns the tile d levels below root reached by Morton index m.
func childKey(root tileKey, d, m int, octree bool) tileKey {
	if octree {
		x, y, z := deinterleave3(m)
		return tileKey{root.level + d, root.x<<d + x, root.y<<d + y, root.z<<d + z}
	}
	x, y := deinterleave(m)
	return tileKey{root.level + d, root.x<<d + x, root.y<<d + y, 0}
}

// expand fills a template URI ({level}, {x}, {y}, {z}).
func expand(tmpl string, k tileKey) string {
	r := strings.NewReplacer("{level}", strconv.Itoa(k.level), "{x}", strconv.Itoa(k.x), "{y}", strconv.Itoa(k.y), "{z}", strconv.Itoa(k.z))
	return r.Replace(tmpl)
}

// implicitScheme checks the tiling and returns whether it is an octree
// and log2 of the children per tile.
func implicitScheme(it *implicitTiling) (octree bool, bits int, err error) {
	octree = strings.EqualFold(it.SubdivisionScheme, "OCTREE")
	if !octree && !strings.EqualFold(it.SubdivisionScheme, "QUADTREE") {
		return false, 0, fmt.Errorf("implicit tiling %q is not supported (QUADTREE, OCTREE)", it.SubdivisionScheme)
	}
	bits = 2
	if octree {
		bits = 3
	}
	if it.SubtreeLevels < 1 || it.SubtreeLevels*bits > 20 || it.AvailableLevels < 1 || it.AvailableLevels > 21 {
		return false, 0, fmt.Errorf("implicit tiling: subtreeLevels %d / availableLevels %d out of range", it.SubtreeLevels, it.AvailableLevels)
	}
	return octree, bits, nil
}

// readSubtree reads the subtree file rooted at tile root; the error names
// the file.
func readSubtree(fsys fs.FS, dir string, it *implicitTiling, root tileKey) (*subtree, error) {
	p := path.Join(dir, expand(it.Subtrees.URI, root))
	data, err := readLimited(fsys, p, limit.DefaultTileContent)
	if err == nil {
		var st *subtree
		if st, err = parseSubtree(data, fsys, path.Dir(p)); err == nil {
			return st, nil
		}
	}
	return nil, fmt.Errorf("subtree %s: %v", p, err)
}

// walk calls content for each tile of the subtree rooted at root whose
// content is available, in level order, then child for each available
// child subtree root. listed counts the tiles looked at, across calls.
func (st *subtree) walk(root tileKey, it *implicitTiling, listed *int, content, child func(tileKey)) error {
	octree, bits, err := implicitScheme(it)
	if err != nil {
		return err
	}
	n := it.SubtreeLevels
	index := 0
	for l := 0; l < n && root.level+l < it.AvailableLevels; l++ {
		for m := 0; m < 1<<(bits*l); m++ {
			if *listed++; *listed > maxImplicitTiles {
				return fmt.Errorf("implicit tiling lists more than %d tiles", maxImplicitTiles)
			}
			if st.tiles.get(index+m) && st.content.get(index+m) {
				content(childKey(root, l, m, octree))
			}
		}
		index += 1 << (bits * l)
	}
	if root.level+n < it.AvailableLevels {
		for m := 0; m < 1<<(bits*n); m++ {
			if st.children.get(m) {
				child(childKey(root, n, m, octree))
			}
		}
	}
	return nil
}

// implicitContents walks the subtrees of an implicit quadtree and returns
// the tiles whose content is available, in level order, plus problems
// (missing or broken subtree files) as warnings.
func implicitContents(fsys fs.FS, dir string, it *implicitTiling) ([]tileKey, []string, error) {
	if _, _, err := implicitScheme(it); err != nil {
		return nil, nil, err
	}
	var out []tileKey
	var warnings []string
	queue := []tileKey{{}}
	listed := 0
	var tooMany bool
	for len(queue) > 0 && !tooMany {
		root := queue[0]
		queue = queue[1:]
		st, err := readSubtree(fsys, dir, it, root)
		if err != nil {
			warnings = append(warnings, err.Error())
			continue
		}
		err = st.walk(root, it, &listed, func(k tileKey) { out = append(out, k) }, func(k tileKey) {
			tooMany = tooMany || len(queue) > maxImplicitTiles
			queue = append(queue, k)
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if tooMany {
		return nil, nil, fmt.Errorf("implicit tiling lists more than %d subtrees", maxImplicitTiles)
	}
	return out, warnings, nil
}

// leavesOnly keeps the tiles with no available descendant content (the
// full detail of REPLACE refinement).
func leavesOnly(keys []tileKey) []tileKey {
	hasChild := map[tileKey]bool{}
	for _, k := range keys {
		for l := k.level - 1; l >= 0; l-- {
			d := k.level - l
			hasChild[tileKey{l, k.x >> d, k.y >> d, k.z >> d}] = true
		}
	}
	var out []tileKey
	for _, k := range keys {
		if !hasChild[k] {
			out = append(out, k)
		}
	}
	return out
}

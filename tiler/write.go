package tiler

import (
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"citytwin/scene"
	"citytwin/scene/mesh"
)

// Options configure Write.
type Options struct {
	// MaxPerTile is the most features one tile holds (0: 2000).
	MaxPerTile int
	// StoreyHeight is metres per storey for heights given in storeys (0:
	// the scene's, else 3 m).
	StoreyHeight float64
	// Workers build and write tiles in parallel (0: GOMAXPROCS).
	Workers int
	// Logger receives progress; nil discards it.
	Logger *slog.Logger
}

// Stats say what Write wrote.
type Stats struct {
	Tiles     int   `json:"tiles"`
	Levels    int   `json:"levels"`
	Features  int   `json:"features"`
	Skipped   int   `json:"skipped"` // features that draw no solid (roads, parks, points)
	Triangles int   `json:"triangles"`
	Bytes     int64 `json:"bytes"`
}

// Write writes the solid features of sc's layers (buildings, as the viewer
// extrudes them) and the features of its model layers (glTF, or tilesets
// loaded whole: their triangles, vertex colours only, instances baked) as
// a 3D Tiles 1.1 tileset: dir/tileset.json and dir/tiles/LEVEL/X_Y.glb
// (dir is created; files already there are replaced). Streamed tilesets
// (Layer.Tiles) are left out. It fails when nothing draws.
func Write(sc *scene.Scene, dir string, opts Options) (Stats, error) {
	if opts.MaxPerTile <= 0 {
		opts.MaxPerTile = 2000
	}
	if opts.StoreyHeight <= 0 {
		opts.StoreyHeight = sc.StoreyHeight
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if sc.Frame == nil {
		sc.Frame = scene.NewFrame(sc.Origin)
	}
	var st Stats
	items, layers := collect(sc, opts.StoreyHeight, &st)
	models := collectModels(sc)
	for i, mf := range models {
		b := mf.bounds
		c := b.Center()
		items = append(items, item{layer: mf.layer, feature: mf.feature, model: i, x: c[0], y: c[1],
			size: max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], b.Max[2]-b.Min[2])})
	}
	st.Features = len(items)
	if len(models) > 0 {
		layers = len(sc.Layers)
	}
	if len(items) == 0 {
		return st, fmt.Errorf("tile: no feature draws a solid (want building footprints with a height, or models)")
	}
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, it := range items {
		lo = [2]float64{min(lo[0], it.x), min(lo[1], it.y)}
		hi = [2]float64{max(hi[0], it.x), max(hi[1], it.y)}
	}
	side := max(hi[0]-lo[0], hi[1]-lo[1]) * (1 + 1e-9)
	side = max(side, 1)
	root := build(items, 0, 0, 0, lo, side, opts.MaxPerTile)
	var nodes []*node
	root.walk(func(n *node) { nodes = append(nodes, n) })
	if err := os.MkdirAll(filepath.Join(dir, "tiles"), 0o755); err != nil {
		return st, fmt.Errorf("tile: %w", err)
	}
	tw := &tileWriter{sc: sc, dir: dir, sh: opts.StoreyHeight, multi: layers > 1, models: models}
	if err := tw.writeAll(nodes, opts.Workers, opts.Logger); err != nil {
		return st, err
	}
	root.fixBounds()
	st.Tiles = len(nodes)
	for _, n := range nodes {
		st.Levels = max(st.Levels, n.level+1)
	}
	st.Triangles, st.Bytes = tw.triangles, tw.bytes
	n, err := writeTileset(sc.Frame, root, dir)
	st.Bytes += n
	return st, err
}

// collect lists the features of sc that draw a solid, and counts the
// layers they come from.
func collect(sc *scene.Scene, sh float64, st *Stats) ([]item, int) {
	var items []item
	layers := 0
	for li, l := range sc.Layers {
		n := len(items)
		for fi := range l.Features {
			f := &l.Features[fi]
			if f.Geometry == nil {
				continue
			}
			look := l.Style.Look(f.Properties, f.Geometry, sh)
			if !look.Extruded {
				st.Skipped++
				continue
			}
			b := f.Geometry.Bound()
			items = append(items, item{
				layer: li, feature: fi, model: -1,
				x: (b.Min[0] + b.Max[0]) / 2, y: (b.Min[1] + b.Max[1]) / 2,
				size: max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], look.Height-look.MinHeight),
			})
		}
		if len(items) > n {
			layers++
		}
	}
	return items, layers
}

// tileWriter builds and writes the tiles' glbs.
type tileWriter struct {
	sc     *scene.Scene
	dir    string
	sh     float64
	multi  bool // features come from several layers: add a "layer" column
	models []modelFeature

	mu        sync.Mutex
	triangles int
	bytes     int64
}

// writeAll writes the content of every node, workers at a time.
func (tw *tileWriter) writeAll(nodes []*node, workers int, log *slog.Logger) error {
	jobs := make(chan *node)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch scene.Mesh
			for n := range jobs {
				if err := tw.write(n, &scratch); err != nil {
					errs <- err
					for range jobs { // drain
					}
					return
				}
			}
		}()
	}
	for i, n := range nodes {
		jobs <- n
		if log != nil && (i+1)%1000 == 0 {
			log.Info("tile", "written", i+1, "of", len(nodes))
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// contentPath is where node n's glb goes, relative to the tileset.
func contentPath(n *node) string {
	return fmt.Sprintf("tiles/%d/%d_%d.glb", n.level, n.x, n.y)
}

// write builds node n's mesh and property table and writes its glb.
func (tw *tileWriter) write(n *node, scratch *scene.Mesh) error {
	var tm tileMesh
	var table propertyTable
	box := scene.EmptyBox()
	for _, it := range n.items {
		l := tw.sc.Layers[it.layer]
		scratch.Vertices, scratch.Indices = scratch.Vertices[:0], scratch.Indices[:0]
		var id string
		var props map[string]any
		if it.model >= 0 {
			mf := &tw.models[it.model]
			appendPieces(scratch, l, mf)
			id, props = modelID(l, mf)
		} else {
			f := &l.Features[it.feature]
			mesh.AppendFeature(scratch, f, l.Style.Look(f.Properties, f.Geometry, tw.sh))
			id, props = f.ID, f.Properties
		}
		if len(scratch.Indices) == 0 {
			continue
		}
		if tw.multi {
			p := make(map[string]any, len(props)+1)
			for k, v := range props {
				p[k] = v
			}
			p["layer"] = l.ID
			props = p
		}
		row := float32(table.add(id, props))
		base := uint32(len(tm.pos) / 3)
		for _, v := range scratch.Vertices {
			p := v.Pos
			box = box.Extend(scene.Vec3{float64(p[0]), float64(p[1]), float64(p[2])})
			tm.pos = append(tm.pos, p[0], p[1], p[2]) // made relative below
			tm.color = append(tm.color, v.Color.R, v.Color.G, v.Color.B, v.Color.A)
			tm.feature = append(tm.feature, row)
		}
		for _, i := range scratch.Indices {
			tm.indices = append(tm.indices, base+i)
		}
	}
	n.bounds = box
	if table.count == 0 {
		return nil
	}
	c := box.Center()
	tm.centre = [3]float64{c[0], c[2], -c[1]} // glTF: y up, z south
	for i := 0; i < len(tm.pos); i += 3 {
		e, no, up := float64(tm.pos[i])-c[0], float64(tm.pos[i+1])-c[1], float64(tm.pos[i+2])-c[2]
		tm.pos[i], tm.pos[i+1], tm.pos[i+2] = float32(e), float32(up), float32(-no)
	}
	data, err := encodeGLB(&tm, &table)
	if err != nil {
		return fmt.Errorf("tile %s: %w", contentPath(n), err)
	}
	name := filepath.Join(tw.dir, filepath.FromSlash(contentPath(n)))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("tile: %w", err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("tile: %w", err)
	}
	tw.mu.Lock()
	tw.triangles += len(tm.indices) / 3
	tw.bytes += int64(len(data))
	tw.mu.Unlock()
	return nil
}

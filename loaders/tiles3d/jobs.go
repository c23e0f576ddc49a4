package tiles3d

import (
	"runtime"
	"sort"
	"sync"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// job is one content file to load.
type job struct {
	path  string
	world affine.Mat4
	bv    boundingVolume
	depth int
}

// result is one loaded tile: its own small layer, merged in job order.
type result struct {
	l   *scene.Layer
	err error
}

// run loads the queued tiles, coarse levels first, a few at a time in
// parallel, and merges them into the layer in a fixed order until the
// triangle budget is reached.
func (ld *loader) run() {
	sort.SliceStable(ld.jobs, func(a, b int) bool { return ld.jobs[a].depth < ld.jobs[b].depth })
	budget := ld.opts.MaxTriangles
	if budget == 0 {
		budget = DefaultMaxTriangles
	}
	workers := min(max(runtime.GOMAXPROCS(0), 1), 8)
	tris, skipped := 0, 0
	for start := 0; start < len(ld.jobs); start += workers {
		batch := ld.jobs[start:min(start+workers, len(ld.jobs))]
		if budget > 0 && tris >= budget {
			skipped += len(batch)
			continue
		}
		results := make([]result, len(batch))
		var wg sync.WaitGroup
		for i := range batch {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				results[i] = ld.load(batch[i])
			}(i)
		}
		wg.Wait()
		for i, r := range results {
			if r.err != nil {
				ld.warnf("tile %s: %v", batch[i].path, r.err)
				ld.failed++
				continue
			}
			n := 0
			for mi := range r.l.Meshes {
				n += r.l.Meshes[mi].Triangles()
			}
			if budget > 0 && tris+n > budget {
				skipped++
				continue
			}
			tris += n
			ld.merge(r.l)
			ld.loaded++
		}
	}
	if skipped > 0 {
		ld.warnf("%d tiles not loaded: the layer reached its budget of %d triangles", skipped, budget)
	}
}

// load reads and decodes one tile into a layer of its own.
func (ld *loader) load(j job) result {
	data, err := ld.read(j.path)
	if err != nil {
		return result{err: unwrapPath(err)}
	}
	l := &scene.Layer{}
	if err := ld.tileData(l, j.path, data, j.world, j.bv); err != nil {
		return result{err: err}
	}
	return result{l: l}
}

// merge appends a tile's features, meshes and warnings to the layer,
// renumbering the feature indices of the parts and instances (t is the
// tile's own layer: its meshes are changed in place).
func (ld *loader) merge(t *scene.Layer) {
	off := len(ld.l.Features)
	ld.l.Features = append(ld.l.Features, t.Features...)
	for mi := range t.Meshes {
		m := t.Meshes[mi]
		for pi := range m.Parts {
			m.Parts[pi].Feature += off
		}
		for k := range m.Instances {
			if m.Instances[k].Feature >= 0 {
				m.Instances[k].Feature += off
			}
		}
		ld.l.Meshes = append(ld.l.Meshes, m)
	}
	ld.l.Warnings = append(ld.l.Warnings, t.Warnings...)
}

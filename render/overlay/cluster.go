package overlay

import (
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// clusterMin is the most markers a screen cell shows one by one: a cell
// holding more draws one cluster disc with their count instead, and the
// markers come apart as the view zooms in and they spread over more cells.
const clusterMin = 4

// cluster is the markers of one crowded screen cell, drawn as one disc.
type cluster struct {
	x, y  float32 // screen position: the mean of its markers'
	z     float32 // the nearest marker's depth
	r     float32 // disc radius, pixels
	n     int32   // markers in it
	worst int32   // the sensor whose value is highest (its colour), -1 none
	col   [3]float32
	// lo and hi bound its sensors' positions in the local frame: a tap
	// zooms to them.
	lo, hi scene.Vec3
	label  string
	labelW float64
}

// clusterRadius is a cluster disc's radius in pixels for n markers: it
// grows with the log of n and stays inside its cell.
func clusterRadius(n int32) float32 {
	return float32(min(densityCell*0.48, 9+2.2*math.Log2(float64(n))))
}

// clusterMarks groups the markers of cells that hold more than clusterMin
// into o.clusters (one per cell, coloured by its highest value: the worst
// band for pollution and noise) and marks them (mark.cl ≥ 0) so they are
// not drawn one by one; the picked sensor always stays its own marker.
// Cells come from thin's density count.
func (o *Overlay) clusterMarks(w, h float64) {
	o.clusters = o.clusters[:0]
	gw, gh := int(w)/densityCell+1, int(h)/densityCell+1
	if cap(o.cellCl) < gw*gh {
		o.cellCl = make([]int32, gw*gh)
	}
	o.cellCl = o.cellCl[:gw*gh]
	for i := range o.cellCl {
		o.cellCl[i] = -1
	}
	for i := range o.marks {
		m := &o.marks[i]
		m.cl = -1
		k := o.cellOf(m, gw, gh)
		if o.density[k] <= clusterMin || int(m.idx) == o.picked {
			continue
		}
		ci := o.cellCl[k]
		c := &o.cache[m.idx]
		if ci < 0 {
			ci = int32(len(o.clusters))
			o.cellCl[k] = ci
			o.clusters = append(o.clusters, cluster{z: m.z, worst: -1, lo: c.pos, hi: c.pos, col: noDataCol()})
		}
		cl := &o.clusters[ci]
		m.cl = ci
		cl.x += m.x
		cl.y += m.y
		cl.n++
		cl.z = min(cl.z, m.z)
		for a := range 3 {
			cl.lo[a], cl.hi[a] = min(cl.lo[a], c.pos[a]), max(cl.hi[a], c.pos[a])
		}
		if c.has && (cl.worst < 0 || c.value > o.cache[cl.worst].value) {
			cl.worst, cl.col = m.idx, c.col
		}
	}
	for i := range o.clusters {
		cl := &o.clusters[i]
		cl.x /= float32(cl.n)
		cl.y /= float32(cl.n)
		cl.r = clusterRadius(cl.n)
	}
	o.mergeClusters(gw, gh)
}

// mergeClusters joins the clusters of neighbouring cells whose discs
// overlap (a crowd on a cell border), so that no disc hides another, and
// drops the joined ones from o.clusters.
func (o *Overlay) mergeClusters(gw, gh int) {
	into := o.clusterInto[:0]
	for i := range o.clusters {
		into = append(into, int32(i))
	}
	root := func(i int32) int32 {
		for into[i] != i {
			i = into[i]
		}
		return i
	}
	merged := false
	for k, ci := range o.cellCl {
		if ci < 0 {
			continue
		}
		cx, cy := k%gw, k/gw
		for _, d := range [...][2]int{{1, 0}, {0, 1}, {1, 1}, {-1, 1}} {
			nx, ny := cx+d[0], cy+d[1]
			if nx < 0 || nx >= gw || ny >= gh || o.cellCl[ny*gw+nx] < 0 {
				continue
			}
			a, b := root(ci), root(o.cellCl[ny*gw+nx])
			if a == b {
				continue
			}
			ca, cb := &o.clusters[a], &o.clusters[b]
			if dx, dy := ca.x-cb.x, ca.y-cb.y; dx*dx+dy*dy >= (ca.r+cb.r)*(ca.r+cb.r) {
				continue
			}
			ca.join(cb, o.cache)
			into[b], merged = a, true
		}
	}
	o.clusterInto = into
	if !merged {
		return
	}
	// Renumber the clusters left and point the markers at them.
	newIdx := o.clusterNew[:0]
	kept := o.clusters[:0]
	for i := range o.clusters {
		if into[i] == int32(i) {
			newIdx = append(newIdx, int32(len(kept)))
			kept = append(kept, o.clusters[i])
		} else {
			newIdx = append(newIdx, -1)
		}
	}
	for i := range o.marks {
		if m := &o.marks[i]; m.cl >= 0 {
			m.cl = newIdx[root(m.cl)]
		}
	}
	o.clusters, o.clusterNew = kept, newIdx
}

// join adds cluster b's markers to a (both with final positions).
func (a *cluster) join(b *cluster, cache []sensorCache) {
	n := float32(a.n + b.n)
	a.x = (a.x*float32(a.n) + b.x*float32(b.n)) / n
	a.y = (a.y*float32(a.n) + b.y*float32(b.n)) / n
	a.n += b.n
	a.z = min(a.z, b.z)
	for k := range 3 {
		a.lo[k], a.hi[k] = min(a.lo[k], b.lo[k]), max(a.hi[k], b.hi[k])
	}
	if b.worst >= 0 && (a.worst < 0 || cache[b.worst].value > cache[a.worst].value) {
		a.worst, a.col = b.worst, b.col
	}
	a.r = clusterRadius(a.n)
}

// cellOf returns the index of m's screen cell in a grid gw × gh.
func (o *Overlay) cellOf(m *mark, gw, gh int) int {
	cx := min(max(int(m.x)/densityCell, 0), gw-1)
	cy := min(max(int(m.y)/densityCell, 0), gh-1)
	return cy*gw + cx
}

// noDataCol is the colour of markers without the selected quantity.
func noDataCol() [3]float32 {
	return [3]float32{float32(noDataColor.R) / 255, float32(noDataColor.G) / 255, float32(noDataColor.B) / 255}
}

// appendClusters appends the discs of the clusters to the vertices.
func (o *Overlay) appendClusters() {
	for i := range o.clusters {
		cl := &o.clusters[i]
		o.verts = appendMarkerQuad(o.verts, cl.x, cl.y, cl.r+1, cl.r, 1/cl.z, 0, 0, cl.col, 1)
	}
}

// drawClusterCounts writes each cluster's count on its disc.
func (o *Overlay) drawClusterCounts(dst *ebiten.Image) {
	for i := range o.clusters {
		cl := &o.clusters[i]
		if cl.label == "" {
			cl.label, cl.labelW = o.countText(cl.n)
		}
		o.th.Text(dst, cl.label, float64(cl.x)-cl.labelW/2, float64(cl.y)-o.th.LineH()/2, o.th.TextColor, false)
	}
}

// maxCountTexts bounds the counts whose text and width are kept.
const maxCountTexts = 1 << 14

// countText returns n as text and its width, kept for the next frames.
func (o *Overlay) countText(n int32) (string, float64) {
	if n >= maxCountTexts {
		s := strconv.Itoa(int(n))
		return s, o.th.Measure(s)
	}
	for int(n) >= len(o.counts) {
		o.counts = append(o.counts, countLabel{})
	}
	if c := &o.counts[n]; c.text == "" {
		c.text = strconv.Itoa(int(n))
		c.w = o.th.Measure(c.text)
	}
	return o.counts[n].text, o.counts[n].w
}

// countLabel is a cluster count's text and its width in pixels.
type countLabel struct {
	text string
	w    float64
}

// Clusters returns how many cluster discs the last Draw drew.
func (o *Overlay) Clusters() int { return len(o.clusters) }

// ClusterView returns the camera that frames the sensors of the cluster
// under pixel (x, y) (keeping cam's heading and pitch), and whether there
// is one: the viewer flies there when a cluster is tapped, and the
// cluster comes apart into its markers.
func (o *Overlay) ClusterView(x, y float64, cam scene.Camera) (scene.Camera, bool) {
	i := o.clusterAt(x, y, PickSlop)
	if i < 0 {
		return cam, false
	}
	cl := &o.clusters[i]
	cam.Target = scene.Vec3{(cl.lo[0] + cl.hi[0]) / 2, (cl.lo[1] + cl.hi[1]) / 2, (cl.lo[2] + cl.hi[2]) / 2}
	size := math.Hypot(cl.hi[0]-cl.lo[0], cl.hi[1]-cl.lo[1])
	cam.Range = max(60, min(cam.Range/2, size*1.5))
	return cam, true
}

// clusterAt returns the index of the cluster whose disc holds pixel
// (x, y) within slop pixels, or -1.
func (o *Overlay) clusterAt(x, y, slop float64) int {
	best, bestD := -1, 0.0
	for i := range o.clusters {
		cl := &o.clusters[i]
		dx, dy := float64(cl.x)-x, float64(cl.y)-y
		d := dx*dx + dy*dy
		lim := float64(cl.r) + slop
		if d <= lim*lim && (best < 0 || d < bestD) {
			best, bestD = i, d
		}
	}
	return best
}

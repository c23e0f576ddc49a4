package overlay

import (
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/live"
	"citytwin/scene"
)

// refresh takes this frame's View and, when the View, the camera, the
// depth state or the time of a pulse or staleness changed, rebuilds the
// markers. It allocates only when sensors are new or changed.
func (o *Overlay) refresh(pr *scene.Projector, cam scene.Camera, w, h int, depthOn bool, now time.Time) {
	v := o.opts.Sensors.Snapshot()
	if v != o.view {
		o.view = v
		if len(v.Sensors) != o.nSensors {
			o.nSensors = len(v.Sensors)
			best := o.q.count(v)
			if !o.manual || o.sel < 0 {
				o.sel = best
			}
		}
		for len(o.cache) < len(v.Sensors) {
			o.cache = append(o.cache, sensorCache{sel: -2})
		}
	}
	if v.Version == o.builtVer && cam == o.builtCam && w == o.builtW && h == o.builtH && o.sel == o.builtSel &&
		depthOn == o.builtDepth && o.picked == o.builtPick && now.Before(o.nextChange) && o.builtVer != 0 {
		return
	}
	o.builtVer, o.builtCam, o.builtW, o.builtH, o.builtSel, o.builtDepth, o.builtPick = v.Version, cam, w, h, o.sel, depthOn, o.picked
	o.build(pr, now)
}

// build projects every placed sensor and writes the marker vertices.
func (o *Overlay) build(pr *scene.Projector, now time.Time) {
	o.marks = o.marks[:0]
	next := now.Add(time.Hour)
	for i, s := range o.view.Sensors {
		c := &o.cache[i]
		if c.s != s || c.sel != o.sel {
			o.derive(c, s, now)
		}
		if !c.placed {
			continue
		}
		x, y, z, ok := pr.Project(c.pos)
		if !ok {
			continue
		}
		r := markerNoDataPx
		if c.has {
			r = min(markerMaxPx, max(markerMinPx, markerWorldM*pr.Focal/z))
		}
		if x < -r || y < -r || x > pr.W+r || y > pr.H+r {
			continue
		}
		o.marks = append(o.marks, mark{idx: int32(i), x: float32(x), y: float32(y), z: float32(z), r: float32(r), cl: -1})
		if t := s.Received.Add(o.stale); t.After(now) && t.Before(next) {
			next = t
		}
		if t := s.Received.Add(downGrace); len(o.down) > 0 && t.After(now) && t.Before(next) {
			next = t
		}
		if t := c.pulse.Add(pulseLength); t.After(now) {
			next = now // animate
		}
	}
	o.nextChange = next
	o.thin(pr.W, pr.H)
	o.clusterMarks(pr.W, pr.H)
	o.writeVertices(now)
}

// densityCell is the side in pixels of the screen cells in which thin
// counts markers.
const densityCell = 32

// markerDensePx is the smallest radius of a marker in a crowd.
const markerDensePx = 3.0

// thin shrinks markers where many crowd into a small part of the screen,
// so a dense network reads as a field of dots rather than a blot (and
// costs fewer fragments): a marker's radius is at most 0.45 × the mean
// spacing of the markers in its cell, and at least markerDensePx.
func (o *Overlay) thin(w, h float64) {
	gw, gh := int(w)/densityCell+1, int(h)/densityCell+1
	if cap(o.density) < gw*gh {
		o.density = make([]uint16, gw*gh)
	}
	o.density = o.density[:gw*gh]
	clear(o.density)
	cell := func(m *mark) int {
		cx := min(max(int(m.x)/densityCell, 0), gw-1)
		cy := min(max(int(m.y)/densityCell, 0), gh-1)
		return cy*gw + cx
	}
	for i := range o.marks {
		if k := cell(&o.marks[i]); o.density[k] < 65535 {
			o.density[k]++
		}
	}
	for i := range o.marks {
		m := &o.marks[i]
		n := float32(o.density[cell(m)])
		if n <= 1 {
			continue
		}
		limit := 0.45 * densityCell / float32(math.Sqrt(float64(n)))
		if m.r > limit {
			m.r = max(limit, min(m.r, markerDensePx))
		}
	}
}

// derive recomputes what the overlay keeps of sensor s.
func (o *Overlay) derive(c *sensorCache, s *live.Sensor, now time.Time) {
	prevSel, prevHas := c.sel, c.has
	c.s, c.sel, c.label = s, o.sel, ""
	if s.HasPos && (!c.placed || s.Lon != c.lon || s.Lat != c.lat) {
		p := o.frame.FromGeo(s.Lon, s.Lat, 0)
		z := 0.0
		if o.ground != nil {
			z = o.ground(p[0], p[1])
		}
		c.pos, c.lon, c.lat, c.placed = scene.Vec3{p[0], p[1], z + 0.5}, s.Lon, s.Lat, true
	}
	c.has, c.value = false, 0
	col := noDataColor
	if o.sel >= 0 {
		q := o.q.list[o.sel]
		if q.category {
			if v, ok := s.Category(q.key); ok {
				c.has, col = true, q.categoryColor(v)
				q.noteCategory(v)
				if prevSel == o.sel && prevHas && v != c.cat && now.Sub(c.pulse) >= pulseEvery {
					c.pulse = s.Changed
				}
				c.cat = v
			}
		} else {
			for _, val := range s.Values {
				if o.q.numeric(val.Quantity) == o.sel {
					c.has, c.value = true, val.Value
					col, _ = q.colorOf(val.Value)
					break
				}
			}
		}
	}
	c.col = [3]float32{float32(col.R) / 255, float32(col.G) / 255, float32(col.B) / 255}
	// A gentle pulse when the shown value changes noticeably (10 %, or its
	// band), at most once every pulseEvery.
	if c.has && prevSel == o.sel && prevHas && !o.q.list[o.sel].category && now.Sub(c.pulse) >= pulseEvery {
		q := o.q.list[o.sel]
		_, b0 := q.colorOf(c.base)
		_, b1 := q.colorOf(c.value)
		if b0 != b1 || absf(c.value-c.base) > 0.1*absf(c.base) {
			c.pulse, c.base = s.Changed, c.value
		}
	} else if prevSel != o.sel {
		c.base = c.value
	}
}

func absf(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// writeVertices fills the vertex and index slices from o.marks: markers
// without the selected quantity first, then the others, then the cluster
// discs, the picked one last.
func (o *Overlay) writeVertices(now time.Time) {
	o.verts = o.verts[:0]
	for pass := 0; pass < 3; pass++ {
		if pass == 2 {
			o.appendClusters()
		}
		for i := range o.marks {
			m := &o.marks[i]
			c := &o.cache[m.idx]
			if picked := int(m.idx) == o.picked; m.cl >= 0 || picked != (pass == 2) || !picked && c.has != (pass == 1) {
				continue
			}
			o.appendMarker(m, c, now)
		}
	}
	o.ensureIndices(len(o.verts) / 4)
}

// appendMarker appends the quad of one marker.
func (o *Overlay) appendMarker(m *mark, c *sensorCache, now time.Time) {
	s := c.s
	a := float32(1)
	col := c.col
	if o.isStale(s, now) {
		a = 0.45
		for k := range col {
			col[k] = 0.5*col[k] + 0.5*0.6
		}
	}
	pulse := float32(0)
	if d := now.Sub(c.pulse); c.has && d >= 0 && d < pulseLength {
		pulse = max(float32(d)/float32(pulseLength), 0.001)
	}
	sel := float32(0)
	if int(m.idx) == o.picked {
		sel = 1
	}
	q := m.r + 1 // the outline fades out by r + 0.75; fewer fragments
	if pulse > 0 {
		q = m.r*2.2 + 2
	}
	o.verts = appendMarkerQuad(o.verts, m.x, m.y, q, m.r, 1/m.z, pulse, sel, col, a)
}

// appendMarkerQuad appends the screen quad, half-size q pixels, that the
// marker shader fills with a disc of radius r centred on (x, y): invz is
// the marker's 1/z for the depth test (1 draws it in front of everything),
// pulse the pulse phase (0: none) and sel 1 for the selected marker.
func appendMarkerQuad(vs []ebiten.Vertex, x, y, q, r, invz, pulse, sel float32, col [3]float32, alpha float32) []ebiten.Vertex {
	for k := 0; k < 4; k++ {
		dx, dy := -q, -q
		if k&1 != 0 {
			dx = q
		}
		if k&2 != 0 {
			dy = q
		}
		vs = append(vs, ebiten.Vertex{
			DstX: x + dx, DstY: y + dy, SrcX: pulse, SrcY: sel,
			ColorR: col[0], ColorG: col[1], ColorB: col[2], ColorA: alpha,
			Custom0: dx, Custom1: dy, Custom2: invz, Custom3: r,
		})
	}
	return vs
}

// downGrace is how long a sensor of a source that lost its connection
// still counts as fresh.
const downGrace = 15 * time.Second

// isStale reports whether sensor s is to be shown as stale at now: silent
// for longer than the overlay's StaleAfter, or for longer than downGrace
// while its source is not live (reconnecting, failed, stale).
func (o *Overlay) isStale(s *live.Sensor, now time.Time) bool {
	if s.Stale(now, o.stale) {
		return true
	}
	if len(o.down) == 0 || !s.Stale(now, downGrace) {
		return false
	}
	for _, id := range o.down {
		if id == s.Source {
			return true
		}
	}
	return false
}

// ensureIndices makes o.idx hold the quads of n markers (n ≤ markersPerCall).
func (o *Overlay) ensureIndices(n int) {
	for k := len(o.idx) / 6; k < min(n, markersPerCall); k++ {
		b := uint16(4 * k)
		o.idx = append(o.idx, b, b+1, b+2, b+1, b+3, b+2)
	}
}

// setUniforms sets the marker shader's uniforms. Boxing a float allocates,
// so the map is written only when they change.
func (o *Overlay) setUniforms(near, far, depthOn float32) {
	if u := [3]float32{near, far, depthOn}; u != o.uniVals || len(o.uni) == 0 {
		o.uniVals = u
		o.uni["Near"], o.uni["Far"], o.uni["DepthOn"] = near, far, depthOn
	}
}

// drawMarkers submits the markers onto dst. depth is the cached depth
// image of an exact picture with its key range (nil: no depth test).
func (o *Overlay) drawMarkers(dst, depth *ebiten.Image, near, far float32) error {
	if len(o.verts) == 0 {
		return nil
	}
	sh, err := markerShader()
	if err != nil {
		return err
	}
	on := float32(0)
	if depth != nil {
		on = 1
	}
	o.setUniforms(near, far, on)
	o.opt = ebiten.DrawTrianglesShaderOptions{Uniforms: o.uni}
	o.opt.Images[0] = depth
	for first := 0; first < len(o.verts); first += 4 * markersPerCall {
		n := min(len(o.verts)-first, 4*markersPerCall)
		dst.DrawTrianglesShader(o.verts[first:first+n], o.idx[:n/4*6], sh, &o.opt)
	}
	return nil
}

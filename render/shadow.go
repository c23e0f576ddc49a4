package render

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// DefaultShadowMapSize is the longest side, in texels, of the shadow map
// unless Renderer.ShadowMapSize says otherwise: over a 2 km city about
// one metre per texel.
const DefaultShadowMapSize = 2048

// minShadowTexel is the finest shadow map texel (metres): small scenes get
// small maps.
const minShadowTexel = 0.05

// shadowBias is the constant part of the shadow test's bias (metres).
const shadowBias = 0.05

// sunState is the renderer's sun: its direction, the shadow map drawn from
// it and the uniforms that read the map. The map is drawn when the sun or
// the solids change (dirty), not when the camera moves: it is fitted to
// all the static solids.
type sunState struct {
	on    bool
	dir   scene.Vec3 // unit, towards the sun
	dirty bool
	sh    *sunShaders
	m1    *ebiten.Image // the map (unmanaged): pass 1 draws into m1, pass 2 into m2, which holds the key
	m2    *ebiten.Image
	ok    bool // m1 holds a map (some solid casts a shadow)
	verts []ebiten.Vertex
	idx   []uint16       // a chunk's triangles that face the sun
	uni   map[string]any // the passes' uniforms
	// Uniform storage, so that setting them allocates nothing.
	u, v, s, off, eye, right, up, fwd [3]float32
	center                            [2]float32
	// casters are the chunks the map was drawn from: a layer or a
	// scenario change replaces chunks, which redraws it.
	casters  []*chunk
	castInst []*instSet
	// draws counts the shadow maps drawn (tests and benchmarks).
	draws int
}

// SetSun lights the scene from dir (a direction towards the sun in the
// local frame, x east, y north, z up; any length) with shadows when on is
// set, and with the fixed light of the reference pictures (no shadows)
// when it is not. Shadows fall from the static solids (buildings, models)
// and instanced meshes (trees) onto the ground, the ground layers and the
// solids; streamed tiles receive them but cast none. The shadow map is redrawn on
// the next Draw after the sun or the solids change, never for a camera
// move alone. It compiles the sun's shaders on first use and returns an
// error if that fails.
func (r *Renderer) SetSun(dir scene.Vec3, on bool) error {
	n := math.Sqrt(dir[0]*dir[0] + dir[1]*dir[1] + dir[2]*dir[2])
	if !on || n == 0 || math.IsNaN(n) {
		r.sun.casters, r.sun.castInst = nil, nil // let dropped chunks go
		if r.sun.on {
			r.sun.on = false
			r.uni["Sun"] = []float32{float32(sun[0]), float32(sun[1]), float32(sun[2])}
		}
		return nil
	}
	if r.sun.sh == nil {
		sh, err := newSunShaders(r.sh)
		if err != nil {
			return err
		}
		r.sun.sh = sh
	}
	d := scene.Vec3{dir[0] / n, dir[1] / n, dir[2] / n}
	if r.sun.on && d == r.sun.dir {
		return nil
	}
	r.sun.on, r.sun.dir, r.sun.dirty = true, d, true
	r.uni["Sun"] = []float32{float32(d[0]), float32(d[1]), float32(d[2])}
	k := ambient + diffuse*sun[2] // the baked factor of flat ground
	r.uni["GroundLit"] = float32((ambient + diffuse*math.Max(0, d[2])) / k)
	r.uni["GroundShade"] = float32(ambient / k)
	return nil
}

// Sun returns the direction SetSun last set (unit) and whether the sun is on.
func (r *Renderer) Sun() (scene.Vec3, bool) { return r.sun.dir, r.sun.on }

// ShadowMapsDrawn counts the shadow maps drawn since the renderer was made.
func (r *Renderer) ShadowMapsDrawn() int { return r.sun.draws }

// sunBasis returns two unit axes across the sun's direction d: u
// horizontal, v completing the frame.
func sunBasis(d scene.Vec3) (u, v scene.Vec3) {
	h := math.Hypot(d[0], d[1])
	u = scene.Vec3{1, 0, 0}
	if h > 1e-9 {
		u = scene.Vec3{-d[1] / h, d[0] / h, 0}
	}
	v = scene.Vec3{d[1]*u[2] - d[2]*u[1], d[2]*u[0] - d[0]*u[2], d[0]*u[1] - d[1]*u[0]}
	return u, v
}

func dot3(a, b scene.Vec3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

// casterBounds returns the extent of the static solids and instances.
func (r *Renderer) casterBounds() scene.Box {
	b := scene.EmptyBox()
	for _, cs := range r.solids {
		for _, c := range cs {
			if !c.key.blend {
				b = b.Union(c.bounds)
			}
		}
	}
	for _, is := range r.insts {
		for _, x := range is {
			b = b.Union(x.bounds)
		}
	}
	return b
}

// shadowMapSize returns the longest side of the map.
func (r *Renderer) shadowMapSize() int {
	if r.ShadowMapSize > 0 {
		return r.ShadowMapSize
	}
	return DefaultShadowMapSize
}

// sunProjection maps local points into the shadow map: texel
// coordinates and the distance below the plane through the casters'
// point nearest the sun.
type sunProjection struct {
	u, v, s           scene.Vec3
	texel, offU, offV float64
	top               float64
}

// vertex returns the shadow map vertex of local point p.
func (sp *sunProjection) vertex(p scene.Vec3) ebiten.Vertex {
	return ebiten.Vertex{
		DstX:    float32(dot3(p, sp.u)/sp.texel + sp.offU),
		DstY:    float32(dot3(p, sp.v)/sp.texel + sp.offV),
		Custom0: float32(sp.top - dot3(p, sp.s)),
		ColorA:  1,
	}
}

// drawShadowMap redraws the shadow map if the sun or the solids changed:
// an orthographic view from the sun fitted to the solids' bounds, drawn
// with the first two Max-blend passes of the exact depth key (16 bits:
// over a 1.5 km deep city 2.3 cm a step, far finer than a texel; the
// bias covers it). Faces turned away from the sun are left out (a closed
// solid's nearest surface faces it), except in double-sided chunks. A
// Sorted draw without MovingShadows leaves it for the next exact one.
func (r *Renderer) drawShadowMap(mode Mode, st *Stats) {
	s := &r.sun
	if !s.on || (mode == Sorted && !r.MovingShadows) || (!s.dirty && !r.castersChanged()) {
		return // a moving camera without shadows waits for the exact picture
	}
	s.casters, s.castInst = s.casters[:0], s.castInst[:0]
	for _, cs := range r.solids {
		s.casters = append(s.casters, cs...)
	}
	for _, is := range r.insts {
		s.castInst = append(s.castInst, is...)
	}
	s.dirty, s.ok = false, false
	b := r.casterBounds()
	if b.Empty() {
		return
	}
	u, v := sunBasis(s.dir)
	umin, vmin, hmin := math.Inf(1), math.Inf(1), math.Inf(1)
	umax, vmax, hmax := math.Inf(-1), math.Inf(-1), math.Inf(-1)
	for i := 0; i < 8; i++ {
		p := b.Corner(i)
		pu, pv, ph := dot3(p, u), dot3(p, v), dot3(p, s.dir)
		umin, umax = math.Min(umin, pu), math.Max(umax, pu)
		vmin, vmax = math.Min(vmin, pv), math.Max(vmax, pv)
		hmin, hmax = math.Min(hmin, ph), math.Max(hmax, ph)
	}
	size := r.shadowMapSize()
	texel := math.Max(math.Max(umax-umin, vmax-vmin)/float64(size-2), minShadowTexel)
	w := min(size, int(math.Ceil((umax-umin)/texel))+2)
	h := min(size, int(math.Ceil((vmax-vmin)/texel))+2)
	top := hmax + 1
	rng := float32(top - hmin + 1)
	// Texel (i, j) covers [i, i+1)×[j, j+1); one texel of margin each side.
	offU, offV := 1-umin/texel, 1-vmin/texel
	s.u = vec32(scene.Vec3{u[0] / texel, u[1] / texel, u[2] / texel})
	s.v = vec32(scene.Vec3{v[0] / texel, v[1] / texel, v[2] / texel})
	s.s = vec32(s.dir)
	s.off = [3]float32{float32(offU), float32(offV), float32(top)}
	r.uni["ShadowU"], r.uni["ShadowV"], r.uni["ShadowS"], r.uni["ShadowOff"] = s.u[:], s.v[:], s.s[:], s.off[:]
	r.uni["ShadowRange"] = rng
	r.uni["ShadowTexel"] = float32(texel)
	r.uni["ShadowBias"] = float32(shadowBias + float64(rng)/(1<<16))
	if s.uni == nil {
		s.uni = map[string]any{}
	}
	s.uni["ShadowRange"] = rng

	rect := image.Rect(0, 0, w, h)
	if s.m1 == nil || s.m1.Bounds() != rect {
		if s.m1 != nil {
			s.m1.Deallocate()
			s.m2.Deallocate()
		}
		op := &ebiten.NewImageOptions{Unmanaged: true}
		s.m1, s.m2 = ebiten.NewImageWithOptions(rect, op), ebiten.NewImageWithOptions(rect, op)
	}
	sp := sunProjection{u: u, v: v, s: s.dir, texel: texel, offU: offU, offV: offV, top: top}
	targets := [2]*ebiten.Image{s.m1, s.m2}
	sources := [2]*ebiten.Image{nil, s.m1}
	for pass := 0; pass < 2; pass++ {
		t := targets[pass]
		t.Clear()
		opts := ebiten.DrawTrianglesShaderOptions{Blend: blendMax, Uniforms: s.uni}
		opts.Images[0] = sources[pass]
		for _, cs := range r.solids {
			for _, c := range cs {
				if c.key.blend || len(c.idx) == 0 {
					continue
				}
				s.verts = s.verts[:0]
				for i := 0; i+2 < len(c.pos); i += 3 {
					s.verts = append(s.verts, sp.vertex(scene.Vec3{float64(c.pos[i]), float64(c.pos[i+1]), float64(c.pos[i+2])}))
				}
				idx := c.idx
				if !c.key.doubleSided {
					s.idx = sunFacing(c.pos, c.idx, s.dir, s.idx[:0])
					idx = s.idx
				}
				if len(idx) == 0 {
					continue
				}
				t.DrawTrianglesShader(s.verts, idx, s.sh.pass[pass], &opts)
				st.DrawCalls++
				st.Vertices += len(s.verts)
				r.queued.add(len(s.verts))
			}
		}
		r.drawInstanceCasters(t, s.sh.pass[pass], &opts, &sp, st)
	}
	s.ok = true
	s.draws++
}

// castersChanged reports whether the solid chunks differ from those the
// shadow map was drawn from (streamed tiles cast no shadows: their
// arrival changes nothing).
func (r *Renderer) castersChanged() bool {
	i := 0
	for _, cs := range r.solids {
		for _, c := range cs {
			if i >= len(r.sun.casters) || r.sun.casters[i] != c {
				return true
			}
			i++
		}
	}
	if i != len(r.sun.casters) {
		return true
	}
	i = 0
	for _, is := range r.insts {
		for _, x := range is {
			if i >= len(r.sun.castInst) || r.sun.castInst[i] != x {
				return true
			}
			i++
		}
	}
	return i != len(r.sun.castInst)
}

// sunFacing appends to dst the triangles of idx (counter-clockwise seen
// from outside) whose front faces the sun d.
func sunFacing(pos []float32, idx []uint16, d scene.Vec3, dst []uint16) []uint16 {
	dx, dy, dz := float32(d[0]), float32(d[1]), float32(d[2])
	for i := 0; i+2 < len(idx); i += 3 {
		a, b, c := 3*int(idx[i]), 3*int(idx[i+1]), 3*int(idx[i+2])
		e1x, e1y, e1z := pos[b]-pos[a], pos[b+1]-pos[a+1], pos[b+2]-pos[a+2]
		e2x, e2y, e2z := pos[c]-pos[a], pos[c+1]-pos[a+1], pos[c+2]-pos[a+2]
		nx, ny, nz := e1y*e2z-e1z*e2y, e1z*e2x-e1x*e2z, e1x*e2y-e1y*e2x
		if nx*dx+ny*dy+nz*dz > 0 {
			dst = append(dst, idx[i], idx[i+1], idx[i+2])
		}
	}
	return dst
}

func vec32(v scene.Vec3) [3]float32 { return [3]float32{float32(v[0]), float32(v[1]), float32(v[2])} }

// sunActive reports whether this Draw shades with the sun's shaders.
func (r *Renderer) sunActive() bool { return r.sun.on && r.sun.ok }

// setSunView sets the camera uniforms the sun's shaders rebuild world
// positions with, and the shadow map as image 2 of r.opts.
func (r *Renderer) setSunView(pr *scene.Projector) {
	if !r.sunActive() {
		return
	}
	s := &r.sun
	s.eye, s.right, s.up, s.fwd = vec32(pr.Eye), vec32(pr.Right), vec32(pr.Up), vec32(pr.Forward)
	s.center = [2]float32{float32(pr.W / 2), float32(pr.H / 2)}
	r.uni["CamEye"], r.uni["CamRight"], r.uni["CamUp"], r.uni["CamFwd"] = s.eye[:], s.right[:], s.up[:], s.fwd[:]
	r.uni["CamCenter"] = s.center[:]
	r.uni["CamFocal"] = float32(pr.Focal)
	r.withShadowMap()
}

// withShadowMap puts the shadow map into r.opts as image 2 when the sun
// shades this Draw.
func (r *Renderer) withShadowMap() {
	if r.sunActive() {
		r.opts.Images[2] = r.sun.m2
	}
}

// groundShader returns the shader of ground meshes and the background in
// mode.
func (r *Renderer) groundShader(mode Mode) *ebiten.Shader {
	switch {
	case !r.sun.on:
		return r.sh.plain[0]
	case !r.sunActive() || (mode == Sorted && !r.MovingShadows):
		return r.sun.sh.groundLit // lit by the sun, no shadows
	}
	return r.sun.sh.ground[mode]
}

// sunOr returns the sun's variant of a set of solid shaders (by material)
// when the sun shades this Draw, else base. The fixed shaders light faces
// from the Sun uniform too: with the sun set and no shadows (moving,
// without MovingShadows) they light them from the real sun.
func (r *Renderer) sunOr(base [4]*ebiten.Shader, pick func(*sunShaders) [4]*ebiten.Shader) [4]*ebiten.Shader {
	if r.sunActive() {
		return pick(r.sun.sh)
	}
	return base
}

// sunPlainFor picks the solid shaders of a moving camera: shadowed with
// MovingShadows, else lit by the sun without shadows.
func (r *Renderer) sunPlainFor(base [4]*ebiten.Shader) [4]*ebiten.Shader {
	if r.MovingShadows {
		return r.sunOr(base, sunPlain)
	}
	return base
}

func sunColor(s *sunShaders) [4]*ebiten.Shader { return s.color }
func sunBlend(s *sunShaders) [4]*ebiten.Shader { return s.blend }
func sunPlain(s *sunShaders) [4]*ebiten.Shader { return s.plain }

// releaseSun drops the shadow map images.
func (r *Renderer) releaseSun() {
	if r.sun.m1 != nil {
		r.sun.m1.Deallocate()
		r.sun.m2.Deallocate()
		r.sun.m1, r.sun.m2 = nil, nil
	}
	r.sun.ok, r.sun.casters, r.sun.castInst = false, nil, nil
	r.sun.dirty = r.sun.on
}

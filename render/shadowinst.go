package render

import (
	"github.com/hajimehoshi/ebiten/v2"
)

// drawInstanceCasters draws the instanced meshes of the renderer's layers
// (trees, street furniture) into shadow map pass target t: every
// instance's copy of its prototype, transformed, batched into draw calls
// of at most maxChunkVertices vertices. Both faces are drawn (a mirrored
// copy winds the other way, and trees are small). Streamed tiles' sets
// are not among r.insts and cast nothing.
func (r *Renderer) drawInstanceCasters(t *ebiten.Image, sh *ebiten.Shader, opts *ebiten.DrawTrianglesShaderOptions, sp *sunProjection, st *Stats) {
	s := &r.sun
	s.verts, s.idx = s.verts[:0], s.idx[:0]
	flush := func() {
		if len(s.idx) > 0 {
			t.DrawTrianglesShader(s.verts, s.idx, sh, opts)
			st.DrawCalls++
			st.Vertices += len(s.verts)
			r.queued.add(len(s.verts))
		}
		s.verts, s.idx = s.verts[:0], s.idx[:0]
	}
	for _, sets := range r.insts {
		for _, is := range sets {
			for _, pc := range is.pieces {
				nv := len(pc.pos) / 3
				if pc.key.blend || len(pc.idx) == 0 || nv > maxChunkVertices {
					continue
				}
				for k := range is.xf {
					xf := &is.xf[k]
					if len(s.verts)+nv > maxChunkVertices {
						flush()
					}
					base := uint16(len(s.verts))
					for i := 0; i+2 < len(pc.pos); i += 3 {
						p := xf.Apply([3]float32{pc.pos[i], pc.pos[i+1], pc.pos[i+2]})
						s.verts = append(s.verts, sp.vertex(p))
					}
					for _, j := range pc.idx {
						s.idx = append(s.idx, base+j)
					}
				}
			}
		}
	}
	flush()
}

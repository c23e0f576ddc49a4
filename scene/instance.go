package scene

// MeshInstance places one copy of an instanced Mesh (a tree, a lamp post,
// an i3dm instance) in the local frame. The mesh's vertices are stored once;
// each copy is drawn through its own transform.
type MeshInstance struct {
	// Transform maps mesh coordinates to the local frame: a row-major 3×4
	// affine matrix, x' = T[0]x + T[1]y + T[2]z + T[3], y' = T[4]x + … +
	// T[7], z' = T[8]x + … + T[11]. A negative determinant mirrors the copy,
	// which turns its triangles' winding around.
	Transform [12]float64
	// Feature is the feature (index into Layer.Features) that every
	// triangle of this copy draws, or -1 to keep the features of the mesh's
	// Parts.
	Feature int
}

// Apply returns p (mesh coordinates) in the local frame.
func (t *MeshInstance) Apply(p [3]float32) Vec3 {
	x, y, z := float64(p[0]), float64(p[1]), float64(p[2])
	m := &t.Transform
	return Vec3{
		m[0]*x + m[1]*y + m[2]*z + m[3],
		m[4]*x + m[5]*y + m[6]*z + m[7],
		m[8]*x + m[9]*y + m[10]*z + m[11],
	}
}

// Mirrors reports whether the transform has a negative determinant.
func (t *MeshInstance) Mirrors() bool {
	m := &t.Transform
	det := m[0]*(m[5]*m[10]-m[6]*m[9]) - m[1]*(m[4]*m[10]-m[6]*m[8]) + m[2]*(m[4]*m[9]-m[5]*m[8])
	return det < 0
}

// Box returns the local-frame box around b (mesh coordinates) after the
// transform: the box of its eight transformed corners.
func (t *MeshInstance) Box(b Box) Box {
	if b.Empty() {
		return b
	}
	out := EmptyBox()
	for i := 0; i < 8; i++ {
		c := b.Corner(i)
		out = out.Extend(t.Apply([3]float32{float32(c[0]), float32(c[1]), float32(c[2])}))
	}
	return out
}

// FeatureOf returns the feature that part p draws in this copy.
func (t *MeshInstance) FeatureOf(p Part) int {
	if t.Feature >= 0 {
		return t.Feature
	}
	return p.Feature
}

// Copies returns how many times m is drawn: len(m.Instances), or 1 for a
// mesh whose vertices are already in the local frame.
func (m *Mesh) Copies() int { return max(1, len(m.Instances)) }

package gltf

import (
	"citytwin/scene/affine"
	"encoding/json"
	"fmt"
	"math"

	qgltf "github.com/qmuntal/gltf"
)

// maxDepth bounds node hierarchies; deeper (or cyclic) ones are refused.
const maxDepth = 256

// maxVisits bounds node instances (a node listed as a child many times at
// many levels multiplies them), so a small file cannot make the loader
// spin.
const maxVisits = 1 << 20

// RootNodes returns the root nodes that are drawn: the default scene's, else
// scene 0's, else every node that is nobody's child.
func (m *Model) RootNodes() []int {
	d := m.Doc
	if len(d.Scenes) > 0 {
		s := 0
		if d.Scene != nil && *d.Scene >= 0 && *d.Scene < len(d.Scenes) {
			s = *d.Scene
		}
		return d.Scenes[s].Nodes
	}
	child := make([]bool, len(d.Nodes))
	for _, n := range d.Nodes {
		for _, c := range n.Children {
			if c >= 0 && c < len(child) {
				child[c] = true
			}
		}
	}
	var roots []int
	for i, c := range child {
		if !c {
			roots = append(roots, i)
		}
	}
	return roots
}

// nodeMatrix returns a node's local transform (matrix, or T·R·S).
func nodeMatrix(n *qgltf.Node) affine.Mat4 {
	mat := affine.Mat4(n.MatrixOrDefault())
	if mat == affine.Identity {
		return affine.TRS(n.TranslationOrDefault(), n.RotationOrDefault(), n.ScaleOrDefault())
	}
	return mat
}

// walk calls fn for every node reachable from the drawn roots with its
// global transform parent·…·local, pre-multiplied by base. A node that is
// reached again through its own subtree is an error (a cycle).
func (m *Model) walk(base affine.Mat4, fn func(node int, global affine.Mat4) error) error {
	onStack := make([]bool, len(m.Doc.Nodes))
	visits := 0
	var visit func(i int, parent affine.Mat4, depth int) error
	visit = func(i int, parent affine.Mat4, depth int) error {
		if i < 0 || i >= len(m.Doc.Nodes) {
			return fmt.Errorf("node %d does not exist", i)
		}
		if onStack[i] || depth > maxDepth {
			return fmt.Errorf("node %d: the node hierarchy has a cycle or is deeper than %d", i, maxDepth)
		}
		if visits++; visits > maxVisits {
			return fmt.Errorf("more than %d node instances", maxVisits)
		}
		onStack[i] = true
		defer func() { onStack[i] = false }()
		n := m.Doc.Nodes[i]
		g := parent.Mul(nodeMatrix(n))
		if !g.Finite() {
			return fmt.Errorf("node %d: transform is not finite", i)
		}
		if err := fn(i, g); err != nil {
			return err
		}
		for _, c := range n.Children {
			if err := visit(c, g, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	for _, r := range m.RootNodes() {
		if err := visit(r, base, 0); err != nil {
			return err
		}
	}
	return nil
}

// instanceMatrices returns the EXT_mesh_gpu_instancing transforms of node
// i (nil when the node is not instanced).
// maxNodeInstances bounds the copies of one instanced node (128 bytes each:
// a few hundred bytes of accessors without buffer data could otherwise ask
// for gigabytes).
const maxNodeInstances = 1 << 20

func (m *Model) instanceMatrices(i int) ([]affine.Mat4, error) {
	raw, ok := m.Doc.Nodes[i].Extensions["EXT_mesh_gpu_instancing"]
	if !ok {
		return nil, nil
	}
	var ext struct {
		Attributes map[string]int `json:"attributes"`
	}
	b, ok := raw.(json.RawMessage)
	if !ok {
		return nil, nil
	}
	if err := json.Unmarshal(b, &ext); err != nil {
		return nil, fmt.Errorf("node %d: EXT_mesh_gpu_instancing: %w", i, err)
	}
	count := -1
	read := func(name string, comps int) ([]float64, error) {
		ai, ok := ext.Attributes[name]
		if !ok {
			return nil, nil
		}
		v, c, err := m.readFloats(ai, nil)
		if err != nil {
			return nil, err
		}
		if c != comps {
			return nil, fmt.Errorf("%s has %d components, want %d", name, c, comps)
		}
		n := len(v) / comps
		if count >= 0 && n != count {
			return nil, fmt.Errorf("%s has %d instances, others %d", name, n, count)
		}
		count = n
		return v, nil
	}
	t, err := read("TRANSLATION", 3)
	if err != nil {
		return nil, fmt.Errorf("node %d: EXT_mesh_gpu_instancing: %w", i, err)
	}
	r, err := read("ROTATION", 4)
	if err != nil {
		return nil, fmt.Errorf("node %d: EXT_mesh_gpu_instancing: %w", i, err)
	}
	s, err := read("SCALE", 3)
	if err != nil {
		return nil, fmt.Errorf("node %d: EXT_mesh_gpu_instancing: %w", i, err)
	}
	if count < 0 {
		return nil, nil
	}
	if count > maxNodeInstances {
		return nil, fmt.Errorf("node %d: EXT_mesh_gpu_instancing: %d instances, at most %d are placed", i, count, maxNodeInstances)
	}
	out := make([]affine.Mat4, count)
	for k := range out {
		tt, rr, ss := [3]float64{}, [4]float64{0, 0, 0, 1}, [3]float64{1, 1, 1}
		if t != nil {
			copy(tt[:], t[k*3:])
		}
		if r != nil {
			copy(rr[:], r[k*4:])
		}
		if s != nil {
			copy(ss[:], s[k*3:])
		}
		out[k] = affine.TRS(tt, rr, ss)
	}
	return out, nil
}

// instanceFeatureIDs returns the per-instance feature ids of node i
// (EXT_instance_features: the first feature id set with an attribute,
// _FEATURE_ID_n among the node's EXT_mesh_gpu_instancing attributes) and
// the property table they index (-1: none); nil when the node has none.
func (m *Model) instanceFeatureIDs(i, count int) ([]float64, int, error) {
	n := m.Doc.Nodes[i]
	raw, ok := n.Extensions["EXT_instance_features"].(json.RawMessage)
	if !ok {
		return nil, -1, nil
	}
	inst, ok := n.Extensions["EXT_mesh_gpu_instancing"].(json.RawMessage)
	if !ok {
		return nil, -1, nil
	}
	var ext struct {
		FeatureIDs []struct {
			Attribute     *int `json:"attribute"`
			PropertyTable *int `json:"propertyTable"`
		} `json:"featureIds"`
	}
	var gpu struct {
		Attributes map[string]int `json:"attributes"`
	}
	if err := json.Unmarshal(raw, &ext); err != nil {
		return nil, -1, fmt.Errorf("node %d: EXT_instance_features: %w", i, err)
	}
	if err := json.Unmarshal(inst, &gpu); err != nil {
		return nil, -1, fmt.Errorf("node %d: EXT_mesh_gpu_instancing: %w", i, err)
	}
	for _, f := range ext.FeatureIDs {
		if f.Attribute == nil {
			continue // implicit ids (instance index) and featureCount only: nothing to read
		}
		ai, ok := gpu.Attributes[fmt.Sprintf("_FEATURE_ID_%d", *f.Attribute)]
		if !ok {
			return nil, -1, fmt.Errorf("node %d: EXT_instance_features: attribute _FEATURE_ID_%d is not an instance attribute", i, *f.Attribute)
		}
		v, c, err := m.readFloats(ai, nil)
		if err != nil {
			return nil, -1, fmt.Errorf("node %d: EXT_instance_features: %w", i, err)
		}
		if c != 1 || len(v) != count {
			return nil, -1, fmt.Errorf("node %d: EXT_instance_features: %d feature ids of %d components for %d instances", i, len(v), c, count)
		}
		table := -1
		if f.PropertyTable != nil {
			table = *f.PropertyTable
		}
		return v, table, nil
	}
	return nil, -1, nil
}

// Bounds returns the box, after toWorld, of every drawn primitive's
// POSITION accessor min/max (corners transformed, so it may be a little
// larger than the geometry). ok is false when no accessor has min/max.
func (m *Model) Bounds(toWorld affine.Mat4) (lo, hi [3]float64, ok bool) {
	lo = [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	hi = [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	_ = m.walk(toWorld, func(i int, g affine.Mat4) error {
		n := m.Doc.Nodes[i]
		if n.Mesh == nil {
			return nil
		}
		for _, p := range m.Doc.Meshes[*n.Mesh].Primitives {
			ai, has := p.Attributes[qgltf.POSITION]
			if !has || ai < 0 || ai >= len(m.Doc.Accessors) {
				continue
			}
			a := m.Doc.Accessors[ai]
			if len(a.Min) < 3 || len(a.Max) < 3 {
				continue
			}
			for c := 0; c < 8; c++ {
				q := [3]float64{a.Min[0], a.Min[1], a.Min[2]}
				for k := 0; k < 3; k++ {
					if c&(1<<k) != 0 {
						q[k] = a.Max[k]
					}
				}
				w := g.Apply(q)
				for k := 0; k < 3; k++ {
					lo[k] = math.Min(lo[k], w[k])
					hi[k] = math.Max(hi[k], w[k])
				}
				ok = true
			}
		}
		return nil
	})
	return lo, hi, ok
}

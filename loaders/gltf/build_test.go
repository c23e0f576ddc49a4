package gltf

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	qgltf "github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// encodeGLB writes doc as GLB bytes.
func encodeGLB(t testing.TB, doc *qgltf.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := qgltf.NewEncoder(&buf).Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// triangleDoc returns a document with one triangle (0,0,0) (1,0,0) (0,1,0)
// with normals +Z, drawn by the given nodes (node 0 is the root and holds
// the mesh unless nodes say otherwise).
func triangleDoc(nodes ...*qgltf.Node) *qgltf.Document {
	doc := qgltf.NewDocument()
	pos := modeler.WritePosition(doc, [][3]float32{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}})
	nrm := modeler.WriteNormal(doc, [][3]float32{{0, 0, 1}, {0, 0, 1}, {0, 0, 1}})
	idx := modeler.WriteIndices(doc, []uint16{0, 1, 2})
	doc.Meshes = []*qgltf.Mesh{{Name: "tri", Primitives: []*qgltf.Primitive{{
		Indices: qgltf.Index(idx), Attributes: qgltf.PrimitiveAttributes{qgltf.POSITION: pos, qgltf.NORMAL: nrm},
	}}}}
	if len(nodes) == 0 {
		nodes = []*qgltf.Node{{Mesh: qgltf.Index(0)}}
	}
	doc.Nodes = nodes
	doc.Scenes = []*qgltf.Scene{{Nodes: []int{0}}}
	doc.Scene = qgltf.Index(0)
	return doc
}

// appendRaw decodes data and appends it with ToLocal = identity, so the
// vertices stay in glTF axes.
func appendRaw(t *testing.T, data []byte) *scene.Layer {
	t.Helper()
	m, err := Decode(nil, "test.glb", data)
	if err != nil {
		t.Fatal(err)
	}
	l := &scene.Layer{}
	if err := m.AppendTo(l, Instance{ToLocal: affine.Identity}); err != nil {
		t.Fatal(err)
	}
	Finish(l)
	return l
}

func near3(a [3]float32, b [3]float64, tol float64) bool {
	for i := range a {
		if math.Abs(float64(a[i])-b[i]) > tol {
			return false
		}
	}
	return true
}

// positions returns the positions of the vertices of the triangles of l in
// drawing order.
func positions(l *scene.Layer) [][3]float32 {
	var out [][3]float32
	for _, m := range l.Meshes {
		for c := 0; c < m.Copies(); c++ {
			for _, ix := range m.Indices {
				p := m.Vertices[ix].Pos
				if len(m.Instances) > 0 {
					q := m.Instances[c].Apply(p)
					p = [3]float32{float32(q[0]), float32(q[1]), float32(q[2])}
				}
				out = append(out, p)
			}
		}
	}
	return out
}

func TestNodeTransforms(t *testing.T) {
	half := math.Sqrt(0.5)
	tests := []struct {
		name  string
		nodes []*qgltf.Node
		want  [][3]float64
	}{
		{"translation", []*qgltf.Node{{Mesh: qgltf.Index(0), Translation: [3]float64{10, 0, 0}, Rotation: qgltf.DefaultRotation, Scale: qgltf.DefaultScale}},
			[][3]float64{{10, 0, 0}, {11, 0, 0}, {10, 1, 0}}},
		{"parent translation, child rotation 90° about z and scale 2", []*qgltf.Node{
			{Children: []int{1}, Translation: [3]float64{0, 5, 0}, Rotation: qgltf.DefaultRotation, Scale: qgltf.DefaultScale},
			{Mesh: qgltf.Index(0), Rotation: [4]float64{0, 0, half, half}, Scale: [3]float64{2, 2, 2}},
		}, [][3]float64{{0, 5, 0}, {0, 7, 0}, {-2, 5, 0}}},
		{"matrix", []*qgltf.Node{{Mesh: qgltf.Index(0), Matrix: [16]float64{1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 1, 2, 3, 1}}},
			[][3]float64{{1, 2, 3}, {2, 2, 3}, {1, 2, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := appendRaw(t, encodeGLB(t, triangleDoc(tt.nodes...)))
			got := positions(l)
			if len(got) != 3 {
				t.Fatalf("%d vertices drawn", len(got))
			}
			for i := range got {
				if !near3(got[i], tt.want[i], 1e-5) {
					t.Errorf("vertex %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
			if len(l.Features) != 1 || l.Meshes[0].Parts[0].Feature != 0 {
				t.Errorf("want one feature for the one node instance, got %d", len(l.Features))
			}
		})
	}
}

// faceNormal64 returns the geometric normal of triangle (a, b, c).
func faceNormal64(a, b, c [3]float32) [3]float64 {
	u := [3]float64{float64(b[0] - a[0]), float64(b[1] - a[1]), float64(b[2] - a[2])}
	v := [3]float64{float64(c[0] - a[0]), float64(c[1] - a[1]), float64(c[2] - a[2])}
	n := [3]float64{u[1]*v[2] - u[2]*v[1], u[2]*v[0] - u[0]*v[2], u[0]*v[1] - u[1]*v[0]}
	l := math.Sqrt(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])
	if l == 0 {
		return [3]float64{}
	}
	return [3]float64{n[0] / l, n[1] / l, n[2] / l}
}

func TestNegativeScaleFlipsWinding(t *testing.T) {
	for _, withNormals := range []bool{true, false} {
		doc := triangleDoc(&qgltf.Node{Mesh: qgltf.Index(0), Rotation: qgltf.DefaultRotation, Scale: [3]float64{-1, 1, 1}})
		if !withNormals {
			delete(doc.Meshes[0].Primitives[0].Attributes, qgltf.NORMAL)
		}
		l := appendRaw(t, encodeGLB(t, doc))
		m := l.Meshes[0]
		a, b, c := m.Vertices[m.Indices[0]], m.Vertices[m.Indices[1]], m.Vertices[m.Indices[2]]
		geo := faceNormal64(a.Pos, b.Pos, c.Pos)
		if geo[2] < 0.99 {
			t.Errorf("normals=%v: mirrored triangle faces %v, want +z (winding not flipped)", withNormals, geo)
		}
	}
}

func TestStripsAndFans(t *testing.T) {
	for _, tt := range []struct {
		mode qgltf.PrimitiveMode
		want int
	}{{qgltf.PrimitiveTriangleStrip, 3}, {qgltf.PrimitiveTriangleFan, 3}, {qgltf.PrimitiveTriangles, 1}, {qgltf.PrimitiveLines, 0}} {
		doc := qgltf.NewDocument()
		pts := [][3]float32{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {0, 2, 0}} // a counter-clockwise strip
		if tt.mode == qgltf.PrimitiveTriangleFan {
			pts = [][3]float32{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {-1, 1, 0}} // a counter-clockwise fan
		}
		pos := modeler.WritePosition(doc, pts)
		doc.Meshes = []*qgltf.Mesh{{Primitives: []*qgltf.Primitive{{Mode: tt.mode, Attributes: qgltf.PrimitiveAttributes{qgltf.POSITION: pos}}}}}
		doc.Nodes = []*qgltf.Node{{Mesh: qgltf.Index(0)}}
		doc.Scenes = []*qgltf.Scene{{Nodes: []int{0}}}
		l := appendRaw(t, encodeGLB(t, doc))
		n := 0
		for _, m := range l.Meshes {
			n += m.Triangles()
			// Every strip triangle faces the same way (+z) as the first.
			for i := 0; i+2 < len(m.Indices); i += 3 {
				f := faceNormal64(m.Vertices[m.Indices[i]].Pos, m.Vertices[m.Indices[i+1]].Pos, m.Vertices[m.Indices[i+2]].Pos)
				if f[2] < 0.99 {
					t.Errorf("mode %v: triangle %d faces %v", tt.mode, i/3, f)
				}
			}
		}
		if n != tt.want {
			t.Errorf("mode %v: %d triangles, want %d", tt.mode, n, tt.want)
		}
	}
}

func TestQuantizedAttributes(t *testing.T) {
	doc := qgltf.NewDocument()
	// KHR_mesh_quantization: SHORT positions scaled by the node, BYTE
	// normalized normals.
	pos := modeler.WriteAccessor(doc, qgltf.TargetArrayBuffer, [][4]int16{{0, 0, 0, 0}, {1000, 0, 0, 0}, {0, 1000, 0, 0}})
	doc.Accessors[pos].Type = qgltf.AccessorVec3
	doc.BufferViews[*doc.Accessors[pos].BufferView].ByteStride = 8
	nrm := modeler.WriteAccessor(doc, qgltf.TargetArrayBuffer, [][4]int8{{0, 0, 127, 0}, {0, 0, 127, 0}, {0, 0, -128, 0}})
	doc.Accessors[nrm].Type = qgltf.AccessorVec3
	doc.Accessors[nrm].Normalized = true
	doc.BufferViews[*doc.Accessors[nrm].BufferView].ByteStride = 4
	doc.Meshes = []*qgltf.Mesh{{Primitives: []*qgltf.Primitive{{Attributes: qgltf.PrimitiveAttributes{qgltf.POSITION: pos, qgltf.NORMAL: nrm}}}}}
	doc.Nodes = []*qgltf.Node{{Mesh: qgltf.Index(0), Rotation: qgltf.DefaultRotation, Scale: [3]float64{0.001, 0.001, 0.001}}}
	doc.Scenes = []*qgltf.Scene{{Nodes: []int{0}}}
	doc.ExtensionsUsed = []string{"KHR_mesh_quantization"}
	doc.ExtensionsRequired = []string{"KHR_mesh_quantization"}
	l := appendRaw(t, encodeGLB(t, doc))
	got := positions(l)
	want := [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}
	for i := range want {
		if !near3(got[i], want[i], 1e-6) {
			t.Errorf("vertex %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestSparseAccessor(t *testing.T) {
	doc := triangleDoc()
	// Move vertex 2 to (5, 5, 5) through a sparse substitution.
	iv := modeler.WriteBufferView(doc, qgltf.TargetNone, []uint16{2, 0})
	vv := modeler.WriteBufferView(doc, qgltf.TargetNone, [][3]float32{{5, 5, 5}})
	doc.Accessors[0].Sparse = &qgltf.Sparse{Count: 1,
		Indices: qgltf.SparseIndices{BufferView: iv, ComponentType: qgltf.ComponentUshort},
		Values:  qgltf.SparseValues{BufferView: vv}}
	l := appendRaw(t, encodeGLB(t, doc))
	if got := positions(l)[2]; !near3(got, [3]float64{5, 5, 5}, 1e-6) {
		t.Errorf("sparse vertex = %v, want (5,5,5)", got)
	}
	// A sparse index past the count is refused.
	doc.BufferViews[iv].ByteLength = 2
	doc.Buffers[0].Data[doc.BufferViews[iv].ByteOffset] = 9
	if _, err := Load(fstest.MapFS{"bad.glb": {Data: encodeGLB(t, doc)}}, "bad.glb", Options{}); !IsInputError(err) {
		t.Errorf("sparse index 9 of 3: err = %v, want an InputError", err)
	}
}

// instancedTriangleDoc is triangleDoc placed three times, 10 m apart along
// x, by EXT_mesh_gpu_instancing.
func instancedTriangleDoc() *qgltf.Document {
	doc := triangleDoc()
	tr := modeler.WriteAccessor(doc, qgltf.TargetNone, [][3]float32{{0, 0, 0}, {10, 0, 0}, {20, 0, 0}})
	ext, _ := json.Marshal(map[string]any{"attributes": map[string]int{"TRANSLATION": tr}})
	doc.Nodes[0].Extensions = qgltf.Extensions{"EXT_mesh_gpu_instancing": json.RawMessage(ext)}
	doc.ExtensionsUsed = []string{"EXT_mesh_gpu_instancing"}
	doc.ExtensionsRequired = []string{"EXT_mesh_gpu_instancing"}
	return doc
}

func TestGPUInstancingStoresOnce(t *testing.T) {
	l := appendRaw(t, encodeGLB(t, instancedTriangleDoc()))
	if len(l.Meshes) != 1 || len(l.Meshes[0].Vertices) != 3 || len(l.Meshes[0].Instances) != 3 {
		t.Fatalf("want one mesh of 3 vertices stored once with 3 instances, got %d meshes", len(l.Meshes))
	}
	if n := l.Meshes[0].Triangles(); n != 3 {
		t.Errorf("%d triangles drawn, want 3", n)
	}
	got := positions(l)
	if len(got) != 9 || !near3(got[6], [3]float64{20, 0, 0}, 1e-6) {
		t.Fatalf("3 instances: %d placed vertices, last triangle starts at %v", len(got), got)
	}
	if b := l.Bounds; b.Min[0] != 0 || b.Max[0] != 21 {
		t.Errorf("layer bounds %v, want x from 0 to 21 (every instance)", b)
	}
}

func TestMalformedGeometryIsInputError(t *testing.T) {
	tests := []struct {
		name   string
		change func(doc *qgltf.Document)
		reason string
	}{
		{"index out of range", func(doc *qgltf.Document) { doc.Buffers[0].Data[doc.BufferViews[2].ByteOffset] = 7 }, "out of range"},
		{"accessor overruns its view", func(doc *qgltf.Document) { doc.Accessors[0].Count = 40 }, "need"},
		{"byteStride too small", func(doc *qgltf.Document) { doc.BufferViews[0].ByteStride = 4 }, "byteStride"},
		{"node cycle", func(doc *qgltf.Document) { doc.Nodes[0].Children = []int{0} }, "cycle"},
		{"missing mesh", func(doc *qgltf.Document) { doc.Nodes[0].Mesh = qgltf.Index(4) }, "mesh 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := triangleDoc()
			tt.change(doc)
			_, err := Load(fstest.MapFS{"m.glb": {Data: encodeGLB(t, doc)}}, "m.glb", Options{})
			if !IsInputError(err) || !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), "m.glb") {
				t.Errorf("err = %v, want an InputError naming m.glb and %q", err, tt.reason)
			}
		})
	}
}

func TestExternalPathsStayInside(t *testing.T) {
	fsys := fstest.MapFS{
		"secret.bin":          {Data: make([]byte, 64)},
		"models/m.gltf":       {Data: []byte(`{"asset":{"version":"2.0"},"buffers":[{"uri":"../secret.bin","byteLength":36}],"bufferViews":[{"buffer":0,"byteLength":36}],"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3"}],"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],"nodes":[{"mesh":0}]}`)},
		"models/ok.gltf":      {Data: []byte(`{"asset":{"version":"2.0"},"buffers":[{"uri":"sub/b%20in.bin","byteLength":36}],"bufferViews":[{"buffer":0,"byteLength":36}],"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3"}],"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],"nodes":[{"mesh":0}]}`)},
		"models/sub/b in.bin": {Data: make([]byte, 36)},
	}
	sub, _ := fsSub(fsys, "models")
	if _, err := Load(sub, "m.gltf", Options{}); !IsInputError(err) || !strings.Contains(err.Error(), "leaves") {
		t.Errorf("../secret.bin: err = %v, want refusal", err)
	}
	l, err := Load(sub, "ok.gltf", Options{})
	if err != nil || triangles(l) != 1 {
		t.Errorf("escaped relative uri: err = %v", err)
	}
}

func TestPlacement(t *testing.T) {
	// The model's forward (−Z) with heading 90 faces east; +Y is up.
	doc := qgltf.NewDocument()
	pos := modeler.WritePosition(doc, [][3]float32{{0, 0, -10}, {0, 5, 0}, {1, 0, 0}})
	doc.Meshes = []*qgltf.Mesh{{Primitives: []*qgltf.Primitive{{Attributes: qgltf.PrimitiveAttributes{qgltf.POSITION: pos}}}}}
	doc.Nodes = []*qgltf.Node{{Mesh: qgltf.Index(0)}}
	doc.Scenes = []*qgltf.Scene{{Nodes: []int{0}}}
	fsys := fstest.MapFS{"m.glb": {Data: encodeGLB(t, doc)}}
	frame := scene.NewFrame(scene.Geo{Lon: 2.17, Lat: 41.39})
	l, err := Load(fsys, "m.glb", Options{Frame: frame, Placement: &Placement{Lon: 2.17, Lat: 41.39, Alt: 3, Heading: 90, Scale: 2}})
	if err != nil {
		t.Fatal(err)
	}
	got := positions(l)
	for i, want := range [][3]float64{{20, 0, 3}, {0, 0, 13}, {0, -2, 3}} {
		if !near3(got[i], want, 1e-3) {
			t.Errorf("vertex %d = %v, want %v", i, got[i], want)
		}
	}
	// Placed 0.01° east of the frame origin: about 835 m east.
	l, err = Load(fsys, "m.glb", Options{Frame: frame, Placement: &Placement{Lon: 2.18, Lat: 41.39}})
	if err != nil {
		t.Fatal(err)
	}
	want := frame.FromGeo(2.18, 41.39, 0)
	if p := positions(l)[1]; math.Abs(float64(p[0])-want[0]) > 0.01 || math.Abs(float64(p[2])-(want[2]+5)) > 0.01 {
		t.Errorf("placed vertex %v, want about %v + 5 m up", p, want)
	}
	// No frame: the frame is the placement, stored in Origin.
	l, err = Load(fsys, "m.glb", Options{Placement: &Placement{Lon: 7.42, Lat: 43.73}})
	if err != nil || l.Origin.Lon != 7.42 || l.Origin.Lat != 43.73 {
		t.Errorf("origin %+v err %v", l.Origin, err)
	}
}

func TestPlateauECEFNode(t *testing.T) {
	root := sampleFS(t)
	l, err := Load(os.DirFS(filepath.Join(root, "city3d/plateau-shizuoka-jp")), "test.glb", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := triangles(l); n != 38480 {
		t.Errorf("triangles %d, want 38480", n)
	}
	// Region lon 2.42251–2.42273 rad, lat 0.61305–0.61319 rad.
	if lon, lat := l.Origin.Lon*math.Pi/180, l.Origin.Lat*math.Pi/180; lon < 2.4225 || lon > 2.4228 || lat < 0.6130 || lat > 0.6132 {
		t.Errorf("origin %+v is outside the model's region", l.Origin)
	}
	// Upright: the model is wide (hundreds of metres) and low (tens).
	b := l.Bounds
	if w, h := b.Max[0]-b.Min[0], b.Max[2]-b.Min[2]; w < 500 || h > 100 || b.Min[2] != 0 {
		t.Errorf("bounds %v: want wide, low and standing on z = 0", b)
	}
}

func TestMaterials(t *testing.T) {
	root := sampleFS(t)
	fsys := os.DirFS(root)
	load := func(name string) *scene.Layer {
		l, err := Load(fsys, name, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if l := load("gltf/khronos/UnlitTest/glTF-Binary/UnlitTest.glb"); !l.Meshes[0].Unlit {
		t.Error("UnlitTest: mesh not unlit")
	}
	l := load("gltf/khronos/BoxTextured/glTF-Binary/BoxTextured.glb")
	if l.Meshes[0].Texture == nil || l.Meshes[0].Texture.Bounds().Dx() == 0 {
		t.Error("BoxTextured: no texture")
	}
	l = load("gltf/khronos/CesiumMan/glTF/CesiumMan.gltf")
	if l.Meshes[0].Texture == nil {
		t.Error("CesiumMan: external JPEG texture not loaded")
	}
	// VertexColorTest draws COLOR_0 in several encodings: some vertices are
	// strongly coloured.
	l = load("gltf/khronos/VertexColorTest/glTF-Binary/VertexColorTest.glb")
	coloured := 0
	for _, m := range l.Meshes {
		for _, v := range m.Vertices {
			if v.Color.R > 200 && v.Color.G < 60 && v.Color.B < 60 {
				coloured++
			}
		}
	}
	if coloured == 0 {
		t.Error("VertexColorTest: no red vertex colour")
	}
	// TextureTransformTest: the transformed UVs leave the unit square
	// (scale/offset), which only happens if KHR_texture_transform applied.
	l = load("gltf/khronos/TextureTransformTest/glTF/TextureTransformTest.gltf")
	outside := false
	for _, m := range l.Meshes {
		for _, v := range m.Vertices {
			outside = outside || v.UV[0] < -0.01 || v.UV[0] > 1.01 || v.UV[1] < -0.01 || v.UV[1] > 1.01
		}
	}
	if !outside {
		t.Error("TextureTransformTest: UVs all inside [0,1]; transform not applied?")
	}
}

func fsSub(fsys fs.FS, dir string) (fs.FS, error) { return fs.Sub(fsys, dir) }

// TestMeshoptFallback reads the uncompressed fallback buffer of a model
// that only uses EXT_meshopt_compression, dequantising its uint16
// positions (node scale) and int8 normalized normals: a cube from −1 to 1
// and, 2.872 m above it, a smaller object reaching 15068 quantization
// steps: z up to 2.872 − 1 + 15068 × 0.000122077763 = 3.7117.
func TestMeshoptFallback(t *testing.T) {
	root := sampleFS(t)
	l, err := Load(os.DirFS(root), "gltf/compressed/meshopt-fallback/meshopt-fallback.gltf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := l.Bounds
	want := scene.Box{Min: scene.Vec3{-1, -1, -1}, Max: scene.Vec3{1, 1, 3.7117}}
	for k := 0; k < 3; k++ {
		if math.Abs(b.Min[k]-want.Min[k]) > 0.001 || math.Abs(b.Max[k]-want.Max[k]) > 0.001 {
			t.Fatalf("bounds %v, want %v", b, want)
		}
	}
}

// TestECEFChildNode: an Earth-centred translation on a child node (in glTF
// y-up axes) georeferences the model; the frame is chosen at its centre,
// on its lowest point.
func TestECEFChildNode(t *testing.T) {
	e := scene.GeodeticToECEF(5, 50, 120)
	doc := triangleDoc(
		&qgltf.Node{Children: []int{1}, Rotation: qgltf.DefaultRotation, Scale: qgltf.DefaultScale},
		&qgltf.Node{Mesh: qgltf.Index(0), Translation: [3]float64{e[0], e[2], -e[1]}, Rotation: qgltf.DefaultRotation, Scale: qgltf.DefaultScale},
	)
	l, err := Load(fstest.MapFS{"m.glb": {Data: encodeGLB(t, doc)}}, "m.glb", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(l.Origin.Lon-5) > 1e-4 || math.Abs(l.Origin.Lat-50) > 1e-4 || math.Abs(l.Origin.Alt-120) > 1.5 {
		t.Errorf("origin %+v, want about 5°E 50°N 120 m", l.Origin)
	}
	if b := l.Bounds; b.Max[0]-b.Min[0] > 2 || b.Max[1]-b.Min[1] > 2 || b.Min[2] != 0 {
		t.Errorf("bounds %v: want the 1 m triangle at the origin", b)
	}
}

func TestMetalShade(t *testing.T) {
	for _, c := range []struct{ metallic, roughness, want float64 }{
		{1, 1, 1},   // glTF's defaults keep the base colour
		{0, 0, 1},   // a glossy plastic is still diffuse
		{1, 0, 0.7}, // a polished metal darkens
		{0.5, 0.5, 0.925},
		{2, -1, 0.7}, // out-of-range factors are clamped
	} {
		if got := metalShade(c.metallic, c.roughness); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("metalShade(%v, %v) = %v, want %v", c.metallic, c.roughness, got, c.want)
		}
	}
}

// EXT_instance_features gives each instance its own feature: instances
// with the same id share one.
func TestInstanceFeatures(t *testing.T) {
	doc := instancedTriangleDoc()
	ids := modeler.WriteAccessor(doc, qgltf.TargetNone, []float32{5, 7, 5})
	var gpu map[string]map[string]int
	_ = json.Unmarshal(doc.Nodes[0].Extensions["EXT_mesh_gpu_instancing"].(json.RawMessage), &gpu)
	gpu["attributes"]["_FEATURE_ID_0"] = ids
	ext, _ := json.Marshal(gpu)
	feat, _ := json.Marshal(map[string]any{"featureIds": []map[string]any{{"featureCount": 2, "attribute": 0}}})
	doc.Nodes[0].Extensions["EXT_mesh_gpu_instancing"] = json.RawMessage(ext)
	doc.Nodes[0].Extensions["EXT_instance_features"] = json.RawMessage(feat)
	doc.ExtensionsUsed = append(doc.ExtensionsUsed, "EXT_instance_features")
	doc.ExtensionsRequired = append(doc.ExtensionsRequired, "EXT_instance_features")
	l := appendRaw(t, encodeGLB(t, doc))
	if len(l.Meshes) != 1 || len(l.Meshes[0].Instances) != 3 {
		t.Fatalf("want one mesh with 3 instances, got %d meshes", len(l.Meshes))
	}
	in := l.Meshes[0].Instances
	if in[0].Feature < 0 || in[0].Feature != in[2].Feature || in[0].Feature == in[1].Feature {
		t.Fatalf("instance features %d %d %d: want ids 5, 7, 5 as two features", in[0].Feature, in[1].Feature, in[2].Feature)
	}
	if a, b := l.Features[in[0].Feature].ID, l.Features[in[1].Feature].ID; a != "5" || b != "7" {
		t.Errorf("feature ids %q and %q, want 5 and 7", a, b)
	}
	// An id attribute that is not an instance attribute is an error.
	feat, _ = json.Marshal(map[string]any{"featureIds": []map[string]any{{"featureCount": 2, "attribute": 3}}})
	doc.Nodes[0].Extensions["EXT_instance_features"] = json.RawMessage(feat)
	if _, err := Load(fstest.MapFS{"bad.glb": {Data: encodeGLB(t, doc)}}, "bad.glb", Options{}); !IsInputError(err) {
		t.Errorf("missing _FEATURE_ID_3: err = %v, want an InputError", err)
	}
}

// Copies of a primitive too big to store once (over MaxVertices vertices)
// are written out one by one, each with its own feature.
func TestBigCopiesKeepTheirFeatures(t *testing.T) {
	doc := qgltf.NewDocument()
	pts := make([][3]float32, 3*25000) // 75,000 vertices, non-indexed
	for i := range pts {
		pts[i] = [3]float32{float32(i % 3), float32(i / 3 % 2), 0}
	}
	pos := modeler.WritePosition(doc, pts)
	doc.Meshes = []*qgltf.Mesh{{Primitives: []*qgltf.Primitive{{Attributes: qgltf.PrimitiveAttributes{qgltf.POSITION: pos}}}}}
	doc.Nodes = []*qgltf.Node{{Mesh: qgltf.Index(0)}}
	doc.Scenes = []*qgltf.Scene{{Nodes: []int{0}}}
	m, err := Decode(nil, "big.glb", encodeGLB(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	l := &scene.Layer{Features: []scene.Feature{{ID: "first"}, {ID: "second"}}}
	copies := []Copy{{ToLocal: affine.Identity, Feature: 0}, {ToLocal: affine.Translate([3]float64{100, 0, 0}), Feature: 1}}
	if err := m.AppendTo(l, Instance{Copies: copies}); err != nil {
		t.Fatal(err)
	}
	Finish(l)
	tris := map[int]int{}
	for _, me := range l.Meshes {
		if len(me.Instances) > 0 {
			t.Fatal("a primitive over MaxVertices was stored as instances")
		}
		for _, p := range me.Parts {
			tris[p.Feature] += p.Count / 3
		}
	}
	if tris[0] != 25000 || tris[1] != 25000 {
		t.Errorf("triangles per feature %v, want 25000 for each copy's own", tris)
	}
}

// GroundFeatures stands each copy of an instanced mesh on its own lowest
// point, as it stands each building.
func TestGroundFeaturesStandsEachCopy(t *testing.T) {
	m, err := Decode(nil, "tri.glb", encodeGLB(t, triangleDoc()))
	if err != nil {
		t.Fatal(err)
	}
	l := &scene.Layer{}
	copies := []Copy{{ToLocal: affine.Translate([3]float64{0, 0, 5}), Feature: -1}, {ToLocal: affine.Translate([3]float64{10, 0, 12}), Feature: -1}}
	if err := m.AppendTo(l, Instance{Copies: copies}); err != nil {
		t.Fatal(err)
	}
	Finish(l)
	ApplyGround(l, GroundFeatures)
	me := l.Meshes[0]
	for k := range me.Instances {
		if low := me.Instances[k].Box(me.Parts[0].Bounds).Min[2]; math.Abs(low) > 1e-9 {
			t.Errorf("copy %d stands at %.2f m, want 0", k, low)
		}
	}
	if l.Bounds.Min[2] != 0 {
		t.Errorf("layer bounds start at %.2f m, want 0", l.Bounds.Min[2])
	}
}

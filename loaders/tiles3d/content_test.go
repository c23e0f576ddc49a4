package tiles3d

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"testing/fstest"

	qgltf "github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"citytwin/scene"
	"citytwin/scene/affine"
)

// triangleGLB is a GLB with one triangle per batch id (0 and 1), z-up
// content written the way 3D Tiles expects: y-up glTF.
func triangleGLB(t testing.TB) []byte {
	t.Helper()
	doc := qgltf.NewDocument()
	// glTF y-up: (x, y, z) here becomes (x, −z, y) in the tile.
	pos := modeler.WritePosition(doc, [][3]float32{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {10, 0, 0}, {11, 0, 0}, {10, 1, 0}})
	bid := modeler.WriteAccessor(doc, qgltf.TargetArrayBuffer, []float32{0, 0, 0, 1, 1, 1})
	doc.Meshes = []*qgltf.Mesh{{Primitives: []*qgltf.Primitive{{Attributes: qgltf.PrimitiveAttributes{qgltf.POSITION: pos, "_BATCHID": bid}}}}}
	doc.Nodes = []*qgltf.Node{{Mesh: qgltf.Index(0)}}
	doc.Scenes = []*qgltf.Scene{{Nodes: []int{0}}}
	var buf bytes.Buffer
	if err := qgltf.NewEncoder(&buf).Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pad(b []byte, to int, with byte) []byte {
	for len(b)%to != 0 {
		b = append(b, with)
	}
	return b
}

// makeB3DM builds a b3dm with the given tables around glb.
func makeB3DM(ftJSON string, ftBin []byte, btJSON string, btBin, glb []byte) []byte {
	fj, bj := pad([]byte(ftJSON), 8, ' '), pad([]byte(btJSON), 8, ' ')
	if ftJSON == "" {
		fj = nil
	}
	if btJSON == "" {
		bj = nil
	}
	h := make([]byte, 28)
	copy(h, "b3dm")
	binary.LittleEndian.PutUint32(h[4:], 1)
	total := 28 + len(fj) + len(ftBin) + len(bj) + len(btBin) + len(glb)
	binary.LittleEndian.PutUint32(h[8:], uint32(total))
	binary.LittleEndian.PutUint32(h[12:], uint32(len(fj)))
	binary.LittleEndian.PutUint32(h[16:], uint32(len(ftBin)))
	binary.LittleEndian.PutUint32(h[20:], uint32(len(bj)))
	binary.LittleEndian.PutUint32(h[24:], uint32(len(btBin)))
	out := append(h, fj...)
	out = append(out, ftBin...)
	out = append(out, bj...)
	out = append(out, btBin...)
	return append(out, glb...)
}

func TestParseB3DM(t *testing.T) {
	glb := triangleGLB(t)
	rtcBin := make([]byte, 12)
	for i, v := range []float32{1, 2, 3} {
		binary.LittleEndian.PutUint32(rtcBin[4*i:], math.Float32bits(v))
	}
	heights := make([]byte, 16)
	binary.LittleEndian.PutUint64(heights, math.Float64bits(12.5))
	binary.LittleEndian.PutUint64(heights[8:], math.Float64bits(30))
	b, err := parseB3DM(makeB3DM(`{"BATCH_LENGTH":2,"RTC_CENTER":{"byteOffset":0}}`, rtcBin,
		`{"name":["a","b"],"height":{"byteOffset":0,"componentType":"DOUBLE","type":"SCALAR"}}`, heights, glb))
	if err != nil {
		t.Fatal(err)
	}
	if b.batchLen != 2 || b.rtc == nil || *b.rtc != [3]float64{1, 2, 3} {
		t.Errorf("batch length %d, rtc %v", b.batchLen, b.rtc)
	}
	if b.batchRows[1]["name"] != "b" || b.batchRows[1]["height"] != 30.0 {
		t.Errorf("batch row 1 = %v", b.batchRows[1])
	}
	if !bytes.Equal(b.glb, glb) {
		t.Error("embedded GLB not found at 28 + table lengths")
	}
	for _, bad := range [][]byte{nil, []byte("b3dm"), makeB3DM(`{"BATCH_LENGTH":-1}`, nil, "", nil, glb),
		makeB3DM(`{"BATCH_LENGTH":2,"RTC_CENTER":{"byteOffset":8}}`, rtcBin, "", nil, glb)} {
		if _, err := parseB3DM(bad); err == nil {
			t.Errorf("parseB3DM(%q...) succeeded", bad[:min(len(bad), 12)])
		}
	}
}

// TestECEFTileset places a b3dm (RTC_CENTER on the Earth's surface at
// 5°E 50°N, batch table names) and checks that its triangles land at the
// frame origin, upright, with one feature per batch id.
func TestECEFTileset(t *testing.T) {
	c := scene.GeodeticToECEF(5, 50, 100)
	frame := scene.NewFrame(scene.Geo{Lon: 5, Lat: 50, Alt: 100})
	// RTC_CENTER is ECEF; tile content after y-up→z-up is in ECEF axes.
	ft, _ := json.Marshal(map[string]any{"BATCH_LENGTH": 2, "RTC_CENTER": c})
	b3 := makeB3DM(string(ft), nil, `{"name":["left","right"]}`, nil, triangleGLB(t))
	fsys := fstest.MapFS{
		"ts/tileset.json": {Data: []byte(`{"asset":{"version":"1.0"},"geometricError":10,"root":{"boundingVolume":{"sphere":[0,0,0,10]},"geometricError":0,"refine":"ADD","content":{"uri":"a.b3dm"},
			"children":[{"boundingVolume":{"sphere":[0,0,0,10]},"geometricError":0,"content":{"uri":"missing.b3dm"}}]}}`)},
		"ts/a.b3dm": {Data: b3},
	}
	l, err := Load(fsys, "ts/tileset.json", Options{Frame: frame})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Features) != 2 || l.Features[0].ID != "left" || l.Features[1].Properties["name"] != "right" {
		t.Fatalf("features %+v", l.Features)
	}
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "ts/missing.b3dm") {
		t.Errorf("warnings %q, want the missing tile by path", l.Warnings)
	}
	// The vertices: RTC_CENTER + (x, −z, y) of the glTF positions, in ECEF.
	for _, m := range l.Meshes {
		for _, p := range m.Parts {
			if p.Count != 3 {
				t.Fatalf("part %+v, want one triangle per batch id", p)
			}
			got := m.Vertices[m.Indices[p.First+1]].Pos
			d := 1.0 + 10*float64(p.Feature) // vertex (1,0,0) or (11,0,0)
			want := frame.FromECEF(scene.Vec3{c[0] + d, c[1], c[2]})
			for k := range want {
				if math.Abs(float64(got[k])-want[k]) > 1e-3 {
					t.Fatalf("feature %d vertex at %v, want %v", p.Feature, got, want)
				}
			}
		}
	}
}

func TestGuessCRS(t *testing.T) {
	for _, tt := range []struct {
		x, y float64
		want string
	}{
		{1841622, 5175973, "EPSG:3946"}, {1700000, 2200000, "EPSG:3943"}, {1900000, 8200000, "EPSG:3949"},
		{652000, 6862000, "EPSG:2154"}, {400000, 100000, ""},
	} {
		if got := guessCRS(tt.x, tt.y); got != tt.want {
			t.Errorf("guessCRS(%v, %v) = %q, want %q", tt.x, tt.y, got, tt.want)
		}
	}
	p, err := newProjection("urn:ogc:def:crs:EPSG::3946")
	if err != nil {
		t.Fatal(err)
	}
	// The origin of CC46 (3°E, 46°N) is at (1,700,000, 5,200,000).
	if g := p.toGeo([3]float64{1700000, 5200000, 0}); math.Abs(g.Lon-3) > 1e-6 || math.Abs(g.Lat-46) > 1e-6 {
		t.Errorf("CC46 origin = %+v", g)
	}
	if _, err := newProjection("EPSG:28992"); err == nil {
		t.Error("EPSG:28992 (not in wgs84) accepted")
	}
}

func TestDeinterleaveAndLeaves(t *testing.T) {
	for m, want := range map[int][2]int{0: {0, 0}, 1: {1, 0}, 2: {0, 1}, 3: {1, 1}, 4: {2, 0}, 11: {1, 3}} {
		if x, y := deinterleave(m); x != want[0] || y != want[1] {
			t.Errorf("deinterleave(%d) = %d,%d want %v", m, x, y, want)
		}
	}
	keys := []tileKey{{0, 0, 0, 0}, {1, 1, 0, 0}, {2, 3, 1, 0}, {1, 0, 1, 0}}
	got := leavesOnly(keys)
	if len(got) != 2 || got[0] != (tileKey{2, 3, 1, 0}) || got[1] != (tileKey{1, 0, 1, 0}) {
		t.Errorf("leavesOnly = %v", got)
	}
}

// subtreeFile builds a binary subtree with the given availability bytes.
func subtreeFile(tiles, content, children []byte) []byte {
	bin := append(append(append([]byte{}, tiles...), content...), children...)
	js, _ := json.Marshal(map[string]any{
		"buffers":                  []any{map[string]any{"byteLength": len(bin)}},
		"bufferViews":              []any{map[string]any{"buffer": 0, "byteOffset": 0, "byteLength": len(tiles)}, map[string]any{"buffer": 0, "byteOffset": len(tiles), "byteLength": len(content)}, map[string]any{"buffer": 0, "byteOffset": len(tiles) + len(content), "byteLength": len(children)}},
		"tileAvailability":         map[string]any{"bitstream": 0},
		"contentAvailability":      []any{map[string]any{"bitstream": 1}},
		"childSubtreeAvailability": map[string]any{"bitstream": 2},
	})
	js = pad(js, 8, ' ')
	h := make([]byte, 24)
	copy(h, "subt")
	binary.LittleEndian.PutUint32(h[4:], 1)
	binary.LittleEndian.PutUint64(h[8:], uint64(len(js)))
	binary.LittleEndian.PutUint64(h[16:], uint64(len(bin)))
	return append(append(h, js...), bin...)
}

func TestImplicitQuadtree(t *testing.T) {
	// Subtree 0/0/0 with 2 levels: root + children 1 and 3 available, with
	// content on child 1 (x=1,y=0) and 3 (x=1,y=1); child subtree at morton
	// 12 (level 2, x=2, y=2).
	root := subtreeFile([]byte{0b0_1010_1}, []byte{0b0_1010_0}, []byte{0, 0x10})
	leaf := subtreeFile([]byte{1}, []byte{1}, []byte{0, 0})
	fsys := fstest.MapFS{
		"s/0_0_0.subtree": {Data: root},
		"s/2_2_2.subtree": {Data: leaf},
	}
	it := &implicitTiling{SubdivisionScheme: "QUADTREE", SubtreeLevels: 2, AvailableLevels: 4}
	it.Subtrees.URI = "s/{level}_{x}_{y}.subtree"
	keys, warnings, err := implicitContents(fsys, ".", it)
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	want := []tileKey{{1, 1, 0, 0}, {1, 1, 1, 0}, {2, 2, 2, 0}}
	if len(keys) != len(want) {
		t.Fatalf("keys %v, want %v", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Errorf("keys %v, want %v", keys, want)
		}
	}
}

func TestTriangleBudget(t *testing.T) {
	b3 := makeB3DM(`{"BATCH_LENGTH":2}`, nil, "", nil, triangleGLB(t))
	fsys := fstest.MapFS{
		"tileset.json": {Data: []byte(`{"asset":{"version":"1.0"},"root":{"boundingVolume":{"sphere":[0,0,0,10]},"geometricError":1,"refine":"ADD","content":{"uri":"a.b3dm"},
			"children":[{"boundingVolume":{"sphere":[0,0,0,10]},"geometricError":0,"content":{"uri":"b.b3dm"}},{"boundingVolume":{"sphere":[0,0,0,10]},"geometricError":0,"content":{"uri":"c.b3dm"}}]}}`)},
		"a.b3dm": {Data: b3}, "b.b3dm": {Data: b3}, "c.b3dm": {Data: b3},
	}
	l, err := Load(fsys, "tileset.json", Options{MaxTriangles: 5, Frame: scene.NewFrame(scene.Geo{})})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range l.Meshes {
		n += m.Triangles()
	}
	// Each tile has 2 triangles: the root and one child fit in 5.
	if n != 4 || len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "1 tiles not loaded") {
		t.Errorf("%d triangles, warnings %q", n, l.Warnings)
	}
	if l.Features[0].Properties["tile"] != "a.b3dm" {
		t.Errorf("the root tile was not loaded first: %v", l.Features[0].Properties)
	}
}

func TestImplicitOctree(t *testing.T) {
	// One level per subtree: the root and child subtree 5 (x=1, y=0, z=1).
	root := subtreeFile([]byte{1}, []byte{1}, []byte{1 << 5})
	leaf := subtreeFile([]byte{1}, []byte{1}, []byte{0})
	fsys := fstest.MapFS{"0.0.0.0.subtree": {Data: root}, "1.1.0.1.subtree": {Data: leaf}}
	it := &implicitTiling{SubdivisionScheme: "OCTREE", SubtreeLevels: 1, AvailableLevels: 2}
	it.Subtrees.URI = "{level}.{x}.{y}.{z}.subtree"
	keys, warnings, err := implicitContents(fsys, ".", it)
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	if len(keys) != 2 || keys[1] != (tileKey{1, 1, 0, 1}) {
		t.Errorf("keys %v", keys)
	}
}

// makeI3DM builds an embedded-glTF i3dm.
func makeI3DM(ftJSON string, ftBin []byte, btJSON string, glb []byte) []byte {
	fj := pad([]byte(ftJSON), 8, ' ')
	bj := []byte(nil)
	if btJSON != "" {
		bj = pad([]byte(btJSON), 8, ' ')
	}
	ftBin = pad(append([]byte{}, ftBin...), 8, 0)
	h := make([]byte, 32)
	copy(h, "i3dm")
	binary.LittleEndian.PutUint32(h[4:], 1)
	binary.LittleEndian.PutUint32(h[8:], uint32(32+len(fj)+len(ftBin)+len(bj)+len(glb)))
	binary.LittleEndian.PutUint32(h[12:], uint32(len(fj)))
	binary.LittleEndian.PutUint32(h[16:], uint32(len(ftBin)))
	binary.LittleEndian.PutUint32(h[20:], uint32(len(bj)))
	binary.LittleEndian.PutUint32(h[28:], 1)
	out := append(append(append(h, fj...), ftBin...), bj...)
	return append(out, glb...)
}

func f32s(v ...float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// TestI3DMInstances places two instances of a two-triangle model: one
// feature per instance, positioned, scaled and turned by NORMAL_UP/RIGHT.
func TestI3DMInstances(t *testing.T) {
	// Instance 0 at the origin; instance 1 at (100, 0, 0), scale 2, turned
	// 90° about z (right = +y, up = −x... in tile axes up is +z: use
	// right = (0,1,0), up = (0,0,1)).
	bin := append(f32s(0, 0, 0, 100, 0, 0), f32s(1, 2)...)
	bin = append(bin, f32s(1, 0, 0, 0, 0, 1)...) // NORMAL_UP: instance 0 (1,0,0)? see below
	bin = append(bin, f32s(0, 1, 0, 0, 1, 0)...) // NORMAL_RIGHT
	ft := `{"INSTANCES_LENGTH":2,"POSITION":{"byteOffset":0},"SCALE":{"byteOffset":24},"NORMAL_UP":{"byteOffset":32},"NORMAL_RIGHT":{"byteOffset":56}}`
	data := makeI3DM(ft, bin, `{"species":["oak","plane"]}`, triangleGLB(t))
	frame := scene.NewFrame(scene.Geo{})
	ld := &loader{l: &scene.Layer{}, frame: frame}
	world := affine.Translate(scene.GeodeticToECEF(0, 0, 0))
	if err := ld.tileData(ld.l, "trees.i3dm", data, world, boundingVolume{}); err != nil {
		t.Fatal(err)
	}
	l := ld.l
	if len(l.Features) != 2 || l.Features[1].Properties["species"] != "plane" {
		t.Fatalf("features %+v", l.Features)
	}
	n := 0
	for _, m := range l.Meshes {
		n += m.Triangles()
		for _, p := range m.Parts {
			if p.Feature != 0 && p.Feature != 1 {
				t.Errorf("part of feature %d", p.Feature)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d triangles, want 2 instances × 2", n)
	}
	// Tile axes are ECEF axes at 0°N 0°E: local east = ECEF y, north = z,
	// up = x. The glTF vertices (1,0,0) and (0,1,0) (y-up) become, per
	// instance, right·s and forward·s (forward = right × up) plus the
	// position.
	want := [][3]float64{{1, 0, 0}, {0, -1, 0}, {2, 0, 100}, {0, 0, 102}}
	stored := 0
	for _, m := range l.Meshes {
		stored += len(m.Vertices)
		for i, in := range m.Instances {
			if in.Feature != i {
				t.Errorf("instance %d draws feature %d, want its own", i, in.Feature)
			}
		}
	}
	if stored != 6 {
		t.Errorf("%d vertices stored, want the model's 6 once", stored)
	}
	for _, w := range want {
		found := false
		for _, m := range l.Meshes {
			for _, in := range m.Instances {
				for _, v := range m.Vertices {
					p := in.Apply(v.Pos)
					found = found || math.Abs(p[0]-w[0])+math.Abs(p[1]-w[1])+math.Abs(p[2]-w[2]) < 1e-3
				}
			}
		}
		if !found {
			t.Errorf("no vertex at %v", w)
		}
	}
}

func TestIsTileset(t *testing.T) {
	for in, want := range map[string]bool{
		`{"asset":{"version":"1.1"},"root":{}}`:      true,
		`{"type":"FeatureCollection","features":[]}`: false,
		`{"name":"scene","layers":[],"asset":{}}`:    false,
		`not json`: false,
	} {
		if got := IsTileset([]byte(in)); got != want {
			t.Errorf("IsTileset(%s) = %v", in, got)
		}
	}
}

// TestFrameFromChildTransform: a local root with an Earth-centred child
// transform gets its frame there, not at 0°, 0°.
func TestFrameFromChildTransform(t *testing.T) {
	c := scene.GeodeticToECEF(5, 50, 0)
	ts, _ := json.Marshal(map[string]any{
		"asset": map[string]any{"version": "1.0"},
		"root": map[string]any{"boundingVolume": map[string]any{"sphere": []float64{0, 0, 0, 10}}, "geometricError": 1,
			"children": []any{map[string]any{
				"transform":      []float64{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, c[0], c[1], c[2], 1},
				"boundingVolume": map[string]any{"sphere": []float64{0, 0, 0, 10}}, "geometricError": 0,
				"content": map[string]any{"uri": "a.b3dm"}}}}})
	fsys := fstest.MapFS{"tileset.json": {Data: ts}, "a.b3dm": {Data: makeB3DM(`{"BATCH_LENGTH":2}`, nil, "", nil, triangleGLB(t))}}
	l, err := Load(fsys, "tileset.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(l.Origin.Lon-5) > 1e-6 || math.Abs(l.Origin.Lat-50) > 1e-6 || len(l.Warnings) != 0 {
		t.Errorf("origin %+v, warnings %q", l.Origin, l.Warnings)
	}
}

package gltf

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"
	"unsafe"

	qgltf "github.com/qmuntal/gltf"
	"github.com/qmuntal/gltf/modeler"

	"citytwin/scene"
)

// benchFiles are real models of different kinds: geometry-heavy city tiles
// (3D BAG with normals and feature ids, PLATEAU flat-shaded in ECEF) and a
// textured vehicle.
var benchFiles = []string{
	"city3d/3dbag-sibbe-nl/content/2_2_3.glb",
	"city3d/plateau-shizuoka-jp/test.glb",
	"gltf/khronos/CesiumMilkTruck/glTF-Binary/CesiumMilkTruck.glb",
}

// meshBytes is the memory the layer's meshes hold (vertices and indices).
func meshBytes(l *scene.Layer) int {
	n := 0
	for _, m := range l.Meshes {
		n += len(m.Vertices)*int(unsafe.Sizeof(scene.Vertex{})) + len(m.Indices)*4
	}
	return n
}

// cityPerPrimitive is the most buildings cityGLB puts in one primitive.
var cityPerPrimitive = 2000

// cityGLB generates a city-like GLB: a grid of box buildings (24 vertices
// and 12 triangles each, with normals and an EXT_mesh_features id per
// building) in primitives of at most 2,000 buildings, like a 3D BAG tile.
// With textured, every building has TEXCOORD_0 into one 256×256 PNG atlas.
func cityGLB(buildings int, textured bool) []byte {
	perPrim := cityPerPrimitive
	var bin bytes.Buffer
	le := func(v any) { _ = binary.Write(&bin, binary.LittleEndian, v) }
	type obj = map[string]any
	var views, accessors, prims []obj
	view := func(start int, target int) int {
		for bin.Len()%4 != 0 {
			bin.WriteByte(0)
		}
		v := obj{"buffer": 0, "byteOffset": start, "byteLength": bin.Len() - start}
		if target != 0 {
			v["target"] = target
		}
		views = append(views, v)
		return len(views) - 1
	}
	accessor := func(bv, comp, count int, typ string, minmax ...[]float32) int {
		a := obj{"bufferView": bv, "componentType": comp, "count": count, "type": typ}
		if len(minmax) == 2 {
			a["min"], a["max"] = minmax[0], minmax[1]
		}
		accessors = append(accessors, a)
		return len(accessors) - 1
	}
	// Box faces: normal, and the two in-plane axes.
	faces := [6][3][3]float32{
		{{1, 0, 0}, {0, 0, -1}, {0, 1, 0}}, {{-1, 0, 0}, {0, 0, 1}, {0, 1, 0}},
		{{0, 1, 0}, {1, 0, 0}, {0, 0, -1}}, {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}},
		{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}, {{0, 0, -1}, {-1, 0, 0}, {0, 1, 0}},
	}
	side := int(math.Ceil(math.Sqrt(float64(buildings))))
	for first := 0; first < buildings; first += perPrim {
		n := min(perPrim, buildings-first)
		nv := n * 24
		lo, hi := []float32{math.MaxFloat32, math.MaxFloat32, math.MaxFloat32}, []float32{-math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
		start := bin.Len()
		for b := first; b < first+n; b++ {
			cx, cz := float32(b%side)*30, float32(b/side)*30
			w, d, h := 8+float32(b%7), 10+float32(b%5), 6+float32(b%23)
			centre := [3]float32{cx, h / 2, cz}
			half := [3]float32{w / 2, h / 2, d / 2}
			for _, f := range faces {
				for _, s := range [4][2]float32{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
					var p [3]float32
					for k := 0; k < 3; k++ {
						p[k] = centre[k] + (f[0][k]+s[0]*f[1][k]+s[1]*f[2][k])*half[k]
						lo[k], hi[k] = min(lo[k], p[k]), max(hi[k], p[k])
					}
					le(p)
				}
			}
		}
		attrs := obj{"POSITION": accessor(view(start, 34962), 5126, nv, "VEC3", lo, hi)}
		start = bin.Len()
		for b := 0; b < n; b++ {
			for _, f := range faces {
				for i := 0; i < 4; i++ {
					le(f[0])
				}
			}
		}
		attrs["NORMAL"] = accessor(view(start, 34962), 5126, nv, "VEC3")
		start = bin.Len()
		for b := first; b < first+n; b++ {
			for i := 0; i < 24; i++ {
				le(float32(b))
			}
		}
		attrs["_FEATURE_ID_0"] = accessor(view(start, 34962), 5126, nv, "SCALAR")
		if textured {
			start = bin.Len()
			for b := first; b < first+n; b++ {
				u0, v0 := float32(b%8)/8, float32(b/8%8)/8
				for i := 0; i < 6; i++ {
					le([8]float32{u0, v0 + 0.125, u0 + 0.125, v0 + 0.125, u0 + 0.125, v0, u0, v0})
				}
			}
			attrs["TEXCOORD_0"] = accessor(view(start, 34962), 5126, nv, "VEC2")
		}
		start = bin.Len()
		for b := 0; b < n; b++ {
			for f := 0; f < 6; f++ {
				o := uint32(b*24 + f*4)
				le([6]uint32{o, o + 1, o + 2, o, o + 2, o + 3})
			}
		}
		ind := accessor(view(start, 34963), 5125, n*36, "SCALAR")
		prims = append(prims, obj{"attributes": attrs, "indices": ind, "material": 0,
			"extensions": obj{"EXT_mesh_features": obj{"featureIds": []obj{{"featureCount": n, "attribute": 0}}}}})
	}
	doc := obj{
		"asset":          obj{"version": "2.0", "generator": "citytwin benchmark"},
		"extensionsUsed": []string{"EXT_mesh_features"},
		"scene":          0,
		"scenes":         []obj{{"nodes": []int{0}}},
		"nodes":          []obj{{"mesh": 0, "name": "city"}},
		"meshes":         []obj{{"primitives": prims}},
		"materials":      []obj{{"pbrMetallicRoughness": obj{"baseColorFactor": []float64{0.8, 0.75, 0.7, 1}}}},
	}
	if textured {
		img := image.NewNRGBA(image.Rect(0, 0, 256, 256))
		for y := 0; y < 256; y++ {
			for x := 0; x < 256; x++ {
				img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8((x / 32 * 40) ^ (y / 32 * 40)), 255})
			}
		}
		start := bin.Len()
		_ = png.Encode(&bin, img)
		doc["images"] = []obj{{"bufferView": view(start, 0), "mimeType": "image/png"}}
		doc["textures"] = []obj{{"source": 0}}
		doc["materials"] = []obj{{"pbrMetallicRoughness": obj{"baseColorTexture": obj{"index": 0}}}}
	}
	doc["bufferViews"], doc["accessors"] = views, accessors
	doc["buffers"] = []obj{{"byteLength": bin.Len()}}
	js, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	for len(js)%4 != 0 {
		js = append(js, ' ')
	}
	var out bytes.Buffer
	w := func(v ...any) {
		for _, x := range v {
			_ = binary.Write(&out, binary.LittleEndian, x)
		}
	}
	w(uint32(glbMagic), uint32(2), uint32(12+8+len(js)+8+bin.Len()))
	w(uint32(len(js)), uint32(glbChunkJSON), js)
	w(uint32(bin.Len()), uint32(glbChunkBIN), bin.Bytes())
	return out.Bytes()
}

// benchModel is one model of the benchmark, held in memory.
type benchModel struct {
	name string
	fsys memFS // the model and the files next to it
	data []byte
}

// benchModels returns the real samples that exist (each with the files of
// its folder, for .gltf resources) and two generated cities of 10,000
// buildings (120,000 triangles), untextured and textured.
func benchModels(b *testing.B) []benchModel {
	var out []benchModel
	if _, err := os.Stat(filepath.Join(dataDir, "expected-gltf.tsv")); err == nil {
		for _, name := range benchFiles {
			fsys := memFS{}
			dir := filepath.Join(dataDir, filepath.Dir(name))
			entries, err := os.ReadDir(dir)
			if err != nil {
				b.Fatal(err)
			}
			for _, e := range entries {
				if e.Type().IsRegular() {
					data, err := os.ReadFile(filepath.Join(dir, e.Name()))
					if err != nil {
						b.Fatal(err)
					}
					fsys[path.Join(path.Dir(name), e.Name())] = &fstest.MapFile{Data: data}
				}
			}
			out = append(out, benchModel{name: name, fsys: fsys, data: fsys[name].Data})
		}
	}
	for _, c := range []struct {
		name     string
		textured bool
	}{{"city-10k-buildings.glb", false}, {"city-10k-textured.glb", true}} {
		data := cityGLB(10000, c.textured)
		out = append(out, benchModel{name: c.name, fsys: memFS{c.name: {Data: data}}, data: data})
	}
	return out
}

// memFS is an in-memory file system whose ReadFile hands out the bytes it
// holds without copying them, so Load starts from the same bytes in memory
// as the qmuntal baseline (which is given them directly).
type memFS fstest.MapFS

// Open opens name.
func (m memFS) Open(name string) (fs.File, error) { return fstest.MapFS(m).Open(name) }

// ReadFile returns the bytes of name, shared.
func (m memFS) ReadFile(name string) ([]byte, error) {
	if f, ok := m[name]; ok {
		return f.Data, nil
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
}

// qmuntalDecode is the baseline: qmuntal/gltf's own decoding of the same
// bytes (JSON and buffers; no accessor read, no image decoded).
func qmuntalDecode(data []byte, fsys fs.FS) (*qgltf.Document, error) {
	doc := new(qgltf.Document)
	err := qgltf.NewDecoderFS(bytes.NewReader(data), fsys).Decode(doc)
	return doc, err
}

// timePerOp runs the benchmark loop of fn and returns its time per
// iteration.
func timePerOp(b *testing.B, fn func() error) time.Duration {
	b.ReportAllocs()
	n := 0
	start := time.Now()
	for b.Loop() {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return time.Since(start) / time.Duration(max(n, 1))
}

// BenchmarkLoad measures Load (file bytes → scene meshes, everything
// included: container, JSON, buffers, accessors, placement, features,
// textures, bounds) against qmuntal/gltf's own decoding of the same bytes
// from the same in-memory file system. MB/s is file bytes per second;
// B/tri is the memory the loaded meshes hold per triangle; decode-ratio is
// Load's time over qmuntal's decode (the requirement: ≤ 1.3), read-ratio
// over qmuntal's decode plus reading every accessor with its modeler
// package (what a qmuntal user does to get at the geometry). Textured
// models also get decode+images (qmuntal's decode plus image.Decode of
// every image, which any viewer must do) and image-ratio against it.
//
//	go test ./loaders/gltf -run XXX -bench Load -benchmem
func BenchmarkLoad(b *testing.B) {
	for _, bm := range benchModels(b) {
		name := path.Base(bm.name)
		var decode, decodeRead, decodeImages time.Duration
		b.Run(name+"/qmuntal-decode", func(b *testing.B) {
			b.SetBytes(int64(len(bm.data)))
			decode = timePerOp(b, func() error {
				_, err := qmuntalDecode(bm.data, bm.fsys)
				return err
			})
		})
		b.Run(name+"/qmuntal-decode+read", func(b *testing.B) {
			b.SetBytes(int64(len(bm.data)))
			decodeRead = timePerOp(b, func() error {
				doc, err := qmuntalDecode(bm.data, bm.fsys)
				if err != nil {
					return err
				}
				// What a qmuntal user does next to get the geometry: read
				// every attribute and index accessor of every primitive.
				for _, m := range doc.Meshes {
					for _, p := range m.Primitives {
						for _, ai := range p.Attributes {
							if _, err := modeler.ReadAccessor(doc, doc.Accessors[ai], nil); err != nil {
								return err
							}
						}
						if p.Indices != nil {
							if _, err := modeler.ReadIndices(doc, doc.Accessors[*p.Indices], nil); err != nil {
								return err
							}
						}
					}
				}
				return nil
			})
		})
		doc, err := qmuntalDecode(bm.data, bm.fsys)
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Images) > 0 {
			b.Run(name+"/qmuntal-decode+images", func(b *testing.B) {
				b.SetBytes(int64(len(bm.data)))
				decodeImages = timePerOp(b, func() error {
					doc, err := qmuntalDecode(bm.data, bm.fsys)
					if err != nil {
						return err
					}
					for _, im := range doc.Images {
						var data []byte
						if im.BufferView != nil {
							bv := doc.BufferViews[*im.BufferView]
							data = doc.Buffers[bv.Buffer].Data[bv.ByteOffset : bv.ByteOffset+bv.ByteLength]
						} else if data, err = fs.ReadFile(bm.fsys, path.Join(path.Dir(bm.name), im.URI)); err != nil {
							return err
						}
						if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
							return err
						}
					}
					return nil
				})
			})
		}
		b.Run(name+"/citytwin-load", func(b *testing.B) {
			b.SetBytes(int64(len(bm.data)))
			var l *scene.Layer
			load := timePerOp(b, func() (err error) {
				l, err = Load(bm.fsys, bm.name, Options{})
				return err
			})
			tri := triangles(l)
			if tri > 0 {
				b.ReportMetric(float64(meshBytes(l))/float64(tri), "B/tri")
			}
			msg := fmt.Sprintf("%s: %d triangles, load %v", name, tri, load)
			if decode > 0 {
				b.ReportMetric(float64(load)/float64(decode), "decode-ratio")
				msg += fmt.Sprintf(", qmuntal decode %v: overhead ratio %.2f (≤ 1.3 wanted)", decode, float64(load)/float64(decode))
			}
			if decodeRead > 0 {
				b.ReportMetric(float64(load)/float64(decodeRead), "read-ratio")
				msg += fmt.Sprintf("; decode+read %v: ratio %.2f", decodeRead, float64(load)/float64(decodeRead))
			}
			if decodeImages > 0 {
				b.ReportMetric(float64(load)/float64(decodeImages), "image-ratio")
				msg += fmt.Sprintf("; decode+images %v: ratio %.2f", decodeImages, float64(load)/float64(decodeImages))
			}
			b.Log(msg)
		})
	}
}

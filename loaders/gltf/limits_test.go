package gltf

import (
	"encoding/binary"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"citytwin/loaders/limit"
)

// countingFS counts the bytes read from its files.
type countingFS struct {
	fs.FS
	read *int64
}

type countingFile struct {
	fs.File
	read *int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return countingFile{f, c.read}, nil
}

func (c countingFile) Read(p []byte) (int, error) {
	n, err := c.File.Read(p)
	*c.read += int64(n)
	return n, err
}

// glbBytes builds a GLB of one JSON chunk of exactly js (unpadded).
func glbBytes(js string) []byte {
	total := 12 + 8 + len(js)
	b := make([]byte, 0, total)
	b = binary.LittleEndian.AppendUint32(b, glbMagic)
	b = binary.LittleEndian.AppendUint32(b, 2)
	b = binary.LittleEndian.AppendUint32(b, uint32(total))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(js)))
	b = binary.LittleEndian.AppendUint32(b, glbChunkJSON)
	return append(b, js...)
}

// TestUnalignedChunk: a chunk whose length is not a multiple of 4 (the
// Khronos validator's unaligned_chunk.glb) loaded as 0 triangles; it is
// refused.
func TestUnalignedChunk(t *testing.T) {
	js := `{"asset":{"version":"2.0"}}` // 27 bytes
	fsys := fstest.MapFS{"unaligned_chunk.glb": {Data: glbBytes(js)}}
	_, err := Load(fsys, "unaligned_chunk.glb", Options{})
	if err == nil || !IsInputError(err) || !strings.Contains(err.Error(), "multiple of 4") {
		t.Fatalf("err %v, want an input error about the chunk length", err)
	}
	fsys["padded.glb"] = &fstest.MapFile{Data: glbBytes(js + " ")}
	if _, err := Load(fsys, "padded.glb", Options{}); err != nil {
		t.Fatalf("padded: %v", err)
	}
}

// TestGLBHeaderCheckedFirst: a GLB whose header is wrong fails after
// reading its first bytes, not the whole file.
func TestGLBHeaderCheckedFirst(t *testing.T) {
	good := glbBytes(`{"asset":{"version":"2.0"}}` + " ")
	for _, tc := range []struct {
		name, want string
		edit       func([]byte) []byte
	}{
		{"magic.glb", "bad magic", func(b []byte) []byte { copy(b, "xxxx"); return b }},
		{"version.glb", "version 1", func(b []byte) []byte { b[4] = 1; return b }},
		{"length.glb", "does not match the file size", func(b []byte) []byte { return append(b, make([]byte, 1<<20)...) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.edit(append(make([]byte, 0, len(good)+1<<20), good...))
			data = append(data, make([]byte, 1<<20-len(data)%(1<<20))...)
			var read int64
			fsys := countingFS{fstest.MapFS{tc.name: {Data: data}}, &read}
			_, err := Load(fsys, tc.name, Options{})
			if err == nil || !IsInputError(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if read > 64<<10 {
				t.Errorf("read %d bytes of %d before failing", read, len(data))
			}
		})
	}
}

// TestFileOverLimit: a model over the size limit is refused before it is
// read, with the limit and the flag that raises it; so is an external
// buffer.
func TestFileOverLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.glb")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 3<<20); err != nil { // sparse
		t.Fatal(err)
	}
	var read int64
	fsys := countingFS{os.DirFS(dir), &read}
	_, err := Load(fsys, "big.glb", Options{Limits: limit.Limits{GLTF: 2 << 20}})
	if err == nil || !IsInputError(err) || !limit.IsLimit(err) || !strings.Contains(err.Error(), "-max-file-mb 3") ||
		!strings.Contains(err.Error(), "2 MiB") {
		t.Fatalf("err %v, want a limit error naming 2 MiB and -max-file-mb 3", err)
	}
	if read != 0 {
		t.Errorf("read %d bytes", read)
	}
	// an external buffer over the limit
	gltfJSON := `{"asset":{"version":"2.0"},"buffers":[{"uri":"big.bin","byteLength":3145728}],
		"bufferViews":[{"buffer":0,"byteLength":36}],
		"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[0,0,0]}],
		"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],"nodes":[{"mesh":0}],"scenes":[{"nodes":[0]}]}`
	if err := os.WriteFile(filepath.Join(dir, "m.gltf"), []byte(gltfJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(big, filepath.Join(dir, "big.bin")); err != nil {
		t.Fatal(err)
	}
	read = 0
	_, err = Load(fsys, "m.gltf", Options{Limits: limit.Limits{GLTF: 2 << 20}})
	if err == nil || !IsInputError(err) || !limit.IsLimit(err) {
		t.Fatalf("err %v, want a limit error", err)
	}
	if read > 1<<10 {
		t.Errorf("read %d bytes", read)
	}
}

// TestPlacementChecked: a placement scale that is absurd, or a position
// that is not finite, is refused before any vertex is placed.
func TestPlacementChecked(t *testing.T) {
	fsys := fstest.MapFS{"m.glb": {Data: glbBytes(`{"asset":{"version":"2.0"}}` + " ")}}
	for _, p := range []Placement{
		{Lon: 7, Lat: 43, Scale: 1e300},
		{Lon: 7, Lat: 43, Scale: 1e-300},
		{Lon: 7, Lat: 43, Scale: -1},
		{Lon: math.Inf(1), Lat: 43},
		{Lon: 7, Lat: 43, Alt: math.NaN()},
		{Lon: 7, Lat: 43, Heading: math.Inf(-1)},
	} {
		_, err := Load(fsys, "m.glb", Options{Placement: &p})
		if err == nil || !IsInputError(err) || !strings.Contains(err.Error(), "placement") {
			t.Errorf("%+v: err %v, want a placement error", p, err)
		}
	}
	if _, err := Load(fsys, "m.glb", Options{Placement: &Placement{Lon: 7, Lat: 43, Scale: 0.001}}); err != nil {
		t.Error(err)
	}
}

// TestNonFiniteVertex: a triangle with a NaN or infinite position is
// skipped with a warning instead of reaching the renderer.
func TestNonFiniteVertex(t *testing.T) {
	for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1))} {
		js := `{"asset":{"version":"2.0"},"buffers":[{"byteLength":72}],"bufferViews":[{"buffer":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":36}],
"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},{"bufferView":1,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]}],
"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]},{"primitives":[{"attributes":{"POSITION":1}}]}],"nodes":[{"mesh":0},{"mesh":1}],"scenes":[{"nodes":[0,1]}]}`
		for len(js)%4 != 0 {
			js += " "
		}
		var bin []byte
		for i, v := range []float32{0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, bad, 0, 0, 1, 0} {
			_ = i
			bin = binary.LittleEndian.AppendUint32(bin, math.Float32bits(v))
		}
		data := glbBytes(js)
		data = binary.LittleEndian.AppendUint32(data, uint32(len(bin)))
		data = binary.LittleEndian.AppendUint32(data, glbChunkBIN)
		data = append(data, bin...)
		binary.LittleEndian.PutUint32(data[8:], uint32(len(data)))
		l, err := Load(fstest.MapFS{"m.glb": {Data: data}}, "m.glb", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if triangles(l) != 1 || !strings.Contains(strings.Join(l.Warnings, ";"), "vertex 1 is not finite") {
			t.Errorf("%d triangles, warnings %q", triangles(l), l.Warnings)
		}
	}
}

// TestInstanceCountBounded: an instancing accessor with no buffer data
// (zeros) and a count of 2 million asked for 2 million matrices (256 MB)
// from a few hundred bytes; more than 1,048,576 copies of one node are
// refused before they are allocated.
func TestInstanceCountBounded(t *testing.T) {
	js := `{"asset":{"version":"2.0"},"extensionsUsed":["EXT_mesh_gpu_instancing"],"buffers":[{"byteLength":36}],"bufferViews":[{"buffer":0,"byteLength":36}],
"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},{"componentType":5126,"count":2000000,"type":"VEC3"}],
"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],"nodes":[{"mesh":0,"extensions":{"EXT_mesh_gpu_instancing":{"attributes":{"TRANSLATION":1}}}}],"scenes":[{"nodes":[0]}]}`
	for len(js)%4 != 0 {
		js += " "
	}
	bin := make([]byte, 0, 36)
	for _, v := range []float32{0, 0, 0, 1, 0, 0, 0, 1, 0} {
		bin = binary.LittleEndian.AppendUint32(bin, math.Float32bits(v))
	}
	data := glbBytes(js)
	data = binary.LittleEndian.AppendUint32(data, uint32(len(bin)))
	data = binary.LittleEndian.AppendUint32(data, glbChunkBIN)
	data = append(data, bin...)
	binary.LittleEndian.PutUint32(data[8:], uint32(len(data)))
	_, err := Load(fstest.MapFS{"m.glb": {Data: data}}, "m.glb", Options{})
	if err == nil || !strings.Contains(err.Error(), "2000000 instances, at most 1048576") {
		t.Fatalf("err %v", err)
	}
}

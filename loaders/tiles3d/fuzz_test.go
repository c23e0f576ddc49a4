package tiles3d

import (
	"errors"
	"testing"
	"testing/fstest"

	"citytwin/loaders/gltf"
	"citytwin/scene"
	"citytwin/scene/affine"
)

// FuzzB3DM feeds arbitrary bytes as a tile: the b3dm/i3dm/cmpt containers, the
// feature and batch tables and the embedded GLB must never panic.
func FuzzB3DM(f *testing.F) {
	glb := triangleGLB(f)
	f.Add(makeB3DM(`{"BATCH_LENGTH":2,"RTC_CENTER":[1,2,3]}`, nil, `{"name":["a","b"]}`, nil, glb))
	f.Add(makeB3DM(`{"BATCH_LENGTH":1,"RTC_CENTER":{"byteOffset":0}}`, make([]byte, 12), `{"h":{"byteOffset":0,"componentType":"FLOAT","type":"SCALAR"}}`, make([]byte, 4), glb))
	f.Add(makeI3DM(`{"INSTANCES_LENGTH":2,"POSITION":{"byteOffset":0},"NORMAL_UP_OCT32P":{"byteOffset":24},"NORMAL_RIGHT_OCT32P":{"byteOffset":32},"BATCH_ID":{"byteOffset":40,"componentType":"UNSIGNED_BYTE"}}`, make([]byte, 48), `{"a":[1,2]}`, glb))
	f.Add(makeI3DM(`{"INSTANCES_LENGTH":1,"POSITION_QUANTIZED":{"byteOffset":0},"QUANTIZED_VOLUME_OFFSET":[0,0,0],"QUANTIZED_VOLUME_SCALE":[10,10,10],"EAST_NORTH_UP":true}`, make([]byte, 8), "", glb))
	f.Add([]byte("cmpt\x01\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ld := &loader{fsys: fstest.MapFS{}, l: &scene.Layer{}, frame: scene.NewFrame(scene.Geo{Lon: 5, Lat: 50})}
		_ = ld.tileData(ld.l, "t.b3dm", data, affine.Identity, boundingVolume{})
		for _, m := range ld.l.Meshes {
			for _, in := range m.Instances {
				if in.Feature >= len(ld.l.Features) {
					t.Fatalf("instance names feature %d of %d", in.Feature, len(ld.l.Features))
				}
			}
			for _, ix := range m.Indices {
				if int(ix) >= len(m.Vertices) {
					t.Fatalf("index %d out of %d", ix, len(m.Vertices))
				}
			}
		}
	})
}

// FuzzSubtree feeds arbitrary bytes as the root subtree of an implicit
// quadtree.
func FuzzSubtree(f *testing.F) {
	f.Add(subtreeFile([]byte{0b0_1010_1}, []byte{0b0_1010_0}, []byte{0, 0x10}))
	f.Add([]byte(`{"tileAvailability":{"constant":1},"contentAvailability":[{"constant":1}],"childSubtreeAvailability":{"constant":0}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		it := &implicitTiling{SubdivisionScheme: "QUADTREE", SubtreeLevels: 3, AvailableLevels: 5}
		it.Subtrees.URI = "{level}_{x}_{y}.subtree"
		_, _, _ = implicitContents(fstest.MapFS{"0_0_0.subtree": {Data: data}}, ".", it)
	})
}

// FuzzTileset feeds arbitrary tileset JSON: errors must be InputErrors.
func FuzzTileset(f *testing.F) {
	f.Add([]byte(`{"asset":{"version":"1.0"},"root":{"boundingVolume":{"region":[0.1,0.8,0.11,0.81,0,100]},"geometricError":0,"content":{"uri":"a.b3dm"},"children":[{"transform":[1,0,0,0,0,1,0,0,0,0,1,0,1841622,5175973,200,1],"content":{"uri":"a.b3dm"}}]}}`))
	f.Add([]byte(`{"asset":{"version":"1.1"},"root":{"transform":[1,0,0,0,0,1,0,0,0,0,1,0,4014743,411334,4922395,1],"boundingVolume":{"box":[0,0,0,1,0,0,0,1,0,0,0,1]},"refine":"ADD","content":{"uri":"{level}.b3dm"},"implicitTiling":{"subdivisionScheme":"QUADTREE","subtreeLevels":2,"availableLevels":3,"subtrees":{"uri":"s.subtree"}}}}`))
	f.Add([]byte(`{"asset":{"version":"1.0"},"root":{"boundingVolume":{"sphere":[4014743,411334,4922395,10]},"geometricError":9,"content":{"uri":"a.b3dm"},"children":[{"geometricError":9,"content":{"uri":"tileset.json"}},{"content":{"uri":"./tileset.json"}}]}}`))
	b3 := makeB3DM(`{"BATCH_LENGTH":2}`, nil, "", nil, triangleGLB(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"tileset.json": {Data: data}, "a.b3dm": {Data: b3}, "0.b3dm": {Data: b3}}
		_, err := Load(fsys, "tileset.json", Options{})
		var ie *gltf.InputError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		// Open too, and every tile of its tree loads or fails cleanly.
		l, err := Open(fsys, "tileset.json", Options{})
		if err != nil {
			if !errors.As(err, &ie) {
				t.Fatalf("Open: error of type %T: %v", err, err)
			}
			return
		}
		if l.Tiles.Expand != nil {
			expandAll(l.Tiles)
		}
		for i := range l.Tiles.Nodes {
			_, _ = l.Tiles.Load(i)
		}
	})
}

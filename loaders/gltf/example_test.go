package gltf_test

import (
	"errors"
	"fmt"
	"testing/fstest"

	"citytwin/loaders/gltf"
	"citytwin/scene"
)

// A one-triangle model: vertices (0,0,0), (1,0,0), (0,1,0) in glTF's y-up
// axes, in a base64 data: URI.
const triangle = `{"asset":{"version":"2.0"},
 "buffers":[{"byteLength":36,"uri":"data:application/octet-stream;base64,AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA"}],
 "bufferViews":[{"buffer":0,"byteLength":36}],
 "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]}],
 "meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],
 "nodes":[{"mesh":0,"name":"kiosk"}],"scenes":[{"nodes":[0]}]}`

func ExampleLoad() {
	fsys := fstest.MapFS{"kiosk.gltf": {Data: []byte(triangle)}}
	frame := scene.NewFrame(scene.Geo{Lon: 2.17, Lat: 41.39})
	l, err := gltf.Load(fsys, "kiosk.gltf", gltf.Options{
		Frame:     frame,
		Placement: &gltf.Placement{Lon: 2.17, Lat: 41.39, Heading: 90, Scale: 10},
	})
	if err != nil {
		panic(err)
	}
	m := l.Meshes[0]
	fmt.Println(l.Kind, len(l.Features), l.Features[0].ID, m.Triangles())
	for _, ix := range m.Indices {
		p := m.Vertices[ix].Pos
		fmt.Printf("%.1f %.1f %.1f\n", p[0], p[1], p[2])
	}
	// Output:
	// gltf 1 kiosk 1
	// 0.0 0.0 0.0
	// 0.0 -10.0 0.0
	// 0.0 0.0 10.0
}

func ExampleInputError() {
	fsys := fstest.MapFS{"box.glb": {Data: []byte("glTF\x01\x00\x00\x00")}}
	_, err := gltf.Load(fsys, "box.glb", gltf.Options{})
	var ie *gltf.InputError
	fmt.Println(errors.As(err, &ie))
	fmt.Println(err)
	// Output:
	// true
	// gltf box.glb: invalid GLB container: GLB header truncated: 8 bytes, need 12
}

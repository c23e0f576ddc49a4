package remote_test

import (
	"fmt"

	"citytwin/loaders/remote"
)

// Names given to the FS resolve against the tileset's folder, and the
// tileset URL's query (an access key) goes along with every request.
func ExampleFS_URL() {
	fsys, name, err := remote.New("https://example.org/city/tileset.json?key=abc", remote.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(name)
	fmt.Println(fsys.URL("tiles/0/0_0.glb"))
	fmt.Println(remote.Redact(fsys.URL("tiles/0/0_0.glb")))
	// Output:
	// tileset.json
	// https://example.org/city/tiles/0/0_0.glb?key=abc
	// https://example.org/city/tiles/0/0_0.glb
}

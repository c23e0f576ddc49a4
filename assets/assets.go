// Package assets holds the files citytwin carries inside its executable:
// the built-in demo scene (Monaco, from OpenStreetMap; see README.md in this
// folder for sources, licence and how the data was prepared) and the JSON
// Schema of the scene file.
//
// It imports nothing of ours; citytwin/loaders/open loads the demo through
// the same scene-file code as any scene on disk.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed demo/scene.json demo/*.geojson
var demo embed.FS

// Demo returns the demo scene's folder as a read-only file system:
// "scene.json" and the GeoJSON layers it names. It is safe for concurrent
// use.
func Demo() fs.FS {
	sub, err := fs.Sub(demo, "demo")
	if err != nil {
		panic("assets: " + err.Error()) // "demo" is a valid path: cannot happen
	}
	return sub
}

// DemoScene is the name of the demo's scene file inside Demo().
const DemoScene = "scene.json"

// SceneSchema is the JSON Schema (draft 2020-12) of the scene file, for
// editors and for `citytwin` to hand out. Callers must not modify it.
//
//go:embed scene.schema.json
var SceneSchema []byte

package scenefile

import (
	"encoding/json"
	"fmt"
	"io/fs"

	"citytwin/scene"
)

// fakeData is the stand-in layer format of these tests: an optional origin
// (used when no frame is given) and features with ids, properties and a
// local position.
type fakeData struct {
	Origin   *scene.Geo `json:"origin"`
	Features []struct {
		ID    string         `json:"id"`
		Props map[string]any `json:"props"`
		X, Y  float64
	} `json:"features"`
}

// fakeCall records what a fake loader was asked.
type fakeCall struct {
	Kind  string
	Src   string
	Opts  LayerOptions
	Frame *scene.Geo
}

// fakeLoaders returns loaders that read fakeData and record their calls.
func fakeLoaders(calls *[]fakeCall) Loaders {
	mk := func(kind scene.LayerKind) LayerLoader {
		return func(fsys fs.FS, src string, opts LayerOptions) (*scene.Layer, error) {
			c := fakeCall{Kind: string(kind), Src: src, Opts: opts}
			if opts.Frame != nil {
				o := opts.Frame.Origin
				c.Frame = &o
			}
			*calls = append(*calls, c)
			data, err := fs.ReadFile(fsys, src)
			if err != nil {
				return nil, err
			}
			var d fakeData
			if err := json.Unmarshal(data, &d); err != nil {
				return nil, fmt.Errorf("fake %s: %w", src, err)
			}
			l := &scene.Layer{ID: opts.ID, Kind: kind, Src: src, Visible: true, Bounds: scene.EmptyBox(), Attribution: "loader credit"}
			switch {
			case opts.Frame != nil:
				l.Origin = opts.Frame.Origin
			case d.Origin != nil:
				l.Origin = *d.Origin
			}
			for i, f := range d.Features {
				l.Features = append(l.Features, scene.Feature{ID: f.ID, Index: i, Properties: f.Props})
				l.Bounds = l.Bounds.Extend(scene.Vec3{f.X, f.Y, 0}).Extend(scene.Vec3{f.X + 10, f.Y + 10, 20})
			}
			return l, nil
		}
	}
	return Loaders{GeoJSON: mk(scene.KindGeoJSON), GLTF: mk(scene.KindGLTF), Tiles3D: mk(scene.Kind3DTiles)}
}

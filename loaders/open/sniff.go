package open

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"citytwin/scene"
)

// What a file named by the user holds.
type content int

const (
	contentScene content = iota + 1
	contentGeoJSON
	contentGLTF
	content3DTiles
)

func (c content) kind() scene.LayerKind {
	switch c {
	case contentGLTF:
		return scene.KindGLTF
	case content3DTiles:
		return scene.Kind3DTiles
	}
	return scene.KindGeoJSON
}

// geoJSONTypes are the values of a GeoJSON object's "type".
var geoJSONTypes = map[string]bool{
	"FeatureCollection": true, "Feature": true, "Point": true, "MultiPoint": true, "LineString": true,
	"MultiLineString": true, "Polygon": true, "MultiPolygon": true, "GeometryCollection": true,
}

// classify tells what the file at path holds: by extension for .glb,
// .gltf and .geojson, and by looking at the top-level keys of a .json file
// ("layers": a scene file; "asset" and "root": a 3D Tiles tileset; a
// GeoJSON "type": a layer). open returns the file's bytes as a stream, read
// only as far as the keys that decide (a file that does not start a JSON
// object fails at its first bytes).
func classify(path string, open func() (io.Reader, error)) (content, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".glb", ".gltf":
		return contentGLTF, nil
	case ".geojson":
		return contentGeoJSON, nil
	case ".json":
	default:
		return 0, &InputError{File: path, Reason: "not a file citytwin reads (want a scene .json, .geojson, .glb, .gltf or a 3D Tiles tileset.json)"}
	}
	r, err := open()
	if err != nil {
		return 0, &InputError{File: path, Reason: "cannot read", Err: err}
	}
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	dec := json.NewDecoder(br)
	bad := func(err error) (content, error) {
		return 0, &InputError{File: path, Reason: "not valid JSON", Err: fmt.Errorf("at byte %d: %w", dec.InputOffset(), err)}
	}
	tok, err := dec.Token()
	if err != nil {
		return bad(err)
	}
	if tok != json.Delim('{') {
		return bad(fmt.Errorf("want an object, found %v", tok))
	}
	var asset, root bool
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		switch key {
		case "layers":
			return contentScene, nil
		case "type":
			var typ any
			if err := dec.Decode(&typ); err != nil {
				return bad(err)
			}
			if s, ok := typ.(string); ok && geoJSONTypes[s] {
				return contentGeoJSON, nil
			}
			continue
		case "asset":
			asset = true
		case "root":
			root = true
		}
		if err := skipValue(dec); err != nil {
			return bad(err)
		}
		if asset && root {
			return content3DTiles, nil
		}
	}
	if _, err := dec.Token(); err != nil {
		return bad(err)
	}
	return 0, &InputError{File: path, Reason: `neither a scene file ("layers"), GeoJSON ("type": "FeatureCollection", …) nor a 3D Tiles tileset ("asset" and "root")`}
}

// skipValue reads one JSON value token by token (without holding it).
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

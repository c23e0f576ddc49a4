package open

import (
	"bytes"
	"encoding/json"
	"errors"
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
// ("layers": a scene file; "asset": a 3D Tiles tileset; a GeoJSON "type":
// a layer). read returns the file's bytes.
func classify(path string, read func() ([]byte, error)) (content, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".glb", ".gltf":
		return contentGLTF, nil
	case ".geojson":
		return contentGeoJSON, nil
	case ".json":
	default:
		return 0, &InputError{File: path, Reason: "not a file citytwin reads (want a scene .json, .geojson, .glb, .gltf or a 3D Tiles tileset.json)"}
	}
	data, err := read()
	if err != nil {
		return 0, &InputError{File: path, Reason: "cannot read", Err: err}
	}
	var top struct {
		Layers json.RawMessage `json:"layers"`
		Asset  json.RawMessage `json:"asset"`
		Root   json.RawMessage `json:"root"`
		Type   json.RawMessage `json:"type"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &top); err != nil {
		return 0, &InputError{File: path, Reason: "not valid JSON", Err: jsonPosition(data, err)}
	}
	var typ string
	_ = json.Unmarshal(top.Type, &typ)
	switch {
	case top.Layers != nil:
		return contentScene, nil
	case top.Asset != nil && top.Root != nil:
		return content3DTiles, nil
	case geoJSONTypes[typ]:
		return contentGeoJSON, nil
	}
	return 0, &InputError{File: path, Reason: `neither a scene file ("layers"), GeoJSON ("type": "FeatureCollection", …) nor a 3D Tiles tileset ("asset" and "root")`}
}

// jsonPosition adds the line and column to a JSON syntax error.
func jsonPosition(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := se.Offset - 1
		if off < 0 {
			off = 0
		}
		line := bytes.Count(data[:off], []byte("\n")) + 1
		col := int(off) - bytes.LastIndexByte(data[:off], '\n')
		return fmt.Errorf("line %d, column %d: %w", line, col, err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("unexpected end of file")
	}
	return err
}

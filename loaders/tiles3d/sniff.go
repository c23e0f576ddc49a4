package tiles3d

import "encoding/json"

// IsTileset reports whether data, the start of a JSON file, looks like a
// 3D Tiles tileset (an object with "asset" and "root"), so an opener can
// tell a tileset.json from a scene file or GeoJSON. It only decodes the
// top level; data may be the whole file.
func IsTileset(data []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return false
	}
	_, asset := top["asset"]
	_, root := top["root"]
	return asset && root
}

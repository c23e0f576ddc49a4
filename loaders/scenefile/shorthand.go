package scenefile

import "encoding/json"

// expandShorthands rewrites the short forms of a decoded scene file into
// the object forms before it is checked: a layer style's "extrude":
// "height" (a property name) becomes {"height_property": "height"} and
// "extrude": 12 (metres) becomes {"height": 12}, in the layers and in the
// layers that scenarios add.
func expandShorthands(root map[string]any) {
	layers, _ := root["layers"].([]any)
	for _, l := range layers {
		expandLayer(l)
	}
	scs, _ := root["scenarios"].([]any)
	for _, sc := range scs {
		obj, _ := sc.(map[string]any)
		chs, _ := obj["changes"].([]any)
		for _, ch := range chs {
			if c, ok := ch.(map[string]any); ok {
				expandLayer(c["add"])
			}
		}
	}
}

func expandLayer(l any) {
	obj, _ := l.(map[string]any)
	style, _ := obj["style"].(map[string]any)
	if style == nil {
		return
	}
	switch e := style["extrude"].(type) {
	case string:
		style["extrude"] = map[string]any{"height_property": e}
	case json.Number:
		style["extrude"] = map[string]any{"height": e}
	}
}

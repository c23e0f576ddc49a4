package gltf

import (
	"fmt"
	"maps"
	"math"
	"strconv"

	qgltf "github.com/qmuntal/gltf"

	"citytwin/scene"
)

// featureAttribute returns the name of the per-vertex feature id attribute
// of p and the EXT_structural_metadata property table its ids index (-1:
// none), or "".
func featureAttribute(p *qgltf.Primitive) (string, int) {
	if raw, ok := p.Extensions["EXT_mesh_features"]; ok {
		var ext struct {
			FeatureIDs []struct {
				Attribute     *int `json:"attribute"`
				PropertyTable *int `json:"propertyTable"`
			} `json:"featureIds"`
		}
		if b, ok := raw.(jsonRaw); ok && jsonUnmarshal(b, &ext) == nil {
			for _, f := range ext.FeatureIDs {
				if f.Attribute != nil {
					table := -1
					if f.PropertyTable != nil {
						table = *f.PropertyTable
					}
					return fmt.Sprintf("_FEATURE_ID_%d", *f.Attribute), table
				}
			}
		}
	}
	for _, name := range []string{"_BATCHID", "_BATCHID_0", "_FEATURE_ID_0"} {
		if _, ok := p.Attributes[name]; ok {
			return name, -1
		}
	}
	return "", -1
}

func (w *writer) featureForNode(node int) int {
	if f := w.in.Feature; f != nil && *f >= 0 && *f < len(w.l.Features) {
		return *f
	}
	if f, ok := w.nodeFeature[node]; ok {
		return f
	}
	n := w.m.Doc.Nodes[node]
	props := maps.Clone(w.in.Properties)
	if props == nil {
		props = map[string]any{}
	}
	props["node"] = float64(node)
	id := n.Name
	if id == "" {
		id = fmt.Sprintf("node %d", node)
	} else {
		props["name"] = n.Name
	}
	if n.Mesh != nil && w.m.Doc.Meshes[*n.Mesh].Name != "" {
		props["mesh"] = w.m.Doc.Meshes[*n.Mesh].Name
	}
	if ex, ok := n.Extras.(map[string]any); ok {
		for k, v := range ex {
			props[k] = v
		}
	}
	f := len(w.l.Features)
	w.l.Features = append(w.l.Features, scene.Feature{ID: id, Index: node, Properties: props})
	w.nodeFeature[node] = f
	return f
}

// idKey identifies a feature by property table and feature id.
type idKey struct{ table, id int }

func (w *writer) featureForID(v float64, table int) int {
	id := -1
	if v >= 0 && v < math.MaxInt32 {
		id = int(v + 0.5)
	}
	if w.in.FeatureOf != nil {
		if f := w.in.FeatureOf(id); f >= 0 && f < len(w.l.Features) {
			return f
		}
	}
	if f, ok := w.idFeature[idKey{table, id}]; ok {
		return f
	}
	t := w.m.table(table)
	props := make(map[string]any, len(w.in.Properties)+1+t.columnCount())
	maps.Copy(props, w.in.Properties)
	props["feature_id"] = float64(id)
	fid := strconv.Itoa(id)
	if t != nil {
		row := t.row(id)
		maps.Copy(props, row)
		fid = featureName(row, fid)
	}
	f := len(w.l.Features)
	w.l.Features = append(w.l.Features, scene.Feature{ID: fid, Index: id, Properties: props})
	w.idFeature[idKey{table, id}] = f
	return f
}

// featureName picks an identifier among a feature's properties.
func featureName(row map[string]any, fallback string) string {
	for _, k := range []string{"id", "ID", "gml_id", "gmlid", "identificatie", "identifier", "name"} {
		if s, ok := row[k].(string); ok && s != "" {
			return s
		}
	}
	return fallback
}

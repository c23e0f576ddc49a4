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
	dense := id >= 0 && id < maxDenseID && table >= -1 && table < maxDenseTable
	if dense {
		if d := w.denseIDs(table); id < len(d) && d[id] != 0 {
			return int(d[id] - 1)
		}
	} else if f, ok := w.idFeature[idKey{table, id}]; ok {
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
	if dense {
		d := w.denseIDs(table)
		if id >= len(d) {
			d = append(d, make([]int32, id+1-len(d))...)
			w.idDense[table+1] = d
		}
		d[id] = int32(f + 1)
	} else {
		w.idFeature[idKey{table, id}] = f
	}
	return f
}

// Feature ids below maxDenseID of property tables below maxDenseTable are
// looked up in slices (w.idDense) rather than the idFeature map.
const (
	maxDenseID    = 1 << 20
	maxDenseTable = 64
)

// denseIDs returns the slice of table's small feature ids.
func (w *writer) denseIDs(table int) []int32 {
	if table+1 >= len(w.idDense) {
		w.idDense = append(w.idDense, make([][]int32, table+2-len(w.idDense))...)
	}
	return w.idDense[table+1]
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

package tiler

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// propertyTable is the EXT_structural_metadata table of one tile: one row
// per feature, the "id" column first.
type propertyTable struct {
	count int
	ids   []string
	props []map[string]any
}

// add appends a feature's row and returns its index.
func (t *propertyTable) add(id string, props map[string]any) int {
	t.ids = append(t.ids, id)
	t.props = append(t.props, props)
	t.count++
	return t.count - 1
}

// identifier is what EXT_structural_metadata allows as a property id.
var identifier = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// propertyID returns name as a valid property id (other characters
// become "_"), and whether it had to change.
func propertyID(name string) (string, bool) {
	if identifier.MatchString(name) {
		return name, false
	}
	var b strings.Builder
	for i, r := range name {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String(), true
}

// encode writes the table's columns into w and returns the root
// EXT_structural_metadata extension.
func (t *propertyTable) encode(w *glbWriter) map[string]any {
	// property → SCALAR or STRING. Booleans are written as the strings
	// "true" and "false": BOOLEAN columns are valid EXT_structural_metadata
	// but loaders.gl 4.5 refuses them ("Not implemented").
	kinds := map[string]string{}
	for _, p := range t.props {
		for k, v := range p {
			var kind string
			switch v.(type) {
			case float64:
				kind = "SCALAR"
			case nil:
				continue
			default:
				kind = "STRING"
			}
			if old, ok := kinds[k]; ok && old != kind {
				kind = "STRING"
			}
			kinds[k] = kind
		}
	}
	delete(kinds, "id") // the feature id column
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	classProps := map[string]any{"id": map[string]any{"type": "STRING"}}
	tableProps := map[string]any{"id": t.stringColumn(w, func(i int) string { return t.ids[i] })}
	used := map[string]bool{"id": true}
	for _, name := range names {
		pid, changed := propertyID(name)
		for used[pid] {
			pid += "_"
			changed = true
		}
		used[pid] = true
		def := map[string]any{"type": kinds[name]}
		if changed {
			def["name"] = name
		}
		switch kinds[name] {
		case "SCALAR":
			def["componentType"] = "FLOAT64"
			b := make([]byte, 8*t.count)
			for i, p := range t.props {
				v, ok := p[name].(float64)
				if !ok {
					v = math.NaN()
				}
				binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
			}
			tableProps[pid] = map[string]any{"values": w.view(b, 0)}
		default:
			tableProps[pid] = t.stringColumn(w, func(i int) string { return text(t.props[i][name]) })
		}
		classProps[pid] = def
	}
	return map[string]any{
		"schema": map[string]any{"id": "citytwin", "classes": map[string]any{
			"building": map[string]any{"properties": classProps},
		}},
		"propertyTables": []any{map[string]any{"class": "building", "count": t.count, "properties": tableProps}},
	}
}

// stringColumn writes a STRING column (values and UINT32 offsets).
func (t *propertyTable) stringColumn(w *glbWriter, get func(int) string) map[string]any {
	var values []byte
	offs := make([]byte, 0, 4*(t.count+1))
	for i := 0; i < t.count; i++ {
		offs = binary.LittleEndian.AppendUint32(offs, uint32(len(values)))
		values = append(values, get(i)...)
	}
	offs = binary.LittleEndian.AppendUint32(offs, uint32(len(values)))
	return map[string]any{"values": w.view(values, 0), "stringOffsets": w.view(offs, 0), "stringOffsetType": "UINT32"}
}

// text is a property value as a string cell ("" when missing).
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

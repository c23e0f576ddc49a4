package gltf

import (
	"encoding/binary"
	"encoding/json"
	"math"
)

// propertyTable is one EXT_structural_metadata property table, decoded
// lazily row by row.
type propertyTable struct {
	count   int
	columns []column
}

type column struct {
	name string
	get  func(row int) (any, bool)
}

// structuralMetadata is the root EXT_structural_metadata extension.
type structuralMetadata struct {
	Schema struct {
		Classes map[string]struct {
			Properties map[string]struct {
				Type          string `json:"type"`
				ComponentType string `json:"componentType"`
				Array         bool   `json:"array"`
				Normalized    bool   `json:"normalized"`
			} `json:"properties"`
		} `json:"classes"`
	} `json:"schema"`
	PropertyTables []struct {
		Class      string `json:"class"`
		Count      int    `json:"count"`
		Properties map[string]struct {
			Values           *int   `json:"values"`
			StringOffsets    *int   `json:"stringOffsets"`
			StringOffsetType string `json:"stringOffsetType"`
		} `json:"properties"`
	} `json:"propertyTables"`
}

// table returns property table i of the model's EXT_structural_metadata,
// or nil. Columns whose type is not supported (arrays, enums, vectors) are
// left out; broken columns are left out with a warning.
func (m *Model) table(i int) *propertyTable {
	if m.tables == nil {
		m.tables = map[int]*propertyTable{}
		raw, ok := m.Doc.Extensions["EXT_structural_metadata"].(json.RawMessage)
		if ok {
			var sm structuralMetadata
			if err := json.Unmarshal(raw, &sm); err != nil {
				m.warnf("EXT_structural_metadata: %v", err)
			} else {
				m.meta = &sm
			}
		}
	}
	if t, ok := m.tables[i]; ok {
		return t
	}
	var t *propertyTable
	if m.meta != nil && i >= 0 && i < len(m.meta.PropertyTables) {
		t = m.decodeTable(i)
	}
	m.tables[i] = t
	return t
}

func (m *Model) decodeTable(i int) *propertyTable {
	pt := m.meta.PropertyTables[i]
	class := m.meta.Schema.Classes[pt.Class]
	t := &propertyTable{count: pt.Count}
	for name, p := range pt.Properties {
		def, ok := class.Properties[name]
		if !ok || def.Array || p.Values == nil {
			continue
		}
		values, _, err := m.bufferViewData(*p.Values)
		if err != nil {
			m.warnf("property table %d column %s: %v", i, name, err)
			continue
		}
		switch def.Type {
		case "STRING":
			if p.StringOffsets == nil {
				continue
			}
			offs, _, err := m.bufferViewData(*p.StringOffsets)
			if err != nil {
				m.warnf("property table %d column %s: %v", i, name, err)
				continue
			}
			size := map[string]int{"UINT8": 1, "UINT16": 2, "UINT32": 4, "UINT64": 8, "": 4}[p.StringOffsetType]
			if size == 0 {
				continue
			}
			t.columns = append(t.columns, column{name, func(row int) (any, bool) {
				a, okA := readOffset(offs, row, size)
				b, okB := readOffset(offs, row+1, size)
				if !okA || !okB || a > b || b > uint64(len(values)) {
					return nil, false
				}
				return string(values[a:b]), true
			}})
		case "BOOLEAN":
			t.columns = append(t.columns, column{name, func(row int) (any, bool) {
				if row < 0 || row/8 >= len(values) {
					return nil, false
				}
				return values[row/8]&(1<<(row%8)) != 0, true
			}})
		case "SCALAR":
			ct := def.ComponentType
			size := map[string]int{"INT8": 1, "UINT8": 1, "INT16": 2, "UINT16": 2, "INT32": 4, "UINT32": 4, "INT64": 8, "UINT64": 8, "FLOAT32": 4, "FLOAT64": 8}[ct]
			if size == 0 {
				continue
			}
			t.columns = append(t.columns, column{name, func(row int) (any, bool) {
				if row < 0 || (row+1)*size > len(values) {
					return nil, false
				}
				return scalar(values[row*size:], ct), true
			}})
		}
	}
	return t
}

func readOffset(b []byte, i, size int) (uint64, bool) {
	if i < 0 || (i+1)*size > len(b) {
		return 0, false
	}
	p := b[i*size:]
	switch size {
	case 1:
		return uint64(p[0]), true
	case 2:
		return uint64(binary.LittleEndian.Uint16(p)), true
	case 4:
		return uint64(binary.LittleEndian.Uint32(p)), true
	}
	return binary.LittleEndian.Uint64(p), true
}

func scalar(p []byte, ct string) float64 {
	switch ct {
	case "INT8":
		return float64(int8(p[0]))
	case "UINT8":
		return float64(p[0])
	case "INT16":
		return float64(int16(binary.LittleEndian.Uint16(p)))
	case "UINT16":
		return float64(binary.LittleEndian.Uint16(p))
	case "INT32":
		return float64(int32(binary.LittleEndian.Uint32(p)))
	case "UINT32":
		return float64(binary.LittleEndian.Uint32(p))
	case "INT64":
		return float64(int64(binary.LittleEndian.Uint64(p)))
	case "UINT64":
		return float64(binary.LittleEndian.Uint64(p))
	case "FLOAT32":
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(p)))
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(p))
}

// columnCount returns the number of columns (0 for a nil table).
func (t *propertyTable) columnCount() int {
	if t == nil {
		return 0
	}
	return len(t.columns)
}

// row returns the properties of one row.
func (t *propertyTable) row(r int) map[string]any {
	if t == nil || r < 0 || r >= t.count {
		return nil
	}
	out := make(map[string]any, len(t.columns))
	for _, c := range t.columns {
		if v, ok := c.get(r); ok {
			out[c.name] = v
		}
	}
	return out
}

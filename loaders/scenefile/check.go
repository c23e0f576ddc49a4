package scenefile

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// checkValue compares a generic JSON value (as decoded with UseNumber) with
// the Go type it will be decoded into. Type mismatches become problems at
// their JSON path; object keys the type does not know become warnings. After
// a clean check, json.Unmarshal into t cannot fail on types. Unknown keys are
// deleted from v.
func checkValue(p *problems, warn func(string), path string, v any, t reflect.Type) {
	if v == nil {
		return // null leaves the zero value, as encoding/json does
	}
	if t == rawMessageType || t.Kind() == reflect.Interface {
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		checkValue(p, warn, path, v, t.Elem())
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			p.add(path, "want an object, got %s", describe(v))
			return
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(obj) {
			ft, ok := fields[k]
			if !ok {
				warn(fmt.Sprintf("%s: unknown key, ignored", join(path, k)))
				delete(obj, k) // so that decoding cannot match it case-insensitively
				continue
			}
			checkValue(p, warn, join(path, k), obj[k], ft)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			p.add(path, "want an array, got %s", describe(v))
			return
		}
		for i, e := range arr {
			checkValue(p, warn, fmt.Sprintf("%s[%d]", path, i), e, t.Elem())
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			p.add(path, "want an object, got %s", describe(v))
			return
		}
		for _, k := range sortedKeys(obj) {
			checkValue(p, warn, join(path, k), obj[k], t.Elem())
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			p.add(path, "want a string, got %s", describe(v))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			p.add(path, "want true or false, got %s", describe(v))
		}
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			p.add(path, "want a number, got %s", describe(v))
			return
		}
		if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
			p.add(path, "number %s is out of range", n)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			p.add(path, "want a whole number, got %s", describe(v))
			return
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			p.add(path, "want a whole number, got %s", n)
		}
	default:
		p.add(path, "scenefile: cannot check Go type %s", t)
	}
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// jsonFields maps the JSON keys of struct t (embedded structs flattened,
// "-" fields left out) to their Go types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// describe names the JSON type of v for messages.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 20 {
			x = x[:20] + "…"
		}
		return fmt.Sprintf("a string (%q)", x)
	case json.Number:
		return "a number (" + string(x) + ")"
	case bool:
		return fmt.Sprintf("%t", x)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	default:
		return "null"
	}
}

// join appends an object key to a JSON path.
func join(path, key string) string {
	if !isIdent(key) {
		key = strconv.Quote(key)
		return path + "[" + key + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package live

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	gojson "github.com/goccy/go-json"
)

// decodeNGSI reads NGSI-LD or NGSI v2 entities: one entity, an array of
// entities, a NGSI-LD Notification {"type": "Notification", "data": [...]},
// a NGSI v2 notification {"subscriptionId": ..., "data": [...]}, a NGSI-LD
// GeoJSON Feature or FeatureCollection representation.
func (d *Decoder) decodeNGSI(msg []byte) error {
	var v any
	if err := unmarshalAny(msg, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case map[string]any:
		switch t, _ := x["type"].(string); t {
		case "Notification":
			data, ok := x["data"].([]any)
			if !ok {
				return errors.New("notification without a \"data\" array")
			}
			return d.entities(data)
		case "":
			// An NGSI v2 notification (Orion): {"subscriptionId", "data": [...]}.
			if data, ok := x["data"].([]any); ok && x["subscriptionId"] != nil {
				return d.entities(data)
			}
		case "FeatureCollection":
			fs, ok := x["features"].([]any)
			if !ok {
				return errors.New("feature collection without a \"features\" array")
			}
			return d.entities(fs)
		}
		r := d.next()
		if err := d.entity(x, r); err != nil {
			d.out = d.out[:0]
			return err
		}
		return nil
	case []any:
		return d.entities(x)
	}
	return errors.New("a message must be a JSON object or array")
}

// unmarshalAny decodes JSON into v, turning a panic inside the JSON library
// into an error so that no input can crash a feed.
func unmarshalAny(msg []byte, v *any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed JSON (%v)", p)
		}
	}()
	if err := gojson.Unmarshal(msg, v); err != nil {
		return fmt.Errorf("malformed JSON: %w", err)
	}
	return nil
}

func (d *Decoder) entities(list []any) error {
	bad := 0
	var first error
	for k, e := range list {
		m, ok := e.(map[string]any)
		var err error
		if !ok {
			err = errors.New("not an object")
		} else {
			r := d.next()
			if err = d.entity(m, r); err != nil {
				d.out = d.out[:len(d.out)-1]
			}
		}
		if err != nil {
			bad++
			if first == nil {
				first = fmt.Errorf("entity %d: %w", k, err)
			}
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d entities unusable, first: %w", bad, len(list), first)
	}
	return nil
}

// timeKeys are the date members that say when an entity was observed, best
// first (after the properties' own observedAt).
var timeKeys = [...]string{"TimeInstant", "dateObserved", "dateObservedTo", "dateObservedFrom",
	"dateLastValueReported", "timestamp", "dateModified", "modifiedAt"}

// entityScratch collects what one entity says about time.
type entityScratch struct {
	observedAt time.Time
	times      [len(timeKeys)]time.Time
}

// entity reads one NGSI-LD (normalized, keyValues, concise), NGSI v2
// (normalized, keyValues) entity or NGSI-LD GeoJSON Feature into r.
func (d *Decoder) entity(m map[string]any, r *Reading) error {
	id := firstString(m, "id", "@id")
	typ := firstString(m, "type", "@type")
	props := m
	if typ == "Feature" {
		p, ok := m["properties"].(map[string]any)
		if !ok {
			return errors.New("feature without properties")
		}
		props = p
		typ, _ = p["type"].(string)
		if g, ok := m["geometry"].(map[string]any); ok {
			r.Lon, r.Lat, r.Alt, r.HasPos = placeLocation(g)
		}
	}
	if id == "" {
		return errors.New("entity without an id")
	}
	r.Sensor = d.internString(id)
	r.Type = d.internString(typ)

	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var sc entityScratch
	for _, k := range keys {
		v := props[k]
		switch k {
		case "id", "type", "@id", "@type", "@context", "address":
		case "location":
			if !r.HasPos {
				r.Lon, r.Lat, r.Alt, r.HasPos = placeLocation(v)
			}
		case "name":
			if s, ok := propValue(v).(string); ok {
				r.Name = s
			}
		default:
			d.property(r, k, v, &sc)
		}
	}
	switch {
	case !sc.observedAt.IsZero():
		r.Time = sc.observedAt
	default:
		for _, t := range sc.times {
			if !t.IsZero() {
				r.Time = t
				break
			}
		}
	}
	if len(r.Values) == 0 && len(r.Categories) == 0 && !r.HasPos {
		return errors.New("entity carries no values and no location")
	}
	return nil
}

func firstString(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := m[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// propValue unwraps {"value": v} (normalized and concise forms).
func propValue(v any) any {
	if m, ok := v.(map[string]any); ok {
		if inner, has := m["value"]; has {
			return inner
		}
	}
	return v
}

// property reads one attribute: a number becomes a Value, a string a
// Category (or a time for date attributes), a Relationship or structured
// value is skipped.
func (d *Decoder) property(r *Reading, k string, v any, sc *entityScratch) {
	unit := ""
	dateType := false
	if m, ok := v.(map[string]any); ok {
		t, _ := m["type"].(string)
		if t == "Relationship" || t == "GeoProperty" || t == "geo:json" || t == "geo:point" || m["object"] != nil {
			return
		}
		if inner, has := m["value"]; has {
			v = inner
			dateType = t == "DateTime" || t == "Date"
			if u, ok := m["unitCode"].(string); ok {
				unit = u
			}
			if s, ok := m["observedAt"].(string); ok {
				if at, ok := parseTime([]byte(s)); ok && at.After(sc.observedAt) {
					sc.observedAt = at
				}
			}
			if md, ok := m["metadata"].(map[string]any); ok {
				if unit == "" {
					if u, ok := propValue(md["unitCode"]).(string); ok {
						unit = u
					}
				}
				for _, mk := range [...]string{"TimeInstant", "timestamp", "dateObserved", "observedAt"} {
					if s, ok := propValue(md[mk]).(string); ok {
						if at, ok := parseObservedTime(s); ok && at.After(sc.observedAt) {
							sc.observedAt = at
						}
						break
					}
				}
			}
		} else if _, has := m["@value"]; !has {
			return // a structured value (an address, a map)
		}
	}
	// A JSON-LD typed literal: {"@type": "DateTime", "@value": "..."}.
	if m, ok := v.(map[string]any); ok {
		at, has := m["@value"]
		if !has {
			return
		}
		if t, _ := m["@type"].(string); strings.Contains(t, "Date") || strings.Contains(t, "Time") {
			dateType = true
		}
		v = at
	}
	isDate := dateType || isDateKey(k)
	switch x := v.(type) {
	case float64:
		if !isDate && len(r.Values) < maxQuantities {
			r.Values = append(r.Values, Value{Quantity: d.internString(k), Value: x, Unit: d.internString(UnitSymbol(unit))})
		}
	case string:
		if isDate {
			if t, ok := parseObservedTime(x); ok {
				for i, tk := range timeKeys {
					if tk == k {
						sc.times[i] = t
					}
				}
			}
			return
		}
		d.category(r, k, x)
	case bool:
		d.category(r, k, strconv.FormatBool(x))
	case []any:
		var parts []string
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return
			}
			parts = append(parts, s)
		}
		if len(parts) > 0 {
			d.category(r, k, strings.Join(parts, ","))
		}
	}
}

// category keeps a short string attribute; links (URLs, URNs) and long
// texts are not categories.
func (d *Decoder) category(r *Reading, k, v string) {
	if len(v) > 64 || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "urn:") {
		return
	}
	if len(k) > 3 && strings.HasPrefix(k, "ref") && k[3] >= 'A' && k[3] <= 'Z' {
		return // a keyValues relationship ("refDevice": "device-0A3478")
	}
	if len(r.Categories) < maxQuantities {
		r.Categories = append(r.Categories, Category{Quantity: d.internString(k), Value: d.internString(v)})
	}
}

func isDateKey(k string) bool {
	if len(k) > 4 && strings.HasPrefix(k, "date") && k[4] >= 'A' && k[4] <= 'Z' {
		return true
	}
	switch k {
	case "timestamp", "observedAt", "modifiedAt", "createdAt", "TimeInstant":
		return true
	}
	return false
}

// placeLocation reads a location attribute: a NGSI-LD GeoProperty, a NGSI v2
// geo:json or geo:point ("lat, lon") attribute, or bare GeoJSON (keyValues).
func placeLocation(v any) (lon, lat, alt float64, ok bool) {
	switch x := v.(type) {
	case string:
		return geoPoint(x)
	case map[string]any:
		t, _ := x["type"].(string)
		if inner, has := x["value"]; has {
			if s, isStr := inner.(string); isStr {
				return geoPoint(s)
			}
			if g, isMap := inner.(map[string]any); isMap {
				return placeGeometry(g)
			}
			return 0, 0, 0, false
		}
		if t == "" {
			return 0, 0, 0, false
		}
		return placeGeometry(x)
	}
	return 0, 0, 0, false
}

// geoPoint reads NGSI v2's "lat, lon" string.
func geoPoint(s string) (lon, lat, alt float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, 0, false
	}
	la, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lo, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || !validPos(lo, la) {
		return 0, 0, 0, false
	}
	return lo, la, 0, true
}

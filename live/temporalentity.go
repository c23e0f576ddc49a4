package live

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// maxHistoryProblems is how many unusable entities a HistoryResult names.
const maxHistoryProblems = 8

// applyTemporal applies one page of temporal entities to reg and returns
// how many entities the page held. A page that is not a JSON array of
// objects (or one object) is an error; an unusable entity is a problem
// of res and spares the rest.
func applyTemporal(d *Decoder, body []byte, reg *Registry, source string, res *HistoryResult) (int, error) {
	var v any
	if err := unmarshalAny(body, &v); err != nil {
		return 0, err
	}
	var list []any
	switch x := v.(type) {
	case []any:
		list = x
	case map[string]any:
		if _, ok := x["id"]; !ok {
			return 0, errors.New("not an array of temporal entities")
		}
		list = []any{x}
	default:
		return 0, errors.New("not an array of temporal entities")
	}
	now := reg.opts.Now()
	for k, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			res.problem(fmt.Sprintf("entity %d: not an object", k))
			continue
		}
		d.out = d.out[:0]
		var first error
		for _, im := range instances(m) {
			r := d.next()
			if err := d.entity(im, r); err != nil {
				d.out = d.out[:len(d.out)-1]
				first = cmpOr(first, err)
			}
		}
		if len(d.out) == 0 {
			if first == nil {
				first = errors.New("no instance with an observedAt time")
			}
			res.problem(fmt.Sprintf("entity %d (%v): %v", k, m["id"], first))
			continue
		}
		res.Entities++
		res.Readings += reg.Apply(source, d.out, now)
	}
	return len(list), nil
}

// cmpOr returns a unless it is nil, else b.
func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// problem records one unusable entity.
func (h *HistoryResult) problem(s string) {
	if len(h.Problems) < maxHistoryProblems {
		h.Problems = append(h.Problems, s)
	}
}

// instant is a property instance of a temporal entity.
type instant struct {
	attr string
	t    time.Time
	prop map[string]any // {"type": "Property", "value": …, "observedAt": …, "unitCode": …}
}

// instances turns a temporal entity into plain normalized entities, one
// per distinct observedAt, oldest first, each with the entity's id, type,
// name and latest location, so the live decoder reads them as it reads a
// broker's notifications.
func instances(m map[string]any) []map[string]any {
	base := map[string]any{}
	var all []instant
	for k, v := range m {
		switch k {
		case "id", "type", "@id", "@type", "name":
			base[k] = latest(k, v)
		case "@context":
		case "location":
			base[k] = latest(k, v)
		default:
			all = appendInstants(all, k, v)
		}
	}
	slices.SortStableFunc(all, func(a, b instant) int { return a.t.Compare(b.t) })
	var out []map[string]any
	for i := 0; i < len(all); {
		e := make(map[string]any, len(base)+4)
		for k, v := range base {
			e[k] = v
		}
		j := i
		for ; j < len(all) && all[j].t.Equal(all[i].t); j++ {
			e[all[j].attr] = all[j].prop
		}
		out = append(out, e)
		i = j
	}
	return out
}

// latest returns the last instance of an attribute that may be temporal
// (an array of instances, or {"values": [[v, t], …]}), as a plain
// attribute; anything else as it is.
func latest(k string, v any) any {
	switch x := v.(type) {
	case []any:
		if k == "id" || k == "type" || len(x) == 0 {
			return v
		}
		return x[len(x)-1]
	case map[string]any:
		if vals, ok := x["values"].([]any); ok && len(vals) > 0 {
			if pair, ok := vals[len(vals)-1].([]any); ok && len(pair) > 0 {
				t, _ := x["type"].(string)
				return map[string]any{"type": t, "value": pair[0]}
			}
		}
	}
	return v
}

// appendInstants appends the instances of attribute k: the normalized
// temporal form (an array of properties with observedAt, or one such
// property) or the simplified one ({"values": [[value, time], …]}).
// Instances without a usable time are skipped.
func appendInstants(all []instant, k string, v any) []instant {
	add := func(p map[string]any) {
		s, _ := p["observedAt"].(string)
		if t, ok := parseObservedTime(s); ok {
			all = append(all, instant{attr: k, t: t, prop: p})
		}
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if p, ok := e.(map[string]any); ok {
				add(p)
			}
		}
	case map[string]any:
		vals, ok := x["values"].([]any)
		if !ok {
			add(x)
			return all
		}
		for _, e := range vals {
			pair, ok := e.([]any)
			if !ok || len(pair) < 2 {
				continue
			}
			p := map[string]any{"type": "Property", "value": pair[0], "observedAt": pair[1]}
			if u, ok := x["unitCode"]; ok {
				p["unitCode"] = u
			}
			add(p)
		}
	}
	return all
}

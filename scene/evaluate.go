package scene

import (
	"fmt"
	"math"
	"reflect"
	"slices"
)

// Evaluation is the city as one combination of active scenarios shows it:
// which features are hidden and which properties each feature has after the
// scenarios' changes. It never modifies the Scene; the baseline is the
// Evaluation with no active scenario. Build one with Scene.Evaluate.
type Evaluation struct {
	// Active lists the active scenario ids in scene order.
	Active []string
	// Layers are the scene's layers followed by the layers added by active
	// scenarios.
	Layers []*Layer
	hidden map[*Layer]map[int]bool
	props  map[*Layer]map[int]map[string]any
	// tileHides are the hide selections on streamed layers (Layer.Tiles),
	// whose features are only known tile by tile.
	tileHides map[*Layer][]*Selection
}

// Evaluate applies the scenarios with the given ids (in scene order,
// whatever order ids has) to the baseline. Unknown ids, two scenarios of one
// group, and changes naming an unknown layer are errors.
func (s *Scene) Evaluate(ids ...string) (*Evaluation, error) {
	want := map[string]bool{}
	for _, id := range ids {
		if id == BaselineID {
			continue
		}
		want[id] = true
	}
	ev := &Evaluation{
		Layers: append([]*Layer(nil), s.Layers...),
		hidden: map[*Layer]map[int]bool{},
		props:  map[*Layer]map[int]map[string]any{},
	}
	groups := map[string]string{}
	for i := range s.Scenarios {
		sc := &s.Scenarios[i]
		if !want[sc.ID] {
			continue
		}
		delete(want, sc.ID)
		if sc.Group != "" {
			if other, ok := groups[sc.Group]; ok {
				return nil, fmt.Errorf("scenarios %q and %q are both in group %q and exclude each other", other, sc.ID, sc.Group)
			}
			groups[sc.Group] = sc.ID
		}
		ev.Active = append(ev.Active, sc.ID)
		for j, ch := range sc.Changes {
			if err := ev.apply(ch); err != nil {
				return nil, fmt.Errorf("scenario %q change %d: %w", sc.ID, j, err)
			}
		}
	}
	for id := range want {
		return nil, fmt.Errorf("unknown scenario %q", id)
	}
	return ev, nil
}

func (ev *Evaluation) layer(id string) *Layer {
	for _, l := range ev.Layers {
		if l.ID == id {
			return l
		}
	}
	return nil
}

func (ev *Evaluation) apply(ch Change) error {
	switch {
	case ch.Added != nil:
		ev.Layers = append(ev.Layers, ch.Added)
	case ch.Hide != nil && ev.streamed(ch.Hide.Layer):
		l := ev.layer(ch.Hide.Layer)
		if len(ch.Hide.IDs) == 0 && ch.Hide.Where == nil {
			return fmt.Errorf("layer %q: a selection needs ids or where", l.ID)
		}
		if ev.tileHides == nil {
			ev.tileHides = map[*Layer][]*Selection{}
		}
		ev.tileHides[l] = append(ev.tileHides[l], ch.Hide)
	case ch.Hide != nil:
		l, idx, err := ev.selectFeatures(ch.Hide)
		if err != nil {
			return err
		}
		if ev.hidden[l] == nil {
			ev.hidden[l] = map[int]bool{}
		}
		for _, i := range idx {
			ev.hidden[l][i] = true
		}
	case ch.Set != nil:
		l, idx, err := ev.selectFeatures(&ch.Set.Selection)
		if err != nil {
			return err
		}
		for _, i := range idx {
			p := ev.ownProps(l, i)
			for k, v := range ch.Set.Properties {
				p[k] = v
			}
		}
	case ch.Adjust != nil:
		l, idx, err := ev.selectFeatures(&ch.Adjust.Selection)
		if err != nil {
			return err
		}
		for _, i := range idx {
			p := ev.ownProps(l, i)
			for k, d := range ch.Adjust.Add {
				v, _ := Number(p[k])
				p[k] = v + d
			}
		}
	case len(ch.Add) > 0:
		return fmt.Errorf("added layer was not loaded")
	default:
		return fmt.Errorf("empty change")
	}
	return nil
}

// ownProps returns a copy-on-write property map for feature i of l.
func (ev *Evaluation) ownProps(l *Layer, i int) map[string]any {
	m := ev.props[l]
	if m == nil {
		m = map[int]map[string]any{}
		ev.props[l] = m
	}
	if p, ok := m[i]; ok {
		return p
	}
	p := make(map[string]any, len(l.Features[i].Properties)+1)
	for k, v := range l.Features[i].Properties {
		p[k] = v
	}
	m[i] = p
	return p
}

func (ev *Evaluation) selectFeatures(sel *Selection) (*Layer, []int, error) {
	l := ev.layer(sel.Layer)
	if l == nil {
		return nil, nil, fmt.Errorf("unknown layer %q", sel.Layer)
	}
	var out []int
	if len(sel.IDs) > 0 {
		want := make(map[string]bool, len(sel.IDs))
		for _, id := range sel.IDs {
			want[id] = true
		}
		for i := range l.Features {
			if want[l.Features[i].ID] {
				out = append(out, i)
			}
		}
		return l, out, nil
	}
	if sel.Where == nil {
		return nil, nil, fmt.Errorf("layer %q: a selection needs ids or where", sel.Layer)
	}
	for i := range l.Features {
		if sel.Where.Match(ev.Properties(l, i)) {
			out = append(out, i)
		}
	}
	return l, out, nil
}

// streamed reports whether layer id is a streamed tileset.
func (ev *Evaluation) streamed(id string) bool {
	l := ev.layer(id)
	return l != nil && l.Tiles != nil
}

// HiddenInTile reports whether feature f of a tile of the streamed layer l
// (one whose Tiles load its features tile by tile) is hidden by the active
// scenarios: a hide change selects it by ID or by its properties as
// loaded (set and adjust changes do not apply to streamed features). A nil
// ev hides nothing.
func (ev *Evaluation) HiddenInTile(l *Layer, f *Feature) bool {
	if ev == nil {
		return false
	}
	for _, sel := range ev.tileHides[l] {
		if sel.Where != nil && sel.Where.Match(f.Properties) {
			return true
		}
		for _, id := range sel.IDs {
			if id == f.ID && id != "" {
				return true
			}
		}
	}
	return false
}

// TilesChanged reports whether the streamed layer l hides other features
// in ev than in other (a nil other is the baseline), so a renderer knows
// when to filter the tiles it holds again.
func (ev *Evaluation) TilesChanged(other *Evaluation, l *Layer) bool {
	var a, b []*Selection
	if ev != nil {
		a = ev.tileHides[l]
	}
	if other != nil {
		b = other.tileHides[l]
	}
	if len(a) != len(b) {
		return true
	}
	for i := range a {
		if a[i] != b[i] {
			return true
		}
	}
	return false
}

// Touched returns, in increasing order, the indices of the features of l
// that the active scenarios hide or give properties of their own: the
// only ones that can look different from the baseline (Changed tells
// which do). The slice is new. A nil ev touches nothing.
func (ev *Evaluation) Touched(l *Layer) []int {
	if ev == nil {
		return nil
	}
	var out []int
	for i := range ev.hidden[l] {
		out = append(out, i)
	}
	for i := range ev.props[l] {
		if !ev.hidden[l][i] {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// Hidden reports whether feature i of l is hidden by the active scenarios.
func (ev *Evaluation) Hidden(l *Layer, i int) bool { return ev.hidden[l][i] }

// Shown reports whether feature i of l is shown in ev, and its effective
// properties if so. A nil ev is the baseline: every feature as loaded.
func (ev *Evaluation) Shown(l *Layer, i int) (map[string]any, bool) {
	if ev == nil {
		return l.Features[i].Properties, true
	}
	if ev.Hidden(l, i) {
		return nil, false
	}
	return ev.Properties(l, i), true
}

// Properties returns the effective properties of feature i of l. The map is
// shared: callers must not modify it.
func (ev *Evaluation) Properties(l *Layer, i int) map[string]any {
	if p, ok := ev.props[l][i]; ok {
		return p
	}
	return l.Features[i].Properties
}

// Changed reports whether feature i of l looks different in ev than in
// other (hidden state or properties), so a renderer can rebuild only the
// chunks that hold changed features. A nil other is the baseline.
func (ev *Evaluation) Changed(other *Evaluation, l *Layer, i int) bool {
	if other == nil {
		other = &Evaluation{}
	}
	if ev.Hidden(l, i) != other.Hidden(l, i) {
		return true
	}
	_, a := ev.props[l][i]
	_, b := other.props[l][i]
	if !a && !b {
		return false // both show the baseline's properties
	}
	return !reflect.DeepEqual(ev.Properties(l, i), other.Properties(l, i))
}

// Match reports whether props satisfy f.
func (f *Filter) Match(props map[string]any) bool {
	v, ok := props[f.Property]
	if !ok {
		return false
	}
	if f.Equals != nil && !equalValues(v, f.Equals) {
		return false
	}
	if f.In != nil {
		found := false
		for _, w := range f.In {
			if equalValues(v, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if f.Min != nil || f.Max != nil {
		n, ok := Number(v)
		if !ok || (f.Min != nil && n < *f.Min) || (f.Max != nil && n > *f.Max) {
			return false
		}
	}
	return true
}

func equalValues(a, b any) bool {
	if x, ok := Number(a); ok {
		if y, ok := Number(b); ok {
			return x == y
		}
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// Number reads a JSON value as a number: float64 and integer types as they
// are, numeric strings ("12", "12.5", "12 m") by their leading number. ok is
// false for anything else and for NaN or infinite values.
func Number(v any) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case string:
		var ok bool
		if f, ok = scanNumber(x); !ok {
			return 0, false
		}
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// scanNumber reads the leading number of s. It is apart from Number so that
// the variable Sscanf writes to escapes to the heap only for strings.
func scanNumber(s string) (float64, bool) {
	var f float64
	n, _ := fmt.Sscanf(s, "%g", &f)
	return f, n == 1
}

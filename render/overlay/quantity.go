package overlay

import (
	"image/color"

	"citytwin/live"
	"citytwin/scene"
)

// liveQuantity is one quantity the overlay can colour markers by: its
// canonical key (scene.QuantityKey), how it is shown, and its bands.
type liveQuantity struct {
	key, label, unit string
	bands            []liveBand
	category         bool     // string values (a parking status), coloured per value
	values           []string // category values seen (at most maxCategoryValues)
	count            int      // sensors that have it (at the last count)
}

// liveBand is one colour band, its colour parsed.
type liveBand struct {
	min   float64
	col   color.NRGBA
	label string
}

const maxCategoryValues = 8

// noDataColor colours markers without the selected quantity.
var noDataColor = color.NRGBA{R: 150, G: 150, B: 155, A: 255}

// unbandedColor colours values of a quantity without bands.
var unbandedColor = color.NRGBA{R: 30, G: 110, B: 200, A: 255}

// quantityTable knows every quantity heard so far. Names are looked up by
// the spelling the feed uses (no allocation once a name is known).
type quantityTable struct {
	overrides map[string]scene.QuantityInfo // by canonical key
	list      []*liveQuantity
	byName    map[string]int // feed spelling → index in list
	byCat     map[string]int // category name → index in list
	cividis   bool           // bands coloured by the cividis ramp
}

func newQuantityTable(overrides map[string]scene.QuantityInfo) *quantityTable {
	t := &quantityTable{overrides: map[string]scene.QuantityInfo{}, byName: map[string]int{}, byCat: map[string]int{}}
	for k, q := range overrides {
		t.overrides[scene.QuantityKey(k)] = q
	}
	return t
}

// numeric returns the index of numeric quantity name (any spelling).
func (t *quantityTable) numeric(name string) int {
	if i, ok := t.byName[name]; ok {
		return i
	}
	key := scene.QuantityKey(name)
	for i, q := range t.list {
		if q.key == key && !q.category {
			t.byName[name] = i
			return i
		}
	}
	q := &liveQuantity{key: key, label: scene.DefaultLabel(name), unit: scene.DefaultUnit(name)}
	bands := scene.DefaultBands(name)
	if o, ok := t.overrides[key]; ok {
		if o.Name != "" {
			q.label = o.Name
		}
		if o.Unit != "" {
			q.unit = o.Unit
		}
		if len(o.Bands) > 0 {
			bands = bands[:0]
			for _, b := range o.Bands {
				bands = append(bands, scene.Band{Min: b.Min, Color: b.Color, Label: b.Label})
			}
		}
	}
	for _, b := range bands {
		c, ok := scene.ParseColor(b.Color)
		if !ok {
			c = noDataColor
		}
		q.bands = append(q.bands, liveBand{min: b.Min, col: c, label: b.Label})
	}
	if t.cividis {
		for i := range q.bands {
			q.bands[i].col = Cividis(float64(i) / float64(max(1, len(q.bands)-1)))
		}
	}
	t.list = append(t.list, q)
	t.byName[name] = len(t.list) - 1
	return len(t.list) - 1
}

// categorical returns the index of category quantity name.
func (t *quantityTable) categorical(name string) int {
	if i, ok := t.byCat[name]; ok {
		return i
	}
	q := &liveQuantity{key: name, label: name, category: true}
	if o, ok := t.overrides[scene.QuantityKey(name)]; ok && o.Name != "" {
		q.label = o.Name
	}
	t.list = append(t.list, q)
	t.byCat[name] = len(t.list) - 1
	return len(t.list) - 1
}

// colorOf returns the colour of value v of quantity q and its band label.
func (q *liveQuantity) colorOf(v float64) (color.NRGBA, string) {
	if len(q.bands) == 0 {
		return unbandedColor, ""
	}
	b := q.bands[0]
	for _, x := range q.bands[1:] {
		if v >= x.min {
			b = x
		}
	}
	return b.col, b.label
}

// categoryColor returns the colour of a category value.
func (q *liveQuantity) categoryColor(v string) color.NRGBA {
	if s, ok := scene.DefaultCategoryColor(q.key, v); ok {
		if c, ok := scene.ParseColor(s); ok {
			return c
		}
	}
	return unbandedColor
}

// noteCategory remembers a category value for the legend.
func (q *liveQuantity) noteCategory(v string) {
	for _, x := range q.values {
		if x == v {
			return
		}
	}
	if len(q.values) < maxCategoryValues {
		q.values = append(q.values, v)
	}
}

// count recounts how many sensors of view have each quantity and returns
// the index of the one to colour by: the first of preferredQuantities that
// at least a tenth of the sensors have, else the most common one, or -1
// when there are none.
func (t *quantityTable) count(v *live.View) int {
	for _, q := range t.list {
		q.count = 0
	}
	for _, s := range v.Sensors {
		for _, val := range s.Values {
			t.list[t.numeric(val.Quantity)].count++
		}
		for _, c := range s.Categories {
			q := t.list[t.categorical(c.Quantity)]
			q.count++
			q.noteCategory(c.Value)
		}
	}
	best := -1
	for i, q := range t.list {
		if q.count > 0 && (best < 0 || q.count > t.list[best].count) {
			best = i
		}
	}
	// Prefer the first of preferredQuantities that a tenth of the sensors
	// have: air quality first, as a city's twin is usually read.
	for _, k := range preferredQuantities {
		for i, q := range t.list {
			if q.key == k && !q.category && q.count > 0 && q.count*10 >= len(v.Sensors) {
				return i
			}
		}
	}
	return best
}

// preferredQuantities are chosen first to colour the markers by.
var preferredQuantities = []string{"no2", "pm25", "pm10", "o3", "noise", "traffic", "occupancy", "temperature"}

// next returns the quantity after i that some sensor has (cycling), or i.
func (t *quantityTable) next(i int) int {
	n := len(t.list)
	for k := 1; k <= n; k++ {
		j := (i + k) % n
		if j < 0 {
			j += n
		}
		if t.list[j].count > 0 {
			return j
		}
	}
	return i
}

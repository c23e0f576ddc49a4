package live

import "time"

// Reading is what one message says about one sensor at one time.
//
// Strings are immutable and may be shared between readings (the Decoder
// interns them); the Values and Categories slices belong to whoever produced
// the Reading: a Decoder reuses them on its next call, so copy what you keep.
type Reading struct {
	// Sensor is the sensor's id: the native "id" or the NGSI entity id.
	Sensor string
	// Type is the entity type (e.g. "AirQualityObserved"), "" when unknown.
	Type string
	// Name is a human-readable name when the message carries one.
	Name string
	// Lon and Lat are WGS84 degrees, Alt metres; valid only when HasPos.
	// A LineString location is placed at its midpoint along its length, an
	// area at the average of its outer ring's vertices.
	Lon, Lat, Alt float64
	// HasPos reports whether the message carried a position.
	HasPos bool
	// Time is when the values were observed, in UTC; zero when the message
	// had no time (the Registry then uses the receive time).
	Time time.Time
	// Values are the numeric quantities, in message order (native) or sorted
	// by quantity (NGSI).
	Values []Value
	// Categories are the string-valued quantities, such as a parking spot's
	// status ("free", "occupied"), kept rather than dropped.
	Categories []Category
}

// Value is one numeric quantity of a reading.
type Value struct {
	// Quantity is the name as the feed spells it ("no2", "NO2", "LAeq").
	Quantity string
	// Value is the measured number.
	Value float64
	// Unit is the unit symbol ("µg/m³"), from a native "units" object or an
	// NGSI unitCode translated from UN/CEFACT (GQ → µg/m³; unknown codes are
	// kept as they are); "" when not given.
	Unit string
}

// Category is one string-valued quantity of a reading (a status, a level).
type Category struct {
	Quantity string
	Value    string
}

// Find returns the value of quantity q in r and whether r has it.
func (r *Reading) Find(q string) (Value, bool) {
	for _, v := range r.Values {
		if v.Quantity == q {
			return v, true
		}
	}
	return Value{}, false
}

// FindCategory returns the category q in r and whether r has it.
func (r *Reading) FindCategory(q string) (string, bool) {
	for _, c := range r.Categories {
		if c.Quantity == q {
			return c.Value, true
		}
	}
	return "", false
}

package live

import "time"

// View is an immutable picture of every sensor at one moment, made by
// Registry.Snapshot. Nothing in it changes after publication, so it can be
// read from any goroutine without locks; compare Version to know whether
// anything changed since the View you drew last.
type View struct {
	// Version increases with every change applied to the registry.
	Version uint64
	// Published is when this View was made.
	Published time.Time
	// Sensors are all sensors heard, in order of first arrival: a sensor
	// keeps its index for the registry's life. Unchanged sensors are the
	// same pointers as in the previous View.
	Sensors []*Sensor
	// Applied counts readings applied so far; Dropped those refused.
	Applied, Dropped uint64
}

// Sensor is one sensor's latest state in a View. Immutable.
type Sensor struct {
	// Index is the sensor's position in View.Sensors.
	Index int
	// ID is the sensor id; Type the entity type; Name a human name or "".
	ID, Type, Name string
	// Source is the id (or URL) of the source it was last heard from.
	Source string
	// Lon, Lat (WGS84 degrees) and Alt (metres) are valid when HasPos.
	Lon, Lat, Alt float64
	HasPos        bool
	// Updated is the observation time of the latest reading (the receive
	// time when the reading had none); Received when it arrived; Changed
	// when a value or category last changed (for a pulse).
	Updated, Received, Changed time.Time
	// Messages counts readings applied to this sensor.
	Messages uint64
	// Values are the latest numeric values per quantity, in order of first
	// appearance; Categories the latest string values.
	Values     []Value
	Categories []Category

	valBuf [4]Value
	catBuf [2]Category
}

// Find returns the sensor with id, or nil. It scans: keep Sensor.Index
// to find a sensor again in a later View.
func (v *View) Find(id string) *Sensor {
	for _, s := range v.Sensors {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Value returns the latest value of quantity q and whether the sensor has it.
func (s *Sensor) Value(q string) (Value, bool) {
	for _, v := range s.Values {
		if v.Quantity == q {
			return v, true
		}
	}
	return Value{}, false
}

// Category returns the latest value of category q and whether it is known.
func (s *Sensor) Category(q string) (string, bool) {
	for _, c := range s.Categories {
		if c.Quantity == q {
			return c.Value, true
		}
	}
	return "", false
}

// Stale reports whether the sensor has not been heard for longer than d at now.
func (s *Sensor) Stale(now time.Time, d time.Duration) bool {
	return now.Sub(s.Received) > d
}

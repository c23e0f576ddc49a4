package scene

import "strings"

// The European Air Quality Index colours (EEA), good to extremely poor.
var eaqiColors = [6]string{"#50f0e6", "#50ccaa", "#f0e641", "#ff5050", "#960032", "#7d2181"}
var eaqiLabels = [6]string{"good", "fair", "moderate", "poor", "very poor", "extremely poor"}

func eaqi(mins ...float64) []Band {
	b := make([]Band, len(mins))
	for i, m := range mins {
		b[i] = Band{Min: m, Color: eaqiColors[i], Label: eaqiLabels[i]}
	}
	return b
}

// quantityInfo is what citytwin knows about a quantity by default.
type quantityInfo struct {
	label, unit string
	bands       []Band
}

var defaultQuantities = map[string]quantityInfo{
	// European Air Quality Index band limits (EEA, hourly concentrations in
	// µg/m³, the 2017–2023 index).
	"no2":  {"NO₂", "µg/m³", eaqi(0, 40, 90, 120, 230, 340)},
	"pm25": {"PM2.5", "µg/m³", eaqi(0, 10, 20, 25, 50, 75)},
	"pm10": {"PM10", "µg/m³", eaqi(0, 20, 40, 50, 100, 150)},
	"o3":   {"O₃", "µg/m³", eaqi(0, 50, 100, 130, 240, 380)},
	"so2":  {"SO₂", "µg/m³", eaqi(0, 100, 200, 350, 500, 750)},
	// Noise, A-weighted equivalent level in dB (the WHO guideline for road
	// traffic is 53 dB Lden).
	"noise": {"Noise", "dB", []Band{
		{0, "#4caf50", "quiet"}, {45, "#cddc39", "moderate"}, {55, "#ffc107", "noisy"},
		{65, "#ff5722", "loud"}, {75, "#9c27b0", "very loud"}}},
	// Traffic flow in vehicles per hour on one road section.
	"traffic": {"Traffic", "veh/h", []Band{
		{0, "#4caf50", "light"}, {300, "#cddc39", "moderate"}, {800, "#ffc107", "busy"},
		{1500, "#ff5722", "heavy"}, {2500, "#b71c1c", "congested"}}},
	// Occupancy as a fraction 0–1 (road sections, parking sites).
	"occupancy": {"Occupancy", "", []Band{
		{0, "#4caf50", "free"}, {0.5, "#ffc107", "filling"}, {0.8, "#ff5722", "almost full"},
		{0.95, "#b71c1c", "full"}}},
	"temperature": {"Temperature", "°C", []Band{
		{-100, "#3f51b5", "freezing"}, {0, "#2196f3", "cold"}, {10, "#4caf50", "mild"},
		{20, "#ffc107", "warm"}, {30, "#f44336", "hot"}}},
}

// quantityAliases maps canonical spellings to the keys of defaultQuantities.
var quantityAliases = map[string]string{
	"no2": "no2", "nitrogendioxide": "no2",
	"pm25": "pm25", "pm2p5": "pm25",
	"pm10": "pm10",
	"o3":   "o3", "ozone": "o3",
	"so2":   "so2",
	"noise": "noise", "laeq": "noise", "las": "noise", "lamax": "noise", "laeqd": "noise",
	"lden": "noise", "noiselevel": "noise", "db": "noise",
	"traffic": "traffic", "intensity": "traffic", "trafficflow": "traffic", "vehicles": "traffic",
	"occupancy":   "occupancy",
	"temperature": "temperature", "temp": "temperature",
}

// QuantityKey returns the canonical key of a quantity name as feeds spell
// it: "NO2", "no2" → "no2"; "PM2.5", "pm2_5" → "pm25"; "LAeq" → "noise";
// "intensity" → "traffic". A name citytwin does not know is returned
// lower-cased without separators.
func QuantityKey(q string) string {
	k := strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', ' ', '.':
			return -1
		}
		return r
	}, strings.ToLower(q))
	if a, ok := quantityAliases[k]; ok {
		return a
	}
	return k
}

// DefaultBands returns the default colour bands of a quantity (any spelling
// QuantityKey knows), lowest first, or nil when there are none. The slice is
// the caller's.
func DefaultBands(quantity string) []Band {
	info, ok := defaultQuantities[QuantityKey(quantity)]
	if !ok {
		return nil
	}
	return append([]Band(nil), info.bands...)
}

// DefaultLabel returns a display name for a quantity ("NO₂"), or the
// quantity itself.
func DefaultLabel(quantity string) string {
	if info, ok := defaultQuantities[QuantityKey(quantity)]; ok {
		return info.label
	}
	return quantity
}

// DefaultUnit returns the usual unit symbol of a quantity ("µg/m³"), or "".
func DefaultUnit(quantity string) string {
	return defaultQuantities[QuantityKey(quantity)].unit
}

// BandFor returns the band v falls in: the last band whose Min ≤ v (bands
// sorted by Min), the first band for values below all, false for no bands.
func BandFor(bands []Band, v float64) (Band, bool) {
	if len(bands) == 0 {
		return Band{}, false
	}
	b := bands[0]
	for _, x := range bands[1:] {
		if v >= x.Min {
			b = x
		}
	}
	return b, true
}

// categoryColors colours well-known string values.
var categoryColors = map[string]string{
	"free": "#4caf50", "available": "#4caf50", "vacant": "#4caf50",
	"occupied": "#f44336", "full": "#f44336",
	"closed": "#9e9e9e", "unknown": "#9e9e9e", "outoforder": "#9e9e9e",
	"good": eaqiColors[0], "fair": eaqiColors[1], "moderate": eaqiColors[2],
	"poor": eaqiColors[3], "verypoor": eaqiColors[4], "extremelypoor": eaqiColors[5],
}

// DefaultCategoryColor returns the colour of a category value such as a
// parking status ("free" green, "occupied" red, "closed" grey) or an air
// quality level ("good" … "extremely poor", EAQI colours).
func DefaultCategoryColor(quantity, value string) (string, bool) {
	k := strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', ' ':
			return -1
		}
		return r
	}, strings.ToLower(value))
	c, ok := categoryColors[k]
	return c, ok
}

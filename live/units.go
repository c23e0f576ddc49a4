package live

// unitCodes translates the UN/CEFACT Common Codes (Recommendation 20) that
// NGSI "unitCode" members use into unit symbols. Unknown codes are kept as
// they are.
var unitCodes = map[string]string{
	"GP":  "mg/m³",
	"GQ":  "µg/m³",
	"59":  "ppm",
	"61":  "ppb",
	"CEL": "°C",
	"FAH": "°F",
	"KEL": "K",
	"2N":  "dB",
	"P1":  "%",
	"MTS": "m/s",
	"KMH": "km/h",
	"MTR": "m",
	"CMT": "cm",
	"MMT": "mm",
	"KTM": "km",
	"A97": "hPa",
	"PAL": "Pa",
	"KPA": "kPa",
	"BAR": "bar",
	"MBR": "mbar",
	"LUX": "lx",
	"WTT": "W",
	"KWT": "kW",
	"KWH": "kWh",
	"DD":  "°",
	"SEC": "s",
	"MIN": "min",
	"HUR": "h",
	"E32": "veh/h",
	"C62": "1",
	"D52": "W/m²",
	"MQH": "m³/h",
	"LTR": "l",
	"MMH": "mm/h",
}

// UnitSymbol returns the symbol for a UN/CEFACT unit code ("GQ" → "µg/m³"),
// or code itself when it is not one citytwin knows.
func UnitSymbol(code string) string {
	if s, ok := unitCodes[code]; ok {
		return s
	}
	return code
}

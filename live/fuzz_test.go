package live

import (
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, s := range []string{
		`{"id": "aq-001", "lon": 2.171, "lat": 41.392, "alt": 3, "time": "2026-11-26T10:00:00Z", "values": {"no2": 31.2, "pm25": 12}}`,
		`[{"id":"a","values":{"x":1,"s":"free","o":{"value":2,"unit":"u"}},"units":{"x":"dB"}},{"id":"b","values":{}}]`,
		`{"type":"Notification","data":[{"id":"e","type":"T","x":{"type":"Property","value":1,"observedAt":"2026-11-26T10:00:00Z"}}]}`,
		`{"id":"e","type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{"type":"T","x":1}}`,
		`{"id":"a\ud83d\ude00","values":{"\u00e9":-0.5e-3}}`,
		`[`, `{"id":`, `null`, `"x"`, `[1,2]`,
	} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob(filepath.Join(sdmDir, "*", "*.json*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// checkReadings asserts what every successful decode promises.
func checkReadings(t *testing.T, rs []Reading) {
	for _, r := range rs {
		if r.Sensor == "" {
			t.Fatalf("reading without sensor id: %+v", r)
		}
		if r.HasPos && !validPos(r.Lon, r.Lat) {
			t.Fatalf("position out of range: %+v", r)
		}
		if len(r.Values) > maxQuantities || len(r.Categories) > maxQuantities {
			t.Fatalf("too many quantities: %d", len(r.Values))
		}
	}
}

// FuzzDecodeNative feeds arbitrary bytes to the native decoder (and auto).
func FuzzDecodeNative(f *testing.F) {
	addSeeds(f)
	d := NewDecoder(FormatNative)
	a := NewDecoder(FormatAuto)
	f.Fuzz(func(t *testing.T, msg []byte) {
		rs, _ := d.Decode(msg)
		checkReadings(t, rs)
		rs, _ = a.Decode(msg)
		checkReadings(t, rs)
	})
}

// FuzzDecodeNGSI feeds arbitrary bytes to the NGSI-LD / NGSI v2 decoder.
func FuzzDecodeNGSI(f *testing.F) {
	addSeeds(f)
	d := NewDecoder(FormatNGSI)
	f.Fuzz(func(t *testing.T, msg []byte) {
		rs, _ := d.Decode(msg)
		checkReadings(t, rs)
	})
}

package live

import (
	"strings"
	"testing"
	"time"
)

func TestDecodeNative(t *testing.T) {
	at := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		msg     string
		format  Format
		n       int // readings
		errPart string
		check   func(t *testing.T, rs []Reading)
	}{
		{name: "contract example", msg: `{"id": "aq-001", "lon": 2.171, "lat": 41.392, "alt": 3, "time": "2026-11-26T10:00:00Z", "values": {"no2": 31.2, "pm25": 12}}`,
			n: 1, check: func(t *testing.T, rs []Reading) {
				r := rs[0]
				if r.Sensor != "aq-001" || !r.HasPos || r.Lon != 2.171 || r.Lat != 41.392 || r.Alt != 3 || !r.Time.Equal(at) {
					t.Errorf("got %+v", r)
				}
				if v, _ := r.Find("no2"); v.Value != 31.2 {
					t.Errorf("no2 %v", v)
				}
				if v, _ := r.Find("pm25"); v.Value != 12 {
					t.Errorf("pm25 %v", v)
				}
			}},
		{name: "batch", msg: `[{"id":"a","values":{"x":1}}, {"id":"b","lon":1,"lat":2,"values":{"x":2}}]`, n: 2,
			check: func(t *testing.T, rs []Reading) {
				if rs[0].Sensor != "a" || rs[0].HasPos || rs[1].Sensor != "b" || !rs[1].HasPos {
					t.Errorf("got %+v", rs)
				}
			}},
		{name: "no position after first message", msg: `{"id":"a","time":"2026-11-26T11:00:00+01:00","values":{"x":1}}`, n: 1,
			check: func(t *testing.T, rs []Reading) {
				if rs[0].HasPos || !rs[0].Time.Equal(at) {
					t.Errorf("got %+v", rs[0])
				}
			}},
		{name: "time without zone is UTC", msg: `{"id":"a","time":"2026-11-26T10:00:00","values":{"x":1}}`, n: 1,
			check: func(t *testing.T, rs []Reading) {
				if !rs[0].Time.Equal(at) {
					t.Errorf("time %v", rs[0].Time)
				}
			}},
		{name: "units, strings, objects, escapes", msg: `{"id":"a\u00e9\"","values":{"no2":{"value":3,"unit":"µg/m³"},"status":"free","on":true,"gone":null,"pm":1e1},"units":{"pm":"µg/m³"},"extra":{"deep":[1,{"x":null}]}}`, n: 1,
			check: func(t *testing.T, rs []Reading) {
				r := rs[0]
				if r.Sensor != "aé\"" {
					t.Errorf("id %q", r.Sensor)
				}
				if v, _ := r.Find("no2"); v.Value != 3 || v.Unit != "µg/m³" {
					t.Errorf("no2 %+v", v)
				}
				if v, _ := r.Find("pm"); v.Value != 10 || v.Unit != "µg/m³" {
					t.Errorf("pm %+v", v)
				}
				if c, _ := r.FindCategory("status"); c != "free" {
					t.Errorf("status %q", c)
				}
				if c, _ := r.FindCategory("on"); c != "true" {
					t.Errorf("on %q", c)
				}
				if len(r.Values) != 2 || len(r.Categories) != 2 {
					t.Errorf("values %v categories %v", r.Values, r.Categories)
				}
			}},
		{name: "unix time in seconds and milliseconds", msg: `[{"id":"a","time":1795687200,"values":{"x":1}},{"id":"b","time":1795687200500,"values":{"x":1}}]`, n: 2,
			check: func(t *testing.T, rs []Reading) {
				if !rs[0].Time.Equal(at) || !rs[1].Time.Equal(at.Add(500*time.Millisecond)) {
					t.Errorf("times %v %v", rs[0].Time, rs[1].Time)
				}
			}},
		{name: "numeric id", msg: `{"id":15092,"values":{"x":1}}`, n: 1,
			check: func(t *testing.T, rs []Reading) {
				if rs[0].Sensor != "15092" {
					t.Errorf("id %q", rs[0].Sensor)
				}
			}},
		{name: "partial batch keeps the good", msg: `[{"id":"a","values":{"x":1}},{"values":{"x":2}},{"id":"c","values":{"x":3}}]`, format: FormatNative,
			n: 2, errPart: "1 of 3 batch elements unusable"},
		{name: "missing id", msg: `{"values":{"x":1}}`, format: FormatNative, errPart: "no \"id\""},
		{name: "lon without lat", msg: `{"id":"a","lon":1,"values":{"x":1}}`, errPart: "lon and lat"},
		{name: "position out of range", msg: `{"id":"a","lon":200,"lat":1,"values":{"x":1}}`, errPart: "out of range"},
		{name: "bad time", msg: `{"id":"a","time":"yesterday","values":{"x":1}}`, errPart: "RFC 3339"},
		{name: "garbage", msg: `hello`, errPart: "JSON object or array"},
		{name: "truncated", msg: `{"id":"a","values":{"x":1`, errPart: "unexpected end"},
		{name: "trailing data", msg: `{"id":"a","values":{"x":1}} {}`, errPart: "data after"},
		{name: "empty", msg: ``, errPart: "empty message"},
		{name: "values not an object", msg: `{"id":"a","values":[1]}`, errPart: "values must be an object"},
		{name: "huge number", msg: `{"id":"a","values":{"x":1e999}}`, errPart: "out of range"},
		{name: "native without values is not native", msg: `{"id":"a","lon":1,"lat":2}`, format: FormatNative, errPart: "no \"values\""},
		{name: "deep nesting", msg: `{"id":"a","values":{},"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, errPart: "nested deeper"},
		{name: "empty batch", msg: `[]`, n: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := NewDecoder(tc.format).Decode([]byte(tc.msg))
			if tc.errPart != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errPart) {
					t.Fatalf("err %v, want one containing %q", err, tc.errPart)
				}
			} else if err != nil {
				t.Fatalf("err %v", err)
			}
			if len(rs) != tc.n {
				t.Fatalf("%d readings, want %d: %+v", len(rs), tc.n, rs)
			}
			if tc.check != nil {
				tc.check(t, rs)
			}
		})
	}
}

func TestDecodeAutoTellsFormsApart(t *testing.T) {
	d := NewDecoder(FormatAuto)
	msgs := []struct{ msg, id string }{
		{`{"id":"n1","values":{"no2":1}}`, "n1"},
		{`[{"id":"n2","values":{"no2":1}}]`, "n2"},
		{`{"id":"urn:ngsi-ld:X:1","type":"X","no2":{"type":"Property","value":1}}`, "urn:ngsi-ld:X:1"},
		{`{"type":"Notification","id":"n","data":[{"id":"e1","type":"X","no2":{"type":"Property","value":1}}]}`, "e1"},
		{`[{"id":"e2","type":"X","no2":3}]`, "e2"},
		{`{"subscriptionId":"57458eb60962ef754e7c0998","data":[{"id":"v2n","type":"X","no2":{"type":"Number","value":3,"metadata":{}}}]}`, "v2n"},
		{`{"type":"FeatureCollection","features":[{"id":"f1","type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"type":"X","no2":{"type":"Property","value":5}}}]}`, "f1"},
		{`{"id":"e3","type":"X","values":{"type":"Property","value":1},"@context":"x","no2":4}`, "e3"},
		{`{"id":"v2","type":"X","temperature":{"type":"Number","value":3,"metadata":{"unitCode":{"value":"CEL"}}},"location":{"type":"geo:point","value":"41.5, 2.5"}}`, "v2"},
	}
	for _, m := range msgs {
		rs, err := d.Decode([]byte(m.msg))
		if err != nil || len(rs) != 1 || rs[0].Sensor != m.id {
			t.Errorf("%s: %v %+v", m.msg, err, rs)
		}
	}
	rs, _ := d.Decode([]byte(msgs[8].msg))
	if v, _ := rs[0].Find("temperature"); v.Unit != "°C" || !rs[0].HasPos || rs[0].Lon != 2.5 || rs[0].Lat != 41.5 {
		t.Errorf("v2 geo:point / unit: %+v", rs[0])
	}
}

func TestParseTime(t *testing.T) {
	ok := map[string]string{
		"2026-11-26T10:00:00Z":           "2026-11-26T10:00:00Z",
		"2026-11-26T10:00:00.5Z":         "2026-11-26T10:00:00.5Z",
		"2026-11-26T10:00:00.00Z":        "2026-11-26T10:00:00Z",
		"2026-11-26T11:30:00+01:30":      "2026-11-26T10:00:00Z",
		"2026-11-26T08:00:00-0200":       "2026-11-26T10:00:00Z",
		"2026-11-26 10:00:00":            "2026-11-26T10:00:00Z",
		"2026-11-26T10:00":               "2026-11-26T10:00:00Z",
		"2026-11-26":                     "2026-11-26T00:00:00Z",
		"2026-11-26T10:00:00.123456789Z": "2026-11-26T10:00:00.123456789Z",
	}
	for in, want := range ok {
		got, good := parseTime([]byte(in))
		w, _ := time.Parse(time.RFC3339Nano, want)
		if !good || !got.Equal(w) {
			t.Errorf("parseTime(%q) = %v %v, want %v", in, got, good, w)
		}
	}
	for _, bad := range []string{"", "2026", "2026-13-01", "2026-11-26T10:00:00X", "2026-11-26T1O:00:00Z", "2026-11-26T10:00:00+1"} {
		if _, good := parseTime([]byte(bad)); good {
			t.Errorf("parseTime(%q) accepted", bad)
		}
	}
	if got, _ := parseObservedTime("2016-03-15T11:00:00/2016-03-15T12:00:00"); got.Hour() != 12 {
		t.Errorf("interval end: %v", got)
	}
}

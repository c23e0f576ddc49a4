package live

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sdmDir holds the official Smart Data Models examples (CC-BY-4.0).
const sdmDir = "../../shared/data/sensors/smart-data-models"

// sdmWant is what one Smart Data Models example must yield.
type sdmWant struct {
	id       string
	lon, lat float64
	values   map[string]float64
	units    map[string]string
	cats     map[string]string
	time     string // RFC 3339, "" for none
}

func sdmCases() map[string]sdmWant {
	const madridV2 = "Madrid-AmbientObserved-28079004-2016-03-15T11:00:00"
	const madridLD = "urn:ngsi-ld:AirQualityObserved:" + madridV2
	const vitoria = "Vitoria-NoiseLevelObserved-2016-12-28T11:00:00_2016-12-28T12:00:00"
	const park = "santander:daoiz_velarde_1_5:3"
	const traffic = "TrafficFlowObserved-Valladolid-osm-60821110"
	// The traffic LineString's midpoint along its length: 54 % along the
	// first segment (0.00668° of 0.00722° after scaling lon by cos(lat)).
	const tLon, tLat = -4.735623, 41.657188
	noise := map[string]float64{"LAS": 91.6, "LAeq": 67.8, "LAeq_d": 65.4, "LAmax": 94.5}
	trafficV := map[string]float64{"intensity": 197, "occupancy": 0.76, "averageVehicleSpeed": 52.6}
	weather := map[string]float64{"temperature": 3.3, "atmosphericPressure": 938.9, "windDirection": 135}
	return map[string]sdmWant{
		"AirQualityObserved/example.json": {id: madridV2, lon: -3.712247, lat: 40.423853,
			values: map[string]float64{"co": 500, "no": 45, "so2": 11, "temperature": 12.2},
			cats:   map[string]string{"airQualityLevel": "moderate"}, time: "2016-03-15T11:00:00Z"},
		"AirQualityObserved/example-normalized.json": {id: madridV2, lon: -3.712247, lat: 40.423853,
			values: map[string]float64{"co": 500, "no2": 69, "so2": 11},
			units:  map[string]string{"co": "mg/m³", "no2": "µg/m³"},
			cats:   map[string]string{"precipitation": "false"}, time: "2016-03-15T11:00:00Z"},
		"AirQualityObserved/example.jsonld": {id: madridLD, lon: -3.712247, lat: 40.423853,
			values: map[string]float64{"no2": 69, "co": 500}, time: "2016-03-15T11:00:00Z"},
		"AirQualityObserved/example-normalized.jsonld": {id: madridLD, lon: -3.712247, lat: 40.423853,
			values: map[string]float64{"no2": 69, "nox": 139, "co": 500},
			units:  map[string]string{"no2": "µg/m³", "co": "mg/m³"}, time: "2016-03-15T11:00:00Z"},
		"AirQualityObserved/example-geojsonfeature.json": {id: madridLD, lon: -3.712247, lat: 40.423853,
			values: map[string]float64{"NO2": 69, "CO": 500, "airQualityIndex": 65},
			units:  map[string]string{"NO2": "µg/m³"}, time: "2016-03-15T12:00:00Z"},
		"NoiseLevelObserved/example.json":                {id: vitoria, lon: -2.698, lat: 42.8491, values: noise, time: "2016-12-28T12:00:00Z"},
		"NoiseLevelObserved/example-normalized.json":     {id: vitoria, lon: -2.698, lat: 42.8491, values: noise, time: "2016-12-28T12:00:00Z"},
		"NoiseLevelObserved/example.jsonld":              {id: "urn:ngsi-ld:NoiseLevelObserved:" + vitoria, lon: -2.698, lat: 42.8491, values: noise, time: "2016-12-28T12:00:00Z"},
		"NoiseLevelObserved/example-normalized.jsonld":   {id: "urn:ngsi-ld:NoiseLevelObserved:" + vitoria, lon: -2.698, lat: 42.8491, values: noise, time: "2016-12-28T12:00:00Z"},
		"NoiseLevelObserved/example-geojsonfeature.json": {id: "urn:ngsi-ld:NoiseLevelObserved:" + vitoria, lon: -2.698, lat: 42.8491, values: noise, time: "2016-12-28T12:00:00Z"},
		"ParkingSpot/example.json": {id: park, lon: -3.803562, lat: 43.462966,
			cats: map[string]string{"status": "free", "category": "onStreet"}},
		"ParkingSpot/example-normalized.json": {id: park, lon: -3.803562, lat: 43.462966,
			cats: map[string]string{"status": "free"}, time: "2018-09-21T12:00:00Z"},
		"ParkingSpot/example.jsonld": {id: "urn:ngsi-ld:ParkingSpot:" + park, lon: -3.803562, lat: 43.462966,
			cats: map[string]string{"status": "free"}},
		"ParkingSpot/example-normalized.jsonld": {id: "urn:ngsi-ld:ParkingSpot:" + park, lon: -3.803562, lat: 43.462966,
			cats: map[string]string{"status": "free", "category": "onStreet"}, time: "2018-09-21T12:00:00Z"},
		"ParkingSpot/example-geojsonfeature.json": {id: "urn:ngsi-ld:ParkingSpot:" + park, lon: -3.803562, lat: 43.462966,
			cats: map[string]string{"status": "free"}, time: "2018-09-21T12:00:00Z"},
		"TrafficFlowObserved/example.json":              {id: traffic, lon: tLon, lat: tLat, values: trafficV, time: "2016-12-07T11:15:00Z"},
		"TrafficFlowObserved/example-normalized.json":   {id: traffic, lon: tLon, lat: tLat, values: trafficV, time: "2016-12-07T11:15:00Z"},
		"TrafficFlowObserved/example.jsonld":            {id: "urn:ngsi-ld:TrafficFlowObserved:" + traffic, lon: tLon, lat: tLat, values: trafficV, time: "2016-12-07T11:15:00Z"},
		"TrafficFlowObserved/example-normalized.jsonld": {id: "urn:ngsi-ld:TrafficFlowObserved:" + traffic, lon: tLon, lat: tLat, values: trafficV, time: "2016-12-07T11:10:00Z"},
		"WeatherObserved/example.json":                  {id: "Spain-WeatherObserved-Valladolid-2016-11-30T07:00:00.00Z", lon: -4.754444, lat: 41.640833, values: weather, time: "2016-11-30T07:00:00Z"},
		"WeatherObserved/example-normalized.json":       {id: "Valladolid.2016-11-30T07-00-00.00Z", lon: -4.754444, lat: 41.640833, values: weather, time: "2016-11-30T07:00:00Z"},
		"WeatherObserved/example.jsonld":                {id: "urn:ngsi-ld:WeatherObserved:Spain-WeatherObserved-Valladolid-2016-11-30T07:00:00.00Z", lon: -4.754444, lat: 41.640833, values: weather, time: "2016-11-30T07:00:00Z"},
		"WeatherObserved/example-normalized.jsonld":     {id: "urn:ngsi-ld:WeatherObserved:Spain-WeatherObserved-Valladolid-2016-11-30T07:00:00.00Z", lon: -4.754444, lat: 41.640833, values: weather, time: "2016-11-30T07:00:00Z"},
	}
}

// TestSmartDataModels decodes every example file, in both FormatAuto and
// FormatNGSI, and checks id, position, values, units, categories and time.
func TestSmartDataModels(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sdmDir, "*", "*.json*"))
	if err != nil || len(files) == 0 {
		t.Skipf("no Smart Data Models examples in %s (%v)", sdmDir, err)
	}
	cases := sdmCases()
	if len(files) != len(cases) {
		t.Errorf("%d example files but %d cases: every example needs a case", len(files), len(cases))
	}
	for _, f := range files {
		name := filepath.ToSlash(strings.TrimPrefix(f, sdmDir+string(filepath.Separator)))
		want, ok := cases[name]
		if !ok {
			t.Errorf("%s: no test case", name)
			continue
		}
		msg, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range []Format{FormatAuto, FormatNGSI} {
			t.Run(name+"/"+format.String(), func(t *testing.T) {
				rs, err := NewDecoder(format).Decode(msg)
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if len(rs) != 1 {
					t.Fatalf("got %d readings, want 1", len(rs))
				}
				checkReading(t, &rs[0], want)
			})
		}
	}
}

func checkReading(t *testing.T, r *Reading, want sdmWant) {
	t.Helper()
	if r.Sensor != want.id {
		t.Errorf("sensor %q, want %q", r.Sensor, want.id)
	}
	if !r.HasPos || math.Abs(r.Lon-want.lon) > 1e-5 || math.Abs(r.Lat-want.lat) > 1e-5 {
		t.Errorf("position %v %.6f,%.6f, want %.6f,%.6f", r.HasPos, r.Lon, r.Lat, want.lon, want.lat)
	}
	for q, v := range want.values {
		got, ok := r.Find(q)
		if !ok || got.Value != v {
			t.Errorf("value %s = %v (%v), want %v; all: %v", q, got.Value, ok, v, r.Values)
		}
	}
	for q, u := range want.units {
		if got, _ := r.Find(q); got.Unit != u {
			t.Errorf("unit of %s = %q, want %q", q, got.Unit, u)
		}
	}
	for q, c := range want.cats {
		if got, ok := r.FindCategory(q); got != c {
			t.Errorf("category %s = %q (%v), want %q; all: %v", q, got, ok, c, r.Categories)
		}
	}
	if want.time == "" {
		if !r.Time.IsZero() {
			t.Errorf("time %v, want none", r.Time)
		}
	} else if wt, _ := time.Parse(time.RFC3339, want.time); !r.Time.Equal(wt) {
		t.Errorf("time %v, want %v", r.Time, wt)
	}
	for _, c := range r.Categories {
		if strings.HasPrefix(c.Value, "http") || strings.HasPrefix(c.Value, "urn:") {
			t.Errorf("category %s = %q is a link, not a category", c.Quantity, c.Value)
		}
	}
}

package scene

import (
	"regexp"
	"testing"
)

func TestDefaultBands(t *testing.T) {
	colour := regexp.MustCompile(`^#[0-9a-f]{6}$`)
	tests := []struct {
		q     string
		v     float64
		label string
	}{
		{"no2", 35, "good"}, {"NO2", 95, "moderate"}, {"pm25", 22, "moderate"}, {"PM2.5", 80, "extremely poor"},
		{"pm2_5", 5, "good"}, {"PM10", 45, "moderate"}, {"o3", 260, "very poor"}, {"O3", 10, "good"},
		{"LAeq", 67.8, "loud"}, {"noise", 30, "quiet"}, {"intensity", 197, "light"}, {"traffic", 2000, "heavy"},
		{"occupancy", 0.76, "filling"}, {"occupancy", 1, "full"}, {"temperature", 12.2, "mild"},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			bands := DefaultBands(tc.q)
			if len(bands) < 2 {
				t.Fatalf("no bands for %q", tc.q)
			}
			for i, b := range bands {
				if !colour.MatchString(b.Color) {
					t.Errorf("band %d colour %q", i, b.Color)
				}
				if i > 0 && b.Min <= bands[i-1].Min {
					t.Errorf("bands not increasing at %d", i)
				}
			}
			if b, _ := BandFor(bands, tc.v); b.Label != tc.label {
				t.Errorf("%g falls in %q, want %q", tc.v, b.Label, tc.label)
			}
		})
	}
	if DefaultBands("humidity") != nil {
		t.Error("humidity has no default bands")
	}
	b := DefaultBands("no2")
	b[0].Color = "#000000"
	if DefaultBands("no2")[0].Color == "#000000" {
		t.Error("DefaultBands must return a copy")
	}
	if c, ok := DefaultCategoryColor("status", "Occupied"); !ok || c != "#f44336" {
		t.Errorf("occupied colour %q", c)
	}
	if c, ok := DefaultCategoryColor("airQualityLevel", "very poor"); !ok || c != "#960032" {
		t.Errorf("very poor colour %q", c)
	}
	if DefaultLabel("pm25") != "PM2.5" || DefaultUnit("NO2") != "µg/m³" || DefaultUnit("LAeq") != "dB" {
		t.Error("labels or units")
	}
}

package viewer

import (
	"strings"
	"testing"

	"citytwin/scene"
)

func TestStatusLine(t *testing.T) {
	l := &scene.Layer{ID: "city", Warnings: []string{"feature 1 (bad): polygon ring has 2 points; skipped", "feature 2: NaN"}}
	sc := &scene.Scene{Layers: []*scene.Layer{l}, Scenarios: []scene.Scenario{{ID: "tall", Title: "Two extra floors"}}}
	base, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	tall, err := sc.Evaluate("tall")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		ev       *scene.Evaluation
		baseline bool
		want     []string
	}{
		{"viewer, baseline", base, true, []string{"Today", "2 warnings", "city: feature 1 (bad): polygon ring has 2 points"}},
		{"snapshot, baseline", base, false, []string{"2 warnings"}},
		{"scenario", tall, false, []string{"Scenario: Two extra floors", "2 warnings"}},
	} {
		got := StatusLine(sc, c.ev, c.baseline, nil)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
	}
	clean := &scene.Scene{}
	ev, _ := clean.Evaluate()
	if got := StatusLine(clean, ev, false, nil); got != "" {
		t.Errorf("a clean baseline snapshot has status %q, want none", got)
	}
}

package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"citytwin/live/sim"
)

func TestReportListensToALiveSource(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, stop, err := sim.Start(ctx, sim.Options{Sensors: 12, Rate: 20, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	out, errOut, code := runCLI(t, "report", "-live", url, "-wait", "1500ms")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Live struct {
			Sources []struct {
				URL      string `json:"url"`
				State    string `json:"state"`
				Messages int    `json:"messages"`
				Rejected int    `json:"rejected"`
			} `json:"sources"`
			Sensors []struct {
				ID     string             `json:"id"`
				Lon    float64            `json:"lon"`
				Lat    float64            `json:"lat"`
				Values map[string]float64 `json:"values"`
			} `json:"sensors"`
		} `json:"live"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if len(rep.Live.Sources) != 1 || rep.Live.Sources[0].URL != url {
		t.Fatalf("sources = %+v, want the one at %s", rep.Live.Sources, url)
	}
	src := rep.Live.Sources[0]
	if src.State != "connected" || src.Messages == 0 || src.Rejected != 0 {
		t.Errorf("source = %+v, want connected with messages and none rejected", src)
	}
	if len(rep.Live.Sensors) != 12 {
		t.Fatalf("heard %d sensors, want 12", len(rep.Live.Sensors))
	}
	for _, s := range rep.Live.Sensors {
		if s.ID == "" || len(s.Values) == 0 || s.Lon == 0 || s.Lat == 0 {
			t.Errorf("sensor %+v lacks an id, values or a position", s)
		}
	}
}

func TestReportLiveFailures(t *testing.T) {
	t.Run("unusable URL is a usage error", func(t *testing.T) {
		_, errOut, code := runCLI(t, "report", "-live", "http://example.org/feed", "-wait", "10ms")
		if code != 2 || !strings.Contains(errOut, "http://example.org/feed") {
			t.Fatalf("exit %d, stderr %q; want 2 naming the URL", code, errOut)
		}
	})
	t.Run("dead server is reported, not fatal", func(t *testing.T) {
		out, errOut, code := runCLI(t, "report", "-live", "ws://127.0.0.1:1/", "-wait", "300ms")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var rep struct {
			Live struct {
				Sources []struct {
					State  string `json:"state"`
					Reason string `json:"reason"`
				} `json:"sources"`
			} `json:"live"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Live.Sources) != 1 || rep.Live.Sources[0].State == "connected" || rep.Live.Sources[0].Reason == "" {
			t.Fatalf("sources = %+v, want one not connected with a reason", rep.Live.Sources)
		}
	})
}

// TestReportRedactsSecrets: credentials and access keys in a -live URL are
// shown redacted in the report (JSON and markdown) and in errors.
func TestReportRedactsSecrets(t *testing.T) {
	raw := "ws://alice:s3cret@127.0.0.1:1/feed?access_token=TOPSECRET"
	for _, args := range [][]string{
		{"report", "-live", raw, "-wait", "300ms"},
		{"report", "-format", "markdown", "-live", raw, "-wait", "300ms"},
		{"report", "-live", "http://alice:s3cret@h/?apikey=TOPSECRET"},
		{"record", "-live", raw, "-o", "-", "-duration", "300ms"},
	} {
		out, errOut, _ := runCLI(t, args...)
		for _, s := range []string{"s3cret", "TOPSECRET"} {
			if strings.Contains(out+errOut, s) {
				t.Errorf("%v shows %q:\n%s\n%s", args, s, out, errOut)
			}
		}
		if !strings.Contains(out+errOut, "REDACTED") {
			t.Errorf("%v: no redacted URL shown:\n%s\n%s", args, out, errOut)
		}
	}
}

package live

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// temporalBroker serves /ngsi-ld/v1/temporal/entities for n sensors with
// hours of hourly NO2 and noise readings ending at end, in the normalized
// temporal representation or, with options=temporalValues, the
// simplified one; pages by limit and offset, with a Link rel="next"
// header when link is set. It records the queries it was asked.
func temporalBroker(t *testing.T, n, hours int, end time.Time, link bool, asked *[]string) *httptest.Server {
	entity := func(i int, simplified bool) map[string]any {
		e := map[string]any{"id": fmt.Sprintf("urn:ngsi-ld:AirQualityObserved:%03d", i), "type": "AirQualityObserved",
			"location": map[string]any{"type": "GeoProperty", "value": map[string]any{"type": "Point", "coordinates": []float64{2 + float64(i)/1000, 41}}}}
		var no2, noise []any
		for h := hours - 1; h >= 0; h-- {
			at := end.Add(-time.Duration(h) * time.Hour).Format(time.RFC3339)
			v := float64(i*100 + hours - 1 - h)
			if simplified {
				no2 = append(no2, []any{v, at})
				noise = append(noise, []any{v / 2, at})
			} else {
				no2 = append(no2, map[string]any{"type": "Property", "value": v, "observedAt": at, "unitCode": "GQ"})
				noise = append(noise, map[string]any{"type": "Property", "value": v / 2, "observedAt": at})
			}
		}
		if simplified {
			e["NO2"] = map[string]any{"type": "Property", "values": no2}
			e["LAeq"] = map[string]any{"type": "Property", "values": noise}
		} else {
			e["NO2"], e["LAeq"] = no2, noise
		}
		return e
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ngsi-ld/v1/temporal/entities" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		*asked = append(*asked, r.URL.RawQuery)
		limit, _ := strconv.Atoi(q.Get("limit"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		simplified := strings.Contains(q.Get("options"), "temporalValues")
		var page []map[string]any
		for i := offset; i < min(offset+limit, n); i++ {
			page = append(page, entity(i, simplified))
		}
		if link && offset+limit < n {
			q.Set("offset", strconv.Itoa(offset+limit))
			w.Header().Set("Link", fmt.Sprintf(`<%s?%s>; rel="next"`, r.URL.Path, q.Encode()))
		}
		w.Header().Set("NGSILD-Results-Count", strconv.Itoa(n))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(page)
	}))
}

func TestFillHistory(t *testing.T) {
	end := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		link  bool
		query string // added to the base URL
	}{
		{"normalized, Link pages", true, ""},
		{"normalized, offset pages", false, ""},
		{"simplified, offset pages", false, "?options=temporalValues"},
		{"simplified, Link pages", true, "?options=temporalValues"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked []string
			srv := temporalBroker(t, 25, 24, end, tc.link, &asked)
			defer srv.Close()
			reg := NewRegistry(RegistryOptions{Now: func() time.Time { return end }})
			res, err := FillHistory(context.Background(), TemporalOptions{URL: srv.URL + tc.query, Types: []string{"AirQualityObserved"},
				Since: end.Add(-24 * time.Hour), PageSize: 10}, reg, "broker")
			if err != nil {
				t.Fatal(err)
			}
			if res.Pages != 3 || res.Entities != 25 || res.Readings != 25*24 || len(res.Problems) != 0 {
				t.Errorf("%+v, want 3 pages, 25 entities, 600 readings", res)
			}
			q := asked[0]
			for _, want := range []string{"type=AirQualityObserved", "timerel=after", "timeAt=2026-12-05T12%3A00%3A00Z", "limit=10"} {
				if !strings.Contains(q, want) {
					t.Errorf("first query %q lacks %q", q, want)
				}
			}
			h := reg.History("urn:ngsi-ld:AirQualityObserved:007", "NO2", nil)
			if len(h) != 24 || h[0].Value != 700 || h[23].Value != 723 || !h[23].Time.Equal(end) || !h[0].Time.Equal(end.Add(-23*time.Hour)) {
				t.Fatalf("history of sensor 7: %d samples %v", len(h), h)
			}
			v := reg.Snapshot()
			s := v.Find("urn:ngsi-ld:AirQualityObserved:007")
			if s == nil || !s.HasPos {
				t.Fatalf("sensor 7 not placed: %+v", s)
			}
			if x, ok := s.Value("LAeq"); !ok || x.Value != 723.0/2 {
				t.Errorf("latest noise %v %v, want 361.5", x, ok)
			}
		})
	}
}

func TestFillHistoryErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/garbage/ngsi-ld/v1/temporal/entities", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"this": is not json`))
	})
	mux.HandleFunc("/object/ngsi-ld/v1/temporal/entities", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"type": "https://uri.etsi.org/ngsi-ld/errors/BadRequestData"}`))
	})
	mux.HandleFunc("/odd/ngsi-ld/v1/temporal/entities", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`[3, {"id": "a", "NO2": [{"value": 1}]}, {"id": "b", "NO2": {"values": [[2, "2026-12-06T10:00:00Z"], "x"]}}]`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, tc := range []struct{ path, want string }{
		{"/missing", "404"},
		{"/garbage", "malformed JSON"},
		{"/object", "not an array"},
	} {
		reg := NewRegistry(RegistryOptions{})
		_, err := FillHistory(context.Background(), TemporalOptions{URL: srv.URL + tc.path}, reg, "b")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.path, err, tc.want)
		}
	}
	reg := NewRegistry(RegistryOptions{})
	res, err := FillHistory(context.Background(), TemporalOptions{URL: srv.URL + "/odd"}, reg, "b")
	if err != nil || res.Entities != 1 || res.Readings != 1 || len(res.Problems) != 2 {
		t.Errorf("odd entities: %+v, %v", res, err)
	}
	if _, err := FillHistory(context.Background(), TemporalOptions{URL: "ws://x"}, reg, "b"); err == nil {
		t.Error("a ws:// temporal URL was accepted")
	}
}

// A source fills the history before its feed, and a broken history is a
// status line, not a failure.
func TestSourceFillsHistoryFirst(t *testing.T) {
	end := time.Now().UTC().Truncate(time.Second)
	var asked []string
	srv := temporalBroker(t, 3, 5, end, true, &asked)
	defer srv.Close()
	for _, tc := range []struct{ base, want string }{
		{srv.URL, "history: 15 readings of 3 sensors (1 pages)"},
		{srv.URL + "/nowhere", "404"},
	} {
		reg := NewRegistry(RegistryOptions{})
		src, err := NewSource(SourceOptions{URL: "ws://127.0.0.1:1/feed", Registry: reg, MinBackoff: time.Hour,
			History: &TemporalOptions{URL: tc.base, Since: end.Add(-5 * time.Hour)}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- src.Run(ctx) }()
		deadline := time.Now().Add(10 * time.Second)
		for src.Status().History == "" && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		st := src.Status()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%s: Run: %v", tc.base, err)
		}
		if !strings.Contains(st.History, tc.want) {
			t.Errorf("%s: history line %q, want %q", tc.base, st.History, tc.want)
		}
		if tc.want[0] == 'h' && len(reg.History("urn:ngsi-ld:AirQualityObserved:002", "NO2", nil)) != 5 {
			t.Error("no history in the registry")
		}
	}
}

// FuzzTemporalPage checks that no page of a temporal API panics the
// history fill, whatever its shape.
func FuzzTemporalPage(f *testing.F) {
	f.Add([]byte(`[{"id":"a","type":"AirQualityObserved","NO2":[{"type":"Property","value":1,"observedAt":"2026-12-06T10:00:00Z"}]}]`))
	f.Add([]byte(`[{"id":"a","NO2":{"type":"Property","values":[[2,"2026-12-06T10:00:00Z"]]},"location":{"values":[[{"type":"Point","coordinates":[2,41]},"2026-12-06T10:00:00Z"]]}}]`))
	f.Add([]byte(`{"id":"b","location":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		reg := NewRegistry(RegistryOptions{HistoryLen: 8})
		var res HistoryResult
		_, _ = applyTemporal(NewDecoder(FormatNGSI), b, reg, "fuzz", &res)
	})
}

package live

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Summary is what Listen heard, shaped as the "live" object of
// `citytwin report` (CONTRACTS.md): marshal it with encoding/json.
type Summary struct {
	Sources []SourceSummary `json:"sources"`
	Sensors []SensorSummary `json:"sensors"`
}

// SourceSummary is one source in a Summary. State is "connected" while
// messages arrive (the report's word for StateLive), else the State name.
type SourceSummary struct {
	URL      string `json:"url"`
	State    string `json:"state"`
	Messages uint64 `json:"messages"`
	Rejected uint64 `json:"rejected"`
	// Reason says why a source is reconnecting or failed.
	Reason string `json:"reason,omitempty"`
	// Rejections are the last few reasons for rejected messages.
	Rejections []string `json:"rejections,omitempty"`
}

// SensorSummary is one sensor in a Summary. Lon and Lat are WGS84 degrees
// (0 when the sensor never sent a position: see HasPosition).
type SensorSummary struct {
	ID          string             `json:"id"`
	Lon         float64            `json:"lon"`
	Lat         float64            `json:"lat"`
	HasPosition bool               `json:"has_position"`
	Type        string             `json:"type,omitempty"`
	Values      map[string]float64 `json:"values"`
	Units       map[string]string  `json:"units,omitempty"`
	Categories  map[string]string  `json:"categories,omitempty"`
	Updated     time.Time          `json:"updated"`
	Source      string             `json:"source,omitempty"`
}

// Listen connects to every URL (format auto), listens for wait, and returns
// what was heard: each source's state and counts and each sensor's latest
// values, sensors sorted by id. It fails at once, before listening, when a
// URL is unusable; a source that cannot connect is reported, not an error.
func Listen(ctx context.Context, urls []string, wait time.Duration) (Summary, error) {
	opts := make([]SourceOptions, len(urls))
	for i, u := range urls {
		opts[i] = SourceOptions{URL: u, MinBackoff: 200 * time.Millisecond, MaxBackoff: 2 * time.Second}
	}
	reg := NewRegistry(RegistryOptions{HistoryLen: 1})
	lctx, cancel := context.WithCancel(ctx)
	f, err := StartFeed(lctx, reg, opts)
	if err != nil {
		cancel()
		return Summary{}, err
	}
	t := time.NewTimer(wait)
	select {
	case <-t.C:
	case <-ctx.Done():
		t.Stop()
	}
	statuses := f.Statuses(nil) // before stopping, so states are as heard
	cancel()
	f.Wait()
	return Summarize(reg.Snapshot(), statuses), nil
}

// Summarize shapes a View and source statuses as a Summary.
func Summarize(v *View, statuses []Status) Summary {
	sum := Summary{Sources: []SourceSummary{}, Sensors: []SensorSummary{}}
	for _, st := range statuses {
		state := st.State.String()
		if st.State == StateLive {
			state = "connected"
		}
		ss := SourceSummary{URL: st.URL, State: state, Messages: st.Messages, Rejected: st.Rejected, Reason: st.Reason}
		for _, r := range st.Rejections {
			ss.Rejections = append(ss.Rejections, r.Reason)
		}
		sum.Sources = append(sum.Sources, ss)
	}
	for _, s := range v.Sensors {
		ss := SensorSummary{ID: s.ID, Lon: s.Lon, Lat: s.Lat, HasPosition: s.HasPos, Type: s.Type,
			Values: map[string]float64{}, Updated: s.Updated.UTC(), Source: s.Source}
		for _, val := range s.Values {
			ss.Values[val.Quantity] = val.Value
			if val.Unit != "" {
				if ss.Units == nil {
					ss.Units = map[string]string{}
				}
				ss.Units[val.Quantity] = val.Unit
			}
		}
		for _, c := range s.Categories {
			if ss.Categories == nil {
				ss.Categories = map[string]string{}
			}
			ss.Categories[c.Quantity] = c.Value
		}
		sum.Sensors = append(sum.Sensors, ss)
	}
	slices.SortFunc(sum.Sensors, func(a, b SensorSummary) int { return strings.Compare(a.ID, b.ID) })
	return sum
}

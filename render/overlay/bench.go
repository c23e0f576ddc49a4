package overlay

import (
	"time"

	"citytwin/live"
)

// BenchResult is the "live" object of the bench JSON: how fast the live
// feed was applied while the viewer ran, and how late readings reached a
// frame.
type BenchResult struct {
	// MessagesPerS counts messages received per second over the measured
	// frames, all sources together; ReadingsPerS the sensor readings
	// decoded from them and applied to the registry.
	MessagesPerS float64 `json:"messages_per_s"`
	ReadingsPerS float64 `json:"readings_per_s"`
	// LatencyMS is the time from a reading's arrival to the frame whose
	// registry snapshot first holds it (the frame that draws it), over the
	// whole run (the registry's histogram, within ±2.2 %).
	LatencyMS Latency `json:"latency_ms"`
	// Sensors heard; Markers drawn in the last frame; Rejected messages.
	Sensors  int    `json:"sensors"`
	Markers  int    `json:"markers"`
	Rejected uint64 `json:"rejected"`
}

// Latency holds quantiles of the live latency, in milliseconds.
type Latency struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	Max float64 `json:"max"`
}

// liveStatser is a SensorFeed that also keeps counters (a *live.Registry).
type liveStatser interface {
	Stats() live.Stats
}

// Counters are a feed's counters at one moment (ReadCounters), to
// measure rates between two moments (Bench).
type Counters struct {
	at                 time.Time
	messages, rejected uint64
	readings           uint64
}

// ReadCounters reads the counters of o's sensors and sources now.
func ReadCounters(o *Options) Counters {
	c := Counters{at: time.Now()}
	if st, ok := o.Sensors.(liveStatser); ok {
		c.readings = st.Stats().Applied
	}
	if o.Statuses != nil {
		for _, s := range o.Statuses(nil) {
			c.messages += s.Messages
			c.rejected += s.Rejected
		}
	}
	return c
}

// Bench makes the bench's live figures from the counters a and b at the
// start and end of the measured frames and the markers drawn last.
func Bench(o *Options, a, b Counters, markers int) *BenchResult {
	res := &BenchResult{Markers: markers, Rejected: b.rejected}
	if d := b.at.Sub(a.at).Seconds(); d > 0 {
		res.MessagesPerS = round2(float64(b.messages-a.messages) / d)
		res.ReadingsPerS = round2(float64(b.readings-a.readings) / d)
	}
	if st, ok := o.Sensors.(liveStatser); ok {
		s := st.Stats()
		res.Sensors = s.Sensors
		res.LatencyMS = Latency{P50: round2(msf(s.LatencyP50)), P95: round2(msf(s.LatencyP95)), Max: round2(msf(s.LatencyMax))}
	}
	return res
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

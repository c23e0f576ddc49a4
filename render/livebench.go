package render

import (
	"time"

	"citytwin/live"
)

// LiveBenchResult is the "live" object of the bench JSON: how fast the live
// feed was applied while the viewer ran, and how late readings reached a
// frame.
type LiveBenchResult struct {
	// MessagesPerS counts messages received per second over the measured
	// frames, all sources together; ReadingsPerS the sensor readings
	// decoded from them and applied to the registry.
	MessagesPerS float64 `json:"messages_per_s"`
	ReadingsPerS float64 `json:"readings_per_s"`
	// LatencyMS is the time from a reading's arrival to the frame whose
	// registry snapshot first holds it (the frame that draws it), over the
	// last 1,024 sensor updates.
	LatencyMS Quantiles `json:"latency_ms"`
	// Sensors heard; Markers drawn in the last frame; Rejected messages.
	Sensors  int    `json:"sensors"`
	Markers  int    `json:"markers"`
	Rejected uint64 `json:"rejected"`
}

// liveStatser is a SensorFeed that also keeps counters (a *live.Registry).
type liveStatser interface {
	Stats() live.Stats
}

// liveCounters are the feed's counters at one moment.
type liveCounters struct {
	at                 time.Time
	messages, rejected uint64
	readings           uint64
}

func readLiveCounters(o *LiveOptions) liveCounters {
	c := liveCounters{at: time.Now()}
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

// liveBench makes the bench's live figures from the counters at the start
// and end of the measured frames.
func liveBench(o *LiveOptions, a, b liveCounters, markers int) *LiveBenchResult {
	res := &LiveBenchResult{Markers: markers, Rejected: b.rejected}
	if d := b.at.Sub(a.at).Seconds(); d > 0 {
		res.MessagesPerS = round2(float64(b.messages-a.messages) / d)
		res.ReadingsPerS = round2(float64(b.readings-a.readings) / d)
	}
	if st, ok := o.Sensors.(liveStatser); ok {
		s := st.Stats()
		res.Sensors = s.Sensors
		res.LatencyMS = Quantiles{P50: round2(msf(s.LatencyP50)), P95: round2(msf(s.LatencyP95)), Max: round2(msf(s.LatencyMax))}
	}
	return res
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

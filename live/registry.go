package live

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// RegistryOptions sizes a Registry. Zero fields take the defaults.
type RegistryOptions struct {
	// HistoryLen is the number of samples kept per sensor (all quantities
	// together) in its history ring; default 256. Memory per sensor is fixed.
	HistoryLen int
	// MaxSensors bounds the sensors tracked; readings for new sensors beyond
	// it are dropped (counted in Stats.Dropped). Default 100,000.
	MaxSensors int
	// Now is the clock; default time.Now. Tests set it.
	Now func() time.Time
}

// Registry keeps the latest value per sensor and quantity, a bounded history
// per sensor, and publishes immutable Views for the renderer.
//
// Writers (sources) call Apply; it updates the sensor in place under one
// short lock and marks it dirty, so a flood of messages coalesces into the
// sensor's latest state instead of queueing. Readers call Snapshot: when
// nothing changed it is one atomic load; otherwise it publishes a new View
// that shares every unchanged sensor with the previous one and copies only
// the changed ones. A Registry is safe for concurrent use.
type Registry struct {
	opts RegistryOptions

	mu      sync.Mutex
	index   map[string]int32
	sensors []*sensorState
	dirty   []int32
	applied uint64
	dropped uint64
	lat     latencyHistogram

	version atomic.Uint64 // bumped under mu by every change
	view    atomic.Pointer[View]
}

// sensorState is a sensor's mutable state, guarded by Registry.mu.
type sensorState struct {
	id, typ, name, source string
	lon, lat, alt         float64
	hasPos                bool
	updated, received     time.Time
	changed               time.Time
	messages              uint64
	values                []Value
	cats                  []Category
	hist                  []histSample // ring of opts.HistoryLen, allocated once
	histNext              int
	histFull              bool
	dirty                 bool
	pending               time.Time // earliest receive time not yet published
}

// histSample is one history entry: 16 bytes.
type histSample struct {
	t int64   // observation time, Unix nanoseconds
	v float32 // value
	q uint16  // index into sensorState.values
}

// NewRegistry returns an empty Registry.
func NewRegistry(opts RegistryOptions) *Registry {
	if opts.HistoryLen <= 0 {
		opts.HistoryLen = 256
	}
	if opts.MaxSensors <= 0 {
		opts.MaxSensors = 100_000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := &Registry{opts: opts, index: make(map[string]int32)}
	r.view.Store(&View{Published: opts.Now()})
	return r
}

// Apply records readings heard from source at received. It copies what it
// keeps, so rs may be reused by the caller afterwards. It returns how many
// readings were applied (the rest were dropped because MaxSensors was
// reached). A reading without a time takes received as its time; one
// without a position keeps the sensor's last known position.
func (reg *Registry) Apply(source string, rs []Reading, received time.Time) int {
	if len(rs) == 0 {
		return 0
	}
	n := 0
	reg.mu.Lock()
	for i := range rs {
		r := &rs[i]
		idx, ok := reg.index[r.Sensor]
		if !ok {
			if len(reg.sensors) >= reg.opts.MaxSensors || r.Sensor == "" {
				reg.dropped++
				continue
			}
			idx = int32(len(reg.sensors))
			reg.index[r.Sensor] = idx
			reg.sensors = append(reg.sensors, &sensorState{id: r.Sensor})
		}
		reg.sensors[idx].apply(r, source, received, reg.opts.HistoryLen)
		st := reg.sensors[idx]
		if !st.dirty {
			st.dirty = true
			st.pending = received
			reg.dirty = append(reg.dirty, idx)
		}
		n++
	}
	reg.applied += uint64(n)
	reg.version.Add(1)
	reg.mu.Unlock()
	return n
}

func (st *sensorState) apply(r *Reading, source string, received time.Time, histLen int) {
	if r.Type != "" {
		st.typ = r.Type
	}
	if r.Name != "" {
		st.name = r.Name
	}
	st.source = source
	if r.HasPos {
		st.lon, st.lat, st.alt, st.hasPos = r.Lon, r.Lat, r.Alt, true
	}
	t := r.Time
	if t.IsZero() {
		t = received
	}
	st.updated, st.received = t, received
	st.messages++
	for _, v := range r.Values {
		q := -1
		for k := range st.values {
			if st.values[k].Quantity == v.Quantity {
				q = k
				break
			}
		}
		switch {
		case q >= 0:
			if st.values[q].Value != v.Value {
				st.changed = received
			}
			if v.Unit == "" {
				v.Unit = st.values[q].Unit
			}
			st.values[q] = v
		case len(st.values) < maxQuantities:
			q = len(st.values)
			st.values = append(st.values, v)
			st.changed = received
		default:
			continue
		}
		if st.hist == nil {
			st.hist = make([]histSample, histLen)
		}
		st.hist[st.histNext] = histSample{t: t.UnixNano(), v: float32(v.Value), q: uint16(q)}
		st.histNext++
		if st.histNext == len(st.hist) {
			st.histNext, st.histFull = 0, true
		}
	}
	for _, c := range r.Categories {
		found := false
		for k := range st.cats {
			if st.cats[k].Quantity == c.Quantity {
				if st.cats[k].Value != c.Value {
					st.changed = received
				}
				st.cats[k].Value = c.Value
				found = true
				break
			}
		}
		if !found && len(st.cats) < maxQuantities {
			st.cats = append(st.cats, c)
			st.changed = received
		}
	}
}

// Snapshot returns the current View. It never blocks writers for longer
// than it takes to copy the sensors changed since the previous View, and
// when nothing changed it only loads an atomic pointer. Views are immutable:
// keep and read them from any goroutine.
func (reg *Registry) Snapshot() *View {
	v := reg.view.Load()
	if v.Version == reg.version.Load() {
		return v
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	v = reg.view.Load()
	ver := reg.version.Load()
	if v.Version == ver {
		return v
	}
	now := reg.opts.Now()
	nv := &View{
		Version:   ver,
		Published: now,
		Sensors:   make([]*Sensor, len(reg.sensors)),
		Applied:   reg.applied,
		Dropped:   reg.dropped,
	}
	copy(nv.Sensors, v.Sensors)
	for _, idx := range reg.dirty {
		st := reg.sensors[idx]
		nv.Sensors[idx] = st.publish(int(idx))
		st.dirty = false
		reg.lat.add(now.Sub(st.pending))
	}
	reg.dirty = reg.dirty[:0]
	reg.view.Store(nv)
	return nv
}

func (st *sensorState) publish(idx int) *Sensor {
	s := &Sensor{
		Index:    idx,
		ID:       st.id,
		Type:     st.typ,
		Name:     st.name,
		Source:   st.source,
		Lon:      st.lon,
		Lat:      st.lat,
		Alt:      st.alt,
		HasPos:   st.hasPos,
		Updated:  st.updated,
		Received: st.received,
		Changed:  st.changed,
		Messages: st.messages,
	}
	// Small sensors (the common case) take their values inside the Sensor
	// itself: one allocation per changed sensor and publish.
	if len(st.values) <= len(s.valBuf) {
		s.Values = append(s.valBuf[:0:len(s.valBuf)], st.values...)
	} else {
		s.Values = slices.Clone(st.values)
	}
	if len(st.cats) <= len(s.catBuf) {
		s.Categories = append(s.catBuf[:0:len(s.catBuf)], st.cats...)
	} else {
		s.Categories = slices.Clone(st.cats)
	}
	s.Values = s.Values[:len(s.Values):len(s.Values)]
	s.Categories = s.Categories[:len(s.Categories):len(s.Categories)]
	return s
}

// Sample is one point of a sensor's history.
type Sample struct {
	Time  time.Time
	Value float64
}

// History appends to dst the kept samples of quantity q of sensor id, oldest
// first, and returns it (append style: pass dst[:0] to reuse a buffer).
// Values are stored as float32 (about 7 significant digits).
func (reg *Registry) History(id, q string, dst []Sample) []Sample {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	idx, ok := reg.index[id]
	if !ok {
		return dst
	}
	st := reg.sensors[idx]
	qi := -1
	for k := range st.values {
		if st.values[k].Quantity == q {
			qi = k
		}
	}
	if qi < 0 || st.hist == nil {
		return dst
	}
	emit := func(h []histSample) {
		for _, s := range h {
			if int(s.q) == qi {
				dst = append(dst, Sample{Time: time.Unix(0, s.t).UTC(), Value: float64(s.v)})
			}
		}
	}
	if st.histFull {
		emit(st.hist[st.histNext:])
	}
	emit(st.hist[:st.histNext])
	return dst
}

// Stats are a Registry's counters and publish latencies.
type Stats struct {
	// Sensors is the number of sensors heard.
	Sensors int
	// Applied counts readings applied; Dropped those refused for MaxSensors.
	Applied, Dropped uint64
	// LatencyP50, LatencyP95 and LatencyMax describe the time from a
	// reading's receipt to the first View that shows it, over every publish
	// of a changed sensor since the Registry was made. The quantiles are
	// read from a fixed histogram (buckets about 4.4 % wide, so within
	// ±2.2 % of the true value); the maximum is exact.
	LatencyP50, LatencyP95, LatencyMax time.Duration
}

// Stats returns the registry's counters and latency figures.
func (reg *Registry) Stats() Stats {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	s := Stats{Sensors: len(reg.sensors), Applied: reg.applied, Dropped: reg.dropped}
	s.LatencyP50, s.LatencyP95, s.LatencyMax = reg.lat.percentiles()
	return s
}

// latencyHistogram counts latencies in logarithmic buckets, 16 per
// doubling from 1 ns up to about 13 days (longer ones share the last):
// fixed memory (6.4 KiB) however long the run, quantiles within half a
// bucket (±2.2 %).
type latencyHistogram struct {
	counts   [latencyBuckets]uint64
	n        uint64
	min, max time.Duration
}

const (
	latencySubBuckets = 16 // per doubling
	latencyBuckets    = 1 + 50*latencySubBuckets
)

func latencyBucket(d time.Duration) int {
	if d < 1 {
		return 0
	}
	i := 1 + int(latencySubBuckets*math.Log2(float64(d)))
	return min(i, latencyBuckets-1)
}

// latencyBucketMid is the geometric middle of bucket i (i ≥ 1).
func latencyBucketMid(i int) time.Duration {
	return time.Duration(math.Exp2((float64(i-1) + 0.5) / latencySubBuckets))
}

func (h *latencyHistogram) add(d time.Duration) {
	if d < 0 {
		d = 0
	}
	if h.n == 0 || d < h.min {
		h.min = d
	}
	h.max = max(h.max, d)
	h.n++
	h.counts[latencyBucket(d)]++
}

// quantile returns the q-quantile (0 ≤ q ≤ 1): the middle of the bucket
// holding the sample of rank ⌊q·n⌋, clamped to the exact minimum and maximum.
func (h *latencyHistogram) quantile(q float64) time.Duration {
	rank := min(uint64(q*float64(h.n)), h.n-1)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen > rank {
			if i == 0 {
				return h.min
			}
			return min(max(latencyBucketMid(i), h.min), h.max)
		}
	}
	return h.max
}

func (h *latencyHistogram) percentiles() (p50, p95, max time.Duration) {
	if h.n == 0 {
		return 0, 0, 0
	}
	return h.quantile(0.5), h.quantile(0.95), h.max
}

package live

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestRegistryLatestHistoryAndViews(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	reg := NewRegistry(RegistryOptions{HistoryLen: 4, Now: func() time.Time { return now }})
	v0 := reg.Snapshot()
	if len(v0.Sensors) != 0 {
		t.Fatalf("new registry has %d sensors", len(v0.Sensors))
	}
	d := NewDecoder(FormatNative)
	apply := func(msg string) {
		t.Helper()
		rs, err := d.Decode([]byte(msg))
		if err != nil {
			t.Fatal(err)
		}
		reg.Apply("src", rs, now)
	}
	apply(`{"id":"a","lon":7.42,"lat":43.73,"values":{"no2":10,"status":"free"}}`)
	apply(`{"id":"b","lon":7.43,"lat":43.74,"values":{"no2":50}}`)
	v1 := reg.Snapshot()
	if v1 == v0 || v1.Version <= v0.Version || len(v1.Sensors) != 2 {
		t.Fatalf("view after two sensors: %+v", v1)
	}
	if reg.Snapshot() != v1 {
		t.Error("Snapshot without changes must return the same View")
	}
	// A flood for a: coalesced into one new state; b stays the same pointer.
	for i := 1; i <= 10; i++ {
		apply(fmt.Sprintf(`{"id":"a","values":{"no2":%d,"status":"occupied"}}`, 10+i))
	}
	v2 := reg.Snapshot()
	a := v2.Find("a")
	if a == nil || a.Messages != 11 {
		t.Fatalf("sensor a: %+v", a)
	}
	if v, _ := a.Value("no2"); v.Value != 20 {
		t.Errorf("latest no2 = %v, want 20", v.Value)
	}
	if c, _ := a.Category("status"); c != "occupied" {
		t.Errorf("status = %q", c)
	}
	if !a.HasPos || a.Lon != 7.42 {
		t.Errorf("position lost when later messages omit it: %+v", a)
	}
	if v2.Sensors[1] != v1.Sensors[1] {
		t.Error("unchanged sensor b must be shared between views")
	}
	if v1.Find("a").Messages != 1 {
		t.Error("an older View changed after publication")
	}
	h := reg.History("a", "no2", nil)
	if len(h) != 4 || h[0].Value != 17 || h[3].Value != 20 {
		t.Errorf("history ring of 4: %+v", h)
	}
	if len(reg.History("a", "nope", nil)) != 0 || len(reg.History("zz", "no2", nil)) != 0 {
		t.Error("history of unknown quantity or sensor must be empty")
	}
	st := reg.Stats()
	if st.Sensors != 2 || st.Applied != 12 {
		t.Errorf("stats %+v", st)
	}
}

func TestRegistryMaxSensors(t *testing.T) {
	reg := NewRegistry(RegistryOptions{MaxSensors: 2})
	for i := 0; i < 5; i++ {
		reg.Apply("s", []Reading{{Sensor: fmt.Sprint(i), Values: []Value{{Quantity: "x", Value: 1}}}}, time.Now())
	}
	v := reg.Snapshot()
	if len(v.Sensors) != 2 || v.Dropped != 3 {
		t.Errorf("sensors %d dropped %d", len(v.Sensors), v.Dropped)
	}
}

// TestRegistryMemoryFlat streams a long run into a fixed set of sensors and
// checks the heap does not grow with the number of messages.
func TestRegistryMemoryFlat(t *testing.T) {
	reg := NewRegistry(RegistryOptions{HistoryLen: 64})
	d := NewDecoder(FormatNative)
	msgs := make([][]byte, 100)
	for i := range msgs {
		msgs[i] = fmt.Appendf(nil, `{"id":"s%03d","lon":7.4,"lat":43.7,"values":{"no2":%d,"pm25":%d}}`, i, i, i+1)
	}
	run := func(n int) {
		for i := 0; i < n; i++ {
			rs, _ := d.Decode(msgs[i%len(msgs)])
			reg.Apply("s", rs, time.Now())
			if i%1000 == 0 {
				reg.Snapshot()
			}
		}
		reg.Snapshot()
	}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	run(20_000)
	before := heap()
	run(200_000)
	after := heap()
	if after > before+256<<10 {
		t.Errorf("heap grew from %d to %d bytes over 200,000 messages", before, after)
	}
	if got := reg.Stats().Applied; got != 220_000 {
		t.Errorf("applied %d", got)
	}
}

// TestRegistryConcurrent runs writers and a reader together (for -race).
func TestRegistryConcurrent(t *testing.T) {
	reg := NewRegistry(RegistryOptions{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				reg.Apply("s", []Reading{{Sensor: fmt.Sprint(i % 50), Values: []Value{{Quantity: "x", Value: float64(i)}}}}, time.Now())
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var last uint64
		for i := 0; i < 500; i++ {
			v := reg.Snapshot()
			if v.Version < last {
				t.Errorf("version went back from %d to %d", last, v.Version)
			}
			last = v.Version
			for _, s := range v.Sensors {
				_ = s.Values
			}
		}
	}()
	wg.Wait()
	<-done
	if v := reg.Snapshot(); v.Applied != 8000 || len(v.Sensors) != 50 {
		t.Errorf("applied %d sensors %d", v.Applied, len(v.Sensors))
	}
}

// TestLatencyOverWholeRun: the publish latencies describe the whole run, not
// its last updates: 3,000 publishes 100 ms late, then 1,500 at 1 ms.
func TestLatencyOverWholeRun(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	reg := NewRegistry(RegistryOptions{Now: func() time.Time { return now }})
	publish := func(n int, late time.Duration) {
		for i := 0; i < n; i++ {
			reg.Apply("s", []Reading{{Sensor: "a", Values: []Value{{Quantity: "no2", Value: float64(i)}}}}, now)
			now = now.Add(late)
			reg.Snapshot()
		}
	}
	publish(3000, 100*time.Millisecond)
	publish(1500, time.Millisecond)
	st := reg.Stats()
	near := func(got, want time.Duration) bool {
		return math.Abs(float64(got-want)) <= 0.025*float64(want)
	}
	if !near(st.LatencyP50, 100*time.Millisecond) || !near(st.LatencyP95, 100*time.Millisecond) || st.LatencyMax != 100*time.Millisecond {
		t.Errorf("p50 %v p95 %v max %v, want 100 ms each (±2.5 %%)", st.LatencyP50, st.LatencyP95, st.LatencyMax)
	}
	publish(20000, 3*time.Millisecond) // now most are 3 ms
	if st := reg.Stats(); !near(st.LatencyP50, 3*time.Millisecond) || !near(st.LatencyP95, 100*time.Millisecond) {
		t.Errorf("p50 %v p95 %v, want 3 ms and 100 ms", st.LatencyP50, st.LatencyP95)
	}
}

func TestLatencyHistogramAccuracy(t *testing.T) {
	for _, d := range []time.Duration{0, 500, time.Microsecond, 37 * time.Microsecond, 1234567, 16 * time.Millisecond, 3 * time.Second, 100 * time.Hour} {
		var h latencyHistogram
		h.add(d / 2)
		h.add(d)
		h.add(d)
		h.add(2 * d)
		p50, p95, m := h.percentiles()
		if math.Abs(float64(p50-d)) > 0.023*float64(d) || math.Abs(float64(p95-2*d)) > 0.046*float64(d) || m != 2*d {
			t.Errorf("%v: p50 %v p95 %v max %v", d, p50, p95, m)
		}
	}
}

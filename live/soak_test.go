package live_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"citytwin/live"
	"citytwin/live/sim"
)

// soakGarbage is mixed into the soak feed: messages a real feed may carry
// that must be rejected (or partly used) without harm.
var soakGarbage = [][]byte{
	[]byte(`not json`),
	[]byte(`{"id":`),
	[]byte(`[1,2,3]`),
	[]byte(`{"id":"bad-pos","lon":999,"lat":43.7,"values":{"no2":1}}`),
	[]byte(`{"id":"nan","values":{"no2":"NaN"}}`),
	[]byte(`{"type":"Notification","data":[{"id":"urn:x","type":"T"}]}`),
	[]byte("\x00\x01\x02\xff binary"),
	bytes.Repeat([]byte(`{"id":"deep","values":`), 2000),
}

// soakServer streams the simulator's readings for sensors sensors, each
// rate times a second, on an accelerated clock (a simulated day lasts
// day), with one garbage message in every garbageEvery, a frame over the
// 1 MiB limit now and then, and closes each connection after
// reconnectEvery so the source reconnects.
func soakServer(t *testing.T, opts sim.Options, day time.Duration, garbageEvery int, reconnectEvery time.Duration, sent *atomic.Uint64) string {
	up := websocket.Upgrader{}
	dayStart := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	wall := time.Now()
	accel := float64(24*time.Hour) / float64(day)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		g := sim.NewGenerator(opts) // a fresh connection sends positions again
		n := len(g.Sensors())
		period := time.Duration(float64(time.Second) / opts.Rate)
		const tick = 20 * time.Millisecond
		perTick := max(1, int(float64(n)*float64(tick)/float64(period)))
		rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
		next := 0
		idx := make([]int, 0, 500)
		var buf []byte
		end := time.Now().Add(reconnectEvery)
		tk := time.NewTicker(tick)
		defer tk.Stop()
		for range tk.C {
			if time.Now().After(end) {
				_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "soak reconnect"), time.Now().Add(time.Second))
				return
			}
			simNow := dayStart.Add(time.Duration(float64(time.Since(wall)) * accel))
			for left := perTick; left > 0; {
				idx = idx[:0]
				for k := 0; k < min(left, 500); k++ {
					idx = append(idx, next)
					next = (next + 1) % n
				}
				left -= len(idx)
				buf = g.AppendMessage(buf[:0], idx, simNow)
				msg := buf
				if rng.IntN(garbageEvery) == 0 {
					msg = soakGarbage[rng.IntN(len(soakGarbage))]
				}
				if rng.IntN(50*garbageEvery) == 0 {
					msg = bytes.Repeat([]byte("x"), 1<<20+10) // over the limit: the source reconnects
				}
				_ = conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
				if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
					return
				}
				sent.Add(1)
			}
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// rssMB reads the resident set from /proc (0 where there is none).
func rssMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// TestSoak streams an accelerated day into a Registry through two sources
// (native and NGSI-LD), thousands of sensors at a high rate, garbage mixed
// in and reconnects every few (real) seconds, while a reader takes
// snapshots and history like the viewer. It samples RSS and the live Go
// heap and checks that the heap is flat (mean of the last third within 15 %
// of the first third's, after a warm-up) and that rejection lists and
// history rings stay bounded. It runs only with CITYTWIN_SOAK=1;
// CITYTWIN_SOAK_DURATION sets its length (default 4m):
//
//	CITYTWIN_SOAK=1 go test ./live -run TestSoak -v -timeout 30m
func TestSoak(t *testing.T) {
	if os.Getenv("CITYTWIN_SOAK") == "" {
		t.Skip("set CITYTWIN_SOAK=1 to run the soak test (minutes)")
	}
	dur := 4 * time.Minute
	if s := os.Getenv("CITYTWIN_SOAK_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		dur = d
	}
	const histLen = 256
	var sent atomic.Uint64
	native := soakServer(t, sim.Options{Sensors: 3000, Rate: 6, Seed: 1}, dur, 50, 20*time.Second, &sent)
	ngsi := soakServer(t, sim.Options{Sensors: 1000, Rate: 4, Seed: 2, Format: live.FormatNGSI}, dur, 50, 27*time.Second, &sent)
	reg := live.NewRegistry(live.RegistryOptions{HistoryLen: histLen})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed, err := live.StartFeed(ctx, reg, []live.SourceOptions{
		{ID: "native", URL: native, MinBackoff: 50 * time.Millisecond, MaxBackoff: time.Second},
		{ID: "ngsi", URL: ngsi, Format: live.FormatNGSI, MinBackoff: 50 * time.Millisecond, MaxBackoff: time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The viewer's side: a snapshot per frame, a sensor card's history.
	readerDone := make(chan struct{})
	var maxHist atomic.Int64
	go func() {
		defer close(readerDone)
		var hist []live.Sample
		tk := time.NewTicker(16 * time.Millisecond)
		defer tk.Stop()
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case <-tk.C:
			}
			v := reg.Snapshot()
			if len(v.Sensors) == 0 {
				continue
			}
			s := v.Sensors[i%len(v.Sensors)]
			for _, val := range s.Values {
				hist = reg.History(s.ID, val.Quantity, hist[:0])
				if int64(len(hist)) > maxHist.Load() {
					maxHist.Store(int64(len(hist)))
				}
			}
		}
	}()

	type sample struct {
		at                        time.Duration
		rssMB, heapMB             float64
		sensors                   int
		applied, msgs, rejected   uint64
		connects, maxRejectionLen int
	}
	var series []sample
	start := time.Now()
	step := dur / 30
	warmup := min(dur/10, 20*time.Second)
	var ms runtime.MemStats
	t.Logf("%8s %8s %8s %7s %10s %10s %8s %6s", "t", "rss_mb", "heap_mb", "sensors", "readings", "messages", "rejected", "conns")
	for time.Since(start) < dur {
		time.Sleep(step)
		runtime.GC()
		runtime.ReadMemStats(&ms)
		sm := sample{at: time.Since(start).Round(time.Second), rssMB: rssMB(), heapMB: float64(ms.HeapAlloc) / (1 << 20)}
		st := reg.Stats()
		sm.sensors, sm.applied = st.Sensors, st.Applied
		for _, s := range feed.Statuses(nil) {
			sm.msgs += s.Messages
			sm.rejected += s.Rejected
			sm.connects += int(s.Connects)
			sm.maxRejectionLen = max(sm.maxRejectionLen, len(s.Rejections))
		}
		series = append(series, sm)
		t.Logf("%8s %8.1f %8.1f %7d %10d %10d %8d %6d", sm.at, sm.rssMB, sm.heapMB, sm.sensors, sm.applied, sm.msgs, sm.rejected, sm.connects)
	}
	cancel()
	feed.Wait()
	<-readerDone
	st := reg.Stats()
	secs := time.Since(start).Seconds()
	t.Logf("%d messages sent, %.0f readings/s applied, latency p50 %v p95 %v max %v",
		sent.Load(), float64(st.Applied)/secs, st.LatencyP50, st.LatencyP95, st.LatencyMax)

	var steady []sample
	for _, s := range series {
		if s.at >= warmup {
			steady = append(steady, s)
		}
	}
	if len(steady) < 6 {
		t.Fatalf("only %d samples after the warm-up", len(steady))
	}
	third := len(steady) / 3
	mean := func(ss []sample, f func(sample) float64) float64 {
		sum := 0.0
		for _, s := range ss {
			sum += f(s)
		}
		return sum / float64(len(ss))
	}
	heap := func(s sample) float64 { return s.heapMB }
	rss := func(s sample) float64 { return s.rssMB }
	h0, h1 := mean(steady[:third], heap), mean(steady[len(steady)-third:], heap)
	r0, r1 := mean(steady[:third], rss), mean(steady[len(steady)-third:], rss)
	t.Logf("heap first third %.1f MB, last third %.1f MB (%+.1f %%); RSS %.1f → %.1f MB (%+.1f %%)",
		h0, h1, 100*(h1/h0-1), r0, r1, 100*(r1/r0-1))
	if h1 > 1.15*h0 || h1 < 0.85*h0 {
		t.Errorf("Go heap not flat: %.1f MB → %.1f MB", h0, h1)
	}
	last := series[len(series)-1]
	// Some garbage is usable in part: "nan" (a "NaN" category) and, read
	// as NGSI keyValues, "bad-pos" (lon and lat as plain numbers).
	if last.sensors < 4000 || last.sensors > 4000+len(soakGarbage) {
		t.Errorf("%d sensors, want 4,000 and at most a few garbage ones", last.sensors)
	}
	if last.rejected == 0 || last.connects < 4 {
		t.Errorf("the soak did not exercise rejections (%d) and reconnects (%d)", last.rejected, last.connects)
	}
	for _, s := range series {
		if s.maxRejectionLen > 8 {
			t.Errorf("%v: %d rejection reasons kept", s.at, s.maxRejectionLen)
		}
	}
	if h := maxHist.Load(); h > histLen || h == 0 {
		t.Errorf("history of %d samples, want 1..%d", h, histLen)
	}
	fmt.Fprintf(os.Stderr, "soak: %d samples over %v\n", len(series), dur)
}

package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"citytwin/live"
	"citytwin/live/sim"
)

func TestGeneratorReproducible(t *testing.T) {
	at := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	for _, f := range []live.Format{live.FormatNative, live.FormatNGSI} {
		t.Run(f.String(), func(t *testing.T) {
			opts := sim.Options{Sensors: 20, Seed: 42, Format: f}
			a, b := sim.NewGenerator(opts), sim.NewGenerator(opts)
			idx := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}
			var ma, mb []byte
			for k := 0; k < 5; k++ {
				tt := at.Add(time.Duration(k) * time.Second)
				ma = a.AppendMessage(ma[:0], idx, tt)
				mb = b.AppendMessage(mb[:0], idx, tt)
				if !bytes.Equal(ma, mb) {
					t.Fatalf("same seed, different messages:\n%s\n%s", ma, mb)
				}
				rs, err := live.Decode(ma, live.FormatAuto)
				if err != nil || len(rs) != 20 {
					t.Fatalf("decode %d readings: %v\n%s", len(rs), err, ma)
				}
				if k == 0 {
					for _, r := range rs {
						if !r.HasPos || r.Lon < 7.41 || r.Lon > 7.44 || r.Lat < 43.73 || r.Lat > 43.75 {
							t.Errorf("%s placed at %g,%g, not around Monaco", r.Sensor, r.Lon, r.Lat)
						}
					}
				}
			}
			c := sim.NewGenerator(sim.Options{Sensors: 20, Seed: 43, Format: f})
			if mc := c.AppendMessage(nil, idx, at); bytes.Equal(mc, ma) {
				t.Error("different seeds gave the same message")
			}
		})
	}
}

// TestGeneratorPlausible checks the daily cycle: NO2 at the morning rush
// hour is above its night value, and every air value is within the EAQI
// scale.
func TestGeneratorPlausible(t *testing.T) {
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	mean := func(hourUTC float64) (no2 float64, status map[string]int) {
		g := sim.NewGenerator(sim.Options{Sensors: 100, Seed: 1})
		idx := make([]int, 100)
		for i := range idx {
			idx[i] = i
		}
		status = map[string]int{}
		n := 0
		for k := 0; k < 20; k++ {
			msg := g.AppendMessage(nil, idx, day.Add(time.Duration(hourUTC*float64(time.Hour))+time.Duration(k)*time.Minute))
			rs, err := live.Decode(msg, live.FormatNative)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if v, ok := r.Find("no2"); ok {
					no2 += v.Value
					n++
					if v.Value <= 0 || v.Value > 400 {
						t.Errorf("no2 %g out of range", v.Value)
					}
				}
				if s, ok := r.FindCategory("status"); ok {
					status[s]++
				}
			}
		}
		return no2 / float64(n), status
	}
	// Monaco is at 7.4°E: local solar time ≈ UTC + 0.5 h.
	night, _ := mean(2.5)
	rush, status := mean(8)
	if rush < night*1.8 {
		t.Errorf("mean NO2 at 08:30 %.1f, at 03:00 %.1f: no rush hour", rush, night)
	}
	if status["free"] == 0 || status["occupied"] == 0 {
		t.Errorf("parking statuses %v", status)
	}
}

// TestSimToSource runs the simulator and a live.Source end to end.
func TestSimToSource(t *testing.T) {
	for _, f := range []live.Format{live.FormatNative, live.FormatNGSI} {
		t.Run(f.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			url, stop, err := sim.Start(ctx, sim.Options{Sensors: 30, Rate: 20, Format: f, Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			defer stop()
			if !strings.HasPrefix(url, "ws://127.0.0.1:") {
				t.Errorf("url %q", url)
			}
			sum, err := live.Listen(ctx, []string{url}, 700*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if len(sum.Sources) != 1 || sum.Sources[0].State != "connected" || sum.Sources[0].Messages == 0 || sum.Sources[0].Rejected != 0 {
				t.Fatalf("sources %+v", sum.Sources)
			}
			if len(sum.Sensors) != 30 {
				t.Fatalf("%d sensors heard, want 30", len(sum.Sensors))
			}
			for _, s := range sum.Sensors {
				if !s.HasPosition || len(s.Values) == 0 || s.Updated.IsZero() {
					t.Errorf("sensor %+v", s)
				}
			}
			b, _ := json.Marshal(sum)
			for _, field := range []string{`"sources":[{"url":"ws://`, `"state":"connected"`, `"messages":`, `"rejected":0`, `"sensors":[{"id":`, `"lon":7.`, `"lat":43.`, `"values":{`, `"updated":"`} {
				if !bytes.Contains(b, []byte(field)) {
					t.Errorf("summary JSON lacks %s: %.300s", field, b)
				}
			}
		})
	}
}

// TestReplayAberdeen replays the real Aberdeen day (converted from
// sensor.community CSV) through the simulator into a Source.
func TestReplayAberdeen(t *testing.T) {
	const file = "../testdata/aberdeen-2019-05-24.jsonl"
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := live.ReadRecording(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 8810 {
		t.Fatalf("%d messages in the recording", len(lines))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, stop, err := sim.Start(ctx, sim.Options{Replay: file, Speed: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	reg := live.NewRegistry(live.RegistryOptions{})
	src, err := live.NewSource(live.SourceOptions{URL: url, Registry: reg, MinBackoff: time.Hour, MaxBackoff: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	sctx, scancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = src.Run(sctx) }()
	deadline := time.Now().Add(20 * time.Second)
	for src.Status().State != live.StateReconnecting {
		if time.Now().After(deadline) {
			t.Fatalf("replay did not finish: %+v", src.Status())
		}
		time.Sleep(10 * time.Millisecond)
	}
	st := src.Status()
	scancel()
	<-done
	if st.Messages != 8810 || st.Rejected != 0 || !strings.Contains(st.Reason, "replay finished") {
		t.Fatalf("status %+v", st)
	}
	v := reg.Snapshot()
	if len(v.Sensors) != 46 {
		t.Errorf("%d sensors, want 46", len(v.Sensors))
	}
	for _, s := range v.Sensors {
		if !s.HasPos || s.Lat < 56.5 || s.Lat > 58 || s.Lon < -3.5 || s.Lon > -1.5 {
			t.Errorf("%s at %g,%g is not in Aberdeen(shire)", s.ID, s.Lon, s.Lat)
		}
	}
	// The last line of the recording is sc-22524's reading at 23:59:45.
	s := v.Find("sc-22524")
	if s == nil {
		t.Fatal("sc-22524 missing")
	}
	if h, _ := s.Value("humidity"); h.Value != 95.5 || h.Unit != "%" {
		t.Errorf("sc-22524 humidity %+v", h)
	}
	if want := time.Date(2019, 5, 24, 23, 59, 45, 0, time.UTC); !s.Updated.Equal(want) {
		t.Errorf("updated %v, want %v", s.Updated, want)
	}
	if pm, ok := v.Find("sc-15092").Value("pm25"); !ok || pm.Unit != "µg/m³" {
		t.Errorf("sc-15092 pm25 %+v", pm)
	}
}

// TestRecordThenReplay records the simulator and replays the recording.
func TestRecordThenReplay(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, stop, err := sim.Start(ctx, sim.Options{Sensors: 10, Rate: 20, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	var buf bytes.Buffer
	n, err := live.Record(ctx, url, &buf, 500*time.Millisecond)
	if err != nil || n == 0 {
		t.Fatalf("recorded %d: %v", n, err)
	}
	lines, err := live.ReadRecording(bytes.NewReader(buf.Bytes()))
	if err != nil || len(lines) != n {
		t.Fatalf("read back %d of %d: %v", len(lines), n, err)
	}
	url2, stop2, err := sim.Start(ctx, sim.Options{Recording: lines, Speed: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer stop2()
	sum, err := live.Listen(ctx, []string{url2}, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Sensors) != 10 || sum.Sources[0].Messages < uint64(n) {
		t.Errorf("replayed %+v, %d sensors; recorded %d messages", sum.Sources, len(sum.Sensors), n)
	}
}

func TestRecordNeverConnected(t *testing.T) {
	n, err := live.Record(context.Background(), "ws://127.0.0.1:1", &bytes.Buffer{}, 300*time.Millisecond)
	if err == nil || n != 0 || !strings.Contains(err.Error(), "never connected") || !strings.Contains(err.Error(), "refused") {
		t.Errorf("n %d err %v", n, err)
	}
}

func TestGeneratorSites(t *testing.T) {
	sites := [][2]float64{{7.42, 43.73}, {7.43, 43.74}, {7.425, 43.735}}
	used := map[[2]float64]int{}
	for _, s := range sim.NewGenerator(sim.Options{Sensors: 6, Seed: 3, Sites: sites}).Sensors() {
		used[[2]float64{s.Lon, s.Lat}]++
	}
	if len(used) != len(sites) {
		t.Fatalf("6 sensors on %d of 3 sites: %v", len(used), used)
	}
	for p, n := range used {
		if n != 2 {
			t.Errorf("site %v holds %d sensors, want 2 (each site once before any twice)", p, n)
		}
	}
	a := sim.NewGenerator(sim.Options{Sensors: 3, Seed: 3, Sites: sites}).Sensors()
	b := sim.NewGenerator(sim.Options{Sensors: 3, Seed: 3, Sites: sites}).Sensors()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, sensor %d at %v,%v and %v,%v", i, a[i].Lon, a[i].Lat, b[i].Lon, b[i].Lat)
		}
	}
}

package live_test

import (
	"context"
	"fmt"
	"time"

	"citytwin/live"
	"citytwin/live/sim"
)

func ExampleRegistry() {
	reg := live.NewRegistry(live.RegistryOptions{HistoryLen: 60})
	dec := live.NewDecoder(live.FormatAuto)
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	for _, msg := range []string{
		`{"id":"aq-001","lon":7.4246,"lat":43.7384,"values":{"no2":31.2}}`,
		`{"id":"aq-001","values":{"no2":48}}`, // the position may be left out
	} {
		rs, _ := dec.Decode([]byte(msg))
		reg.Apply("demo", rs, now)
	}
	v := reg.Snapshot() // once per frame; lock-free when nothing changed
	s := v.Sensors[0]
	no2, _ := s.Value("no2")
	fmt.Println(s.ID, s.Lon, s.Lat, no2.Value, no2.Unit == "")
	fmt.Println(len(reg.History("aq-001", "no2", nil)), "samples of history")
	// Output:
	// aq-001 7.4246 43.7384 48 true
	// 2 samples of history
}

func ExampleListen() {
	ctx := context.Background()
	url, stop, err := sim.Start(ctx, sim.Options{Sensors: 5, Rate: 10, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()
	sum, err := live.Listen(ctx, []string{url}, 500*time.Millisecond)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Sources[0].State, len(sum.Sensors), "sensors")
	for _, s := range sum.Sensors[:2] {
		fmt.Println(s.ID, s.Type)
	}
	// Output:
	// connected 5 sensors
	// aq-001 AirQualityObserved
	// aq-003 AirQualityObserved
}

func ExampleRedactURL() {
	fmt.Println(live.RedactURL("wss://alice:s3cret@city.example/feed?topic=air&access_token=abc123"))
	// Output: wss://alice:REDACTED@city.example/feed?topic=air&access_token=REDACTED
}

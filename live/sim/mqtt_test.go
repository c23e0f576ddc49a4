package sim_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"citytwin/internal/mosquittotest"
	"citytwin/live"
	"citytwin/live/sim"
)

// TestMQTT50kSensors publishes 50,000 simulated sensors (once a second
// each, 500 to a message) to a real mosquitto and has a source subscribed
// over MQTT-over-WebSocket (subtest WebSocket) or plain TCP (subtest TCP)
// apply them to a registry: every sensor arrives, nothing is rejected, and
// the rates through the broker are logged (they are the broker's:
// mosquitto 2.0.11's WebSocket listener passes far fewer large messages a
// second than its TCP listener, and drops QoS 0 ones it cannot send).
// The publisher always uses TCP. CITYTWIN_SIM_SENSORS and
// CITYTWIN_SIM_BATCH change the sizes.
func TestMQTT50kSensors(t *testing.T) {
	if testing.Short() {
		t.Skip("50k sensors through mosquitto: not in -short")
	}
	for _, tc := range []struct{ name, url string }{
		{"WebSocket", "mqtt+ws://127.0.0.1:%d/?topic=city/sim"},
		{"TCP", "mqtt://127.0.0.1:%d?topic=city/sim"},
	} {
		t.Run(tc.name, func(t *testing.T) { test50k(t, tc.url) })
	}
}

// test50k runs TestMQTT50kSensors with the source at sourceURL, a format
// string taking the port (WebSocket or TCP) of a fresh mosquitto.
func test50k(t *testing.T, sourceURL string) {
	sensors, batch := envInt("CITYTWIN_SIM_SENSORS", 50_000), envInt("CITYTWIN_SIM_BATCH", 500)
	wsPort, mqttPort := mosquittotest.Start(t)
	port := wsPort
	if strings.HasPrefix(sourceURL, "mqtt://") {
		port = mqttPort
	}
	reg := live.NewRegistry(live.RegistryOptions{MaxSensors: max(sensors, 100_000)})
	src, err := live.NewSource(live.SourceOptions{URL: fmt.Sprintf(sourceURL, port),
		Registry: reg, MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); _ = src.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for src.Status().State != live.StateLive {
		if ctx.Err() != nil {
			t.Fatal("never subscribed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	pubDone := make(chan error, 1)
	go func() {
		pubDone <- sim.PublishMQTT(ctx, sim.Options{Sensors: sensors, Rate: 1, Seed: 1, Batch: batch},
			fmt.Sprintf("mqtt://127.0.0.1:%d", mqttPort), "city/sim")
	}()
	start := time.Now()
	deadline := start.Add(120 * time.Second)
	for reg.Stats().Sensors < sensors {
		select {
		case err := <-pubDone:
			t.Fatalf("publisher ended: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 120 s: %d of %d sensors (status %+v)", reg.Stats().Sensors, sensors, src.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	first := time.Since(start)
	// Measure the steady rate over a few seconds.
	st0, t0 := src.Status(), time.Now()
	time.Sleep(5 * time.Second)
	st1, dt := src.Status(), time.Since(t0).Seconds()
	msgs, readings := float64(st1.Messages-st0.Messages)/dt, float64(st1.Readings-st0.Readings)/dt
	t.Logf("%d sensors, %d per message: all heard after %v; then %.0f messages/s, %.0f readings/s applied (target %d/s), %d rejected",
		sensors, batch, first.Round(time.Millisecond), msgs, readings, sensors, st1.Rejected)
	if st1.Rejected != 0 {
		t.Errorf("%d messages rejected: %+v", st1.Rejected, st1.Rejections)
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

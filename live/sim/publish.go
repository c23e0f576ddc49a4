package sim

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/eclipse/paho.golang/autopaho"
	"github.com/eclipse/paho.golang/paho"
)

// defaultBatch is the most sensors in one message unless Options.Batch
// says otherwise.
const defaultBatch = 500

// Publish simulates opts's sensors, each reporting opts.Rate times a
// second, and hands send each message (a batch of the sensors due, at
// most opts.Batch), until ctx ends (returning nil) or send fails
// (returning its error). msg is only valid during the call. A sender that
// falls more than a second behind skips readings rather than flooding.
// The WebSocket server and PublishMQTT both send through it.
func Publish(ctx context.Context, opts Options, send func(msg []byte) error) error {
	opts = opts.withDefaults()
	g := NewGenerator(opts)
	batch := opts.Batch
	if batch <= 0 {
		batch = defaultBatch
	}
	period := time.Duration(float64(time.Second) / opts.Rate)
	tick := min(50*time.Millisecond, period)
	next := make([]time.Duration, len(g.sensors))
	for i := range g.sensors {
		next[i] = g.sensors[i].phase
	}
	wall := time.Now()
	simStart := opts.Start
	if simStart.IsZero() {
		simStart = wall
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	var buf []byte
	var due []int
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		elapsed := time.Since(wall)
		due = due[:0]
		for i := range next {
			if next[i] > elapsed {
				continue
			}
			if elapsed-next[i] > time.Second { // a slow client: skip, do not flood
				next[i] += (elapsed - next[i]) / period * period
			}
			due = append(due, i)
			next[i] += period
		}
		for len(due) > 0 {
			n := min(len(due), batch)
			buf = g.AppendMessage(buf[:0], due[:n], simStart.Add(elapsed))
			due = due[n:]
			if err := send(buf); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
	}
}

// PublishMQTT publishes the simulation (Publish) to an MQTT broker at
// broker, MQTT 5 over plain TCP (mqtt://host:port, the fastest through
// Mosquitto), TLS (mqtts://, system CAs) or WebSocket (ws://, wss://), on
// topic, at QoS 0, until ctx ends. It returns an error when the broker
// cannot be reached within 10 s.
func PublishMQTT(ctx context.Context, opts Options, broker, topic string) error {
	u, err := url.Parse(broker)
	if err != nil {
		return fmt.Errorf("sim: broker %q: %w", broker, err)
	}
	cm, err := autopaho.NewConnection(ctx, autopaho.ClientConfig{
		ServerUrls: []*url.URL{u}, KeepAlive: 20, CleanStartOnInitialConnection: true,
		ClientConfig: paho.ClientConfig{ClientID: fmt.Sprintf("citytwin-sim-%d", time.Now().UnixNano())},
	})
	if err != nil {
		return fmt.Errorf("sim: broker %s: %w", u.Redacted(), err)
	}
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	err = cm.AwaitConnection(wait)
	cancel()
	if err != nil {
		return fmt.Errorf("sim: broker %s: %w", u.Redacted(), err)
	}
	defer func() { <-cm.Done() }()
	err = Publish(ctx, opts, func(msg []byte) error {
		// paho keeps the payload until it is sent: give it its own copy.
		_, err := cm.Publish(ctx, &paho.Publish{Topic: topic, QoS: 0, Payload: append([]byte(nil), msg...)})
		return err
	})
	dctx, dcancel := context.WithTimeout(context.Background(), 2*time.Second)
	_ = cm.Disconnect(dctx)
	dcancel()
	return err
}

package live

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/eclipse/paho.golang/autopaho"
	"github.com/eclipse/paho.golang/paho"
)

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startMosquitto runs Debian's mosquitto with a WebSocket listener (for the
// source under test) and a plain MQTT listener (for the publisher), and
// returns both ports. It skips when mosquitto is not installed.
func startMosquitto(t *testing.T) (wsPort, mqttPort int) {
	t.Helper()
	bin, err := exec.LookPath("mosquitto")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/mosquitto"); err2 != nil {
			missingPeer(t, "mosquitto not installed (apt-get install mosquitto): skipping the MQTT test")
		}
		bin = "/usr/sbin/mosquitto"
	}
	wsPort, mqttPort = freePort(t), freePort(t)
	conf := filepath.Join(t.TempDir(), "mosquitto.conf")
	err = os.WriteFile(conf, []byte(fmt.Sprintf(
		"per_listener_settings false\nallow_anonymous true\npersistence false\n"+
			"listener %d 127.0.0.1\nprotocol websockets\nlistener %d 127.0.0.1\nprotocol mqtt\n", wsPort, mqttPort)), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-c", conf)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	waitFor(t, "mosquitto listening", func() bool {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", mqttPort))
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return wsPort, mqttPort
}

// TestMQTTMosquitto: a source subscribed to a real mosquitto over
// WebSocket, TCP and TLS (a TLS proxy in front of the TCP listener, its
// certificate trusted through CAPEM) gets what is published.
func TestMQTTMosquitto(t *testing.T) {
	wsPort, mqttPort := startMosquitto(t)
	tlsAddr, caPEM := tlsProxy(t, fmt.Sprintf("127.0.0.1:%d", mqttPort))
	for _, tc := range []struct{ name, url string }{
		{"WebSocket", fmt.Sprintf("mqtt+ws://127.0.0.1:%d/?topic=city/sensors/%%23", wsPort)},
		{"TCP", fmt.Sprintf("mqtt://127.0.0.1:%d?topic=city/sensors/%%23", mqttPort)},
		{"TLS", "mqtts://" + tlsAddr + "?topic=city/sensors/%23"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, reg := runSource(t, SourceOptions{URL: tc.url, CAPEM: caPEM})
			testMosquittoSource(t, src, reg, mqttPort)
		})
	}
}

// tlsProxy listens with TLS on a loopback port and forwards every
// connection to addr. It returns its address and its certificate (PEM).
func tlsProxy(t *testing.T, addr string) (string, []byte) {
	t.Helper()
	cert := httptest.NewTLSServer(nil) // only for its certificate
	cert.Close()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cert.TLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b, err := net.Dial("tcp", addr)
			if err != nil {
				c.Close()
				continue
			}
			go func() { _, _ = io.Copy(b, c); b.Close() }()
			go func() { _, _ = io.Copy(c, b); c.Close() }()
		}
	}()
	return ln.Addr().String(), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate().Raw})
}

// testMosquittoSource publishes to mosquitto's TCP listener at mqttPort
// and checks that src, subscribed to city/sensors/#, applies it.
func testMosquittoSource(t *testing.T, src *Source, reg *Registry, mqttPort int) {
	t.Helper()
	waitFor(t, "subscribed", func() bool { return src.Status().State == StateLive })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	u, _ := url.Parse(fmt.Sprintf("mqtt://127.0.0.1:%d", mqttPort))
	pub, err := autopaho.NewConnection(ctx, autopaho.ClientConfig{
		ServerUrls: []*url.URL{u}, KeepAlive: 5, CleanStartOnInitialConnection: true,
		ClientConfig: paho.ClientConfig{ClientID: "citytwin-test-pub"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := pub.AwaitConnection(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := []string{
		`{"id":"mq-1","lon":7.42,"lat":43.73,"values":{"no2":12}}`,
		`{"id":"urn:ngsi-ld:NoiseLevelObserved:n1","type":"NoiseLevelObserved","LAeq":{"type":"Property","value":61.5}}`,
		`not json`,
	}
	// The subscription is made right after the connection comes up; publish
	// until the first message is heard, then the rest.
	waitFor(t, "first message through the broker", func() bool {
		_, _ = pub.Publish(ctx, &paho.Publish{Topic: "city/sensors/aq", QoS: 1, Payload: []byte(msgs[0])})
		time.Sleep(20 * time.Millisecond)
		return src.Status().Messages > 0
	})
	for _, m := range msgs[1:] {
		if _, err := pub.Publish(ctx, &paho.Publish{Topic: "city/sensors/other", QoS: 1, Payload: []byte(m)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pub.Publish(ctx, &paho.Publish{Topic: "elsewhere", QoS: 1, Payload: []byte(msgs[0])}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "all messages", func() bool { return src.Status().Rejected == 1 })
	v := reg.Snapshot()
	if s := v.Find("mq-1"); s == nil || !s.HasPos {
		t.Errorf("mq-1: %+v", s)
	}
	if s := v.Find("urn:ngsi-ld:NoiseLevelObserved:n1"); s == nil {
		t.Error("NGSI message over MQTT not applied")
	} else if l, _ := s.Value("LAeq"); l.Value != 61.5 {
		t.Errorf("LAeq %v", l)
	}
	if st := src.Status(); st.Connects != 1 || st.State != StateLive {
		t.Errorf("status %+v", st)
	}
	_ = pub.Disconnect(ctx)
}

func TestMQTTBrokerDownReconnects(t *testing.T) {
	port := freePort(t) // nothing listens here
	src, _ := runSource(t, SourceOptions{URL: fmt.Sprintf("mqtt+ws://127.0.0.1:%d/mqtt?topic=x", port), HandshakeTimeout: time.Second})
	waitFor(t, "reconnecting", func() bool { return src.Status().State == StateReconnecting })
	if st := src.Status(); st.Reason == "" {
		t.Errorf("no reason: %+v", st)
	}
}

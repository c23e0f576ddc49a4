package live

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// fakeBroker is a WebSocket server that answers every MQTT CONNECT with
// reply (nil: reads and says nothing; a text message: not MQTT).
func fakeBroker(t *testing.T, reply func(c *websocket.Conn)) string {
	t.Helper()
	up := websocket.Upgrader{Subprotocols: []string{"mqtt"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		if _, _, err := c.ReadMessage(); err != nil { // the CONNECT
			return
		}
		reply(c)
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "http://", "mqtt+ws://", 1)
}

// TestMQTTConnectFailuresSayWhy: an MQTT source that cannot connect leaves
// "connecting" at its first failure with the reason, and backs off as a
// WebSocket source does (Listen's backoffs and the default 10 s handshake
// timeout: the reason must come long before either would end).
func TestMQTTConnectFailuresSayWhy(t *testing.T) {
	plainHTTP := httptest.NewServer(http.NotFoundHandler())
	defer plainHTTP.Close()
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler()) // its certificate: no system CA's
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	// CONNACK, MQTT 5: flags 0, reason 0x87 (not authorized), properties:
	// reason string "no entry".
	refuse := []byte{0x20, 14, 0x00, 0x87, 11, 0x1F, 0x00, 0x08, 'n', 'o', ' ', 'e', 'n', 't', 'r', 'y'}
	for _, tc := range []struct {
		name, url string
		handshake time.Duration
		want      []string
	}{
		{"refused port", fmt.Sprintf("mqtt+ws://127.0.0.1:%d/mqtt?topic=x", freePort(t)), 0,
			[]string{"dial:", "connection refused"}},
		{"plain HTTP server", strings.Replace(plainHTTP.URL, "http://", "mqtt+ws://", 1) + "/mqtt?topic=x", 0,
			[]string{"handshake:", "404"}},
		{"WebSocket that sends text", fakeBroker(t, func(c *websocket.Conn) {
			_ = c.WriteMessage(websocket.TextMessage, []byte(`{"hello":"world"}`))
		}) + "/?topic=x", 0, []string{"CONNACK", "not an MQTT broker"}},
		{"WebSocket that says nothing", fakeBroker(t, func(*websocket.Conn) {}) + "/?topic=x", 300 * time.Millisecond,
			[]string{"CONNACK", "none within"}},
		{"broker refuses CONNACK", fakeBroker(t, func(c *websocket.Conn) {
			_ = c.WriteMessage(websocket.BinaryMessage, refuse)
		}) + "/?topic=x", 0, []string{"CONNACK", "135", "not authorized", "no entry"}},
		{"TCP: refused port", fmt.Sprintf("mqtt://127.0.0.1:%d?topic=x", freePort(t)), 0,
			[]string{"dial:", "connection refused"}},
		{"TCP: a server that speaks no MQTT", fakeTCPBroker(t, nil, func(c net.Conn) {
			_, _ = c.Write([]byte("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"))
		}) + "?topic=x", 0, []string{"CONNACK", "HTTP/1.1", "not an MQTT broker"}},
		{"TCP: a server that says nothing", fakeTCPBroker(t, nil, nil) + "?topic=x", 300 * time.Millisecond,
			[]string{"CONNACK", "none within"}},
		{"TCP: broker refuses CONNACK", fakeTCPBroker(t, nil, func(c net.Conn) {
			_, _ = c.Write(refuse)
		}) + "?topic=x", 0, []string{"CONNACK", "135", "not authorized", "no entry"}},
		{"TLS: server without TLS", strings.Replace(fakeTCPBroker(t, nil, func(c net.Conn) { _, _ = c.Write([]byte("hello\n")) }), "mqtt://", "mqtts://", 1) + "?topic=x", 0,
			[]string{"TLS:"}},
		{"TLS: certificate of an unknown authority", "mqtts://" + tlsSrv.Listener.Addr().String() + "?topic=x", 0,
			[]string{"TLS:", "certificate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, _ := runSource(t, SourceOptions{URL: tc.url, HandshakeTimeout: tc.handshake,
				MinBackoff: 200 * time.Millisecond, MaxBackoff: 2 * time.Second})
			deadline := time.Now().Add(3 * time.Second)
			var st Status
			for {
				st = src.Status()
				if st.State == StateReconnecting && st.Reason != "" {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("no reconnecting state with a reason within 3 s: %+v", st)
				}
				time.Sleep(5 * time.Millisecond)
			}
			t.Logf("reason: %s", st.Reason)
			for _, w := range tc.want {
				if !strings.Contains(st.Reason, w) {
					t.Errorf("reason %q lacks %q", st.Reason, w)
				}
			}
			// Measured from the failure, not from when this loop saw it (a
			// loaded machine can see it late).
			if in := st.RetryAt.Sub(st.Since); in <= 0 || in > 250*time.Millisecond {
				t.Errorf("first retry in %v, want the first backoff (≤ 200 ms)", in)
			}
			if lbl := st.Label(st.Since); !strings.HasPrefix(lbl, "reconnecting in") || !strings.Contains(lbl, tc.want[0]) {
				t.Errorf("label %q", lbl)
			}
			// It keeps trying, backing off: a second failure comes.
			waitFor(t, "second attempt", func() bool {
				s := src.Status()
				return s.State == StateReconnecting && s.Since.After(st.Since)
			})
		})
	}
}

// TestMQTTHugePacketRefusedBeforeAllocation: a broker (WebSocket or TCP) that announces a
// 200 MB packet right after CONNACK gets the connection dropped with the
// reason, without the client allocating the 200 MB.
func TestMQTTHugePacketRefusedBeforeAllocation(t *testing.T) {
	connack := []byte{0x20, 3, 0, 0, 0} // accepted
	n := 200_000_000
	huge := []byte{0x30}
	for {
		b := byte(n & 0x7f)
		n >>= 7
		if n > 0 {
			b |= 0x80
		}
		huge = append(huge, b)
		if n == 0 {
			break
		}
	}
	huge = append(huge, 0, 1, 'x')
	for _, tc := range []struct{ name, url string }{
		{"WebSocket", fakeBroker(t, func(c *websocket.Conn) {
			_ = c.WriteMessage(websocket.BinaryMessage, connack)
			_ = c.WriteMessage(websocket.BinaryMessage, huge)
		}) + "/?topic=x"},
		{"TCP", fakeTCPBroker(t, nil, func(c net.Conn) {
			_, _ = c.Write(append(append([]byte(nil), connack...), huge...))
		}) + "?topic=x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			src, _ := runSource(t, SourceOptions{URL: tc.url, MinBackoff: time.Second, MaxBackoff: 2 * time.Second})
			waitFor(t, "the connection dropped", func() bool {
				st := src.Status()
				return st.Connects > 0 && st.State == StateReconnecting
			})
			runtime.ReadMemStats(&after)
			if r := src.Status().Reason; !strings.Contains(r, "over the limit") {
				t.Errorf("reason %q", r)
			}
			if d := after.TotalAlloc - before.TotalAlloc; d > 50<<20 {
				t.Errorf("allocated %d MB for a refused packet", d>>20)
			}
		})
	}
}

func TestMQTTFramer(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stream  []byte
		packets int
		err     string
	}{
		{"two packets", []byte{0x20, 3, 0, 0, 0, 0xd0, 0}, 2, ""},
		{"two-byte length", append([]byte{0x30, 0x80, 0x01}, make([]byte, 128)...), 1, ""},
		{"over the limit", []byte{0x30, 0xff, 0xff, 0x7f}, 0, "over the limit"},
		{"five-byte length", []byte{0x30, 0xff, 0xff, 0xff, 0xff, 0x01}, 0, "malformed"},
		{"reserved type", []byte{0x00, 0}, 0, "reserved"},
	} {
		for split := 1; split <= len(tc.stream); split++ {
			f := mqttFramer{limit: 1000}
			var err error
			for i := 0; i < len(tc.stream) && err == nil; i += split {
				err = f.scan(tc.stream[i:min(i+split, len(tc.stream))])
			}
			if (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) || f.packets != tc.packets {
				t.Errorf("%s, reads of %d: %d packets, err %v", tc.name, split, f.packets, err)
			}
		}
	}
	// A broker's first packet is a CONNACK (or AUTH).
	for _, tc := range []struct {
		stream []byte
		ok     bool
	}{{[]byte{0x20, 3, 0, 0, 0, 0x30, 0}, true}, {[]byte{0xf0, 0, 0x20, 0}, true}, {[]byte("HTTP/1.1 400"), false}, {[]byte{0x30, 0}, false}} {
		f := mqttFramer{limit: 1000, firstConnack: true}
		if err := f.scan(tc.stream); (err == nil) != tc.ok || err != nil && !errors.Is(err, errNotBroker) {
			t.Errorf("first packet % x: %v", tc.stream[:2], err)
		}
	}
}

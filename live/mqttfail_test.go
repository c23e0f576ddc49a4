package live

import (
	"fmt"
	"net/http"
	"net/http/httptest"
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
			for _, w := range tc.want {
				if !strings.Contains(st.Reason, w) {
					t.Errorf("reason %q lacks %q", st.Reason, w)
				}
			}
			if in := time.Until(st.RetryAt); in <= 0 || in > 250*time.Millisecond {
				t.Errorf("first retry in %v, want the first backoff (≤ 200 ms)", in)
			}
			if lbl := st.Label(time.Now()); !strings.HasPrefix(lbl, "reconnecting in") || !strings.Contains(lbl, tc.want[0]) {
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

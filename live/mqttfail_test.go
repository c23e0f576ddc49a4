package live

import (
	"fmt"
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

// TestMQTTHugePacketRefusedBeforeAllocation: a broker that announces a
// 200 MB packet right after CONNACK gets the connection dropped with the
// reason, without the client allocating the 200 MB.
func TestMQTTHugePacketRefusedBeforeAllocation(t *testing.T) {
	url := fakeBroker(t, func(c *websocket.Conn) {
		_ = c.WriteMessage(websocket.BinaryMessage, []byte{0x20, 3, 0, 0, 0}) // CONNACK: accepted
		n := 200_000_000
		hdr := []byte{0x30}
		for {
			b := byte(n & 0x7f)
			n >>= 7
			if n > 0 {
				b |= 0x80
			}
			hdr = append(hdr, b)
			if n == 0 {
				break
			}
		}
		_ = c.WriteMessage(websocket.BinaryMessage, append(hdr, 0, 1, 'x'))
	}) + "/?topic=x"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	src, _ := runSource(t, SourceOptions{URL: url, MinBackoff: time.Second, MaxBackoff: 2 * time.Second})
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
}

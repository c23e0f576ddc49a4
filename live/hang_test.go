package live

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestPeerThatNeverAnswersPings: a server that accepts and then neither
// sends nor reads (so never answers pings) is dropped after twice the ping
// interval and reconnected, instead of hanging the source.
func TestPeerThatNeverAnswersPings(t *testing.T) {
	up := websocket.Upgrader{}
	hold := make(chan struct{})
	defer close(hold)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		<-hold
	}))
	defer srv.Close()
	src, _ := runSource(t, SourceOptions{URL: "ws" + strings.TrimPrefix(srv.URL, "http"), PingInterval: 20 * time.Millisecond})
	waitFor(t, "a second connection", func() bool { return src.Status().Connects >= 2 })
	if r := src.Status().Reason; r != "" && !strings.Contains(r, "timeout") {
		t.Errorf("reason %q", r)
	}
}

// TestPeerThatHangsInTheHandshake: a TCP server that accepts and says
// nothing makes the source retry after the handshake timeout.
func TestPeerThatHangsInTheHandshake(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	src, _ := runSource(t, SourceOptions{URL: "ws://" + ln.Addr().String(), HandshakeTimeout: 30 * time.Millisecond})
	waitFor(t, "reconnecting after a handshake timeout", func() bool {
		st := src.Status()
		return st.State == StateReconnecting && strings.Contains(st.Reason, "timeout")
	})
	if src.Status().Connects != 0 {
		t.Error("a silent TCP server counted as connected")
	}
}

// Package wsstest starts a wss:// peer for tests: a WebSocket server over
// TLS whose certificate no system CA signs (as a city's internal server),
// which sends one message to every client and then reads until it goes.
// It imports nothing of ours.
package wsstest

import (
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// Start starts the peer, sending msg to each client, and returns its
// wss:// URL and its certificate as PEM (what a ca_file holds). It stops
// with the test.
func Start(t testing.TB, msg string) (url string, caPEM []byte) {
	t.Helper()
	up := websocket.Upgrader{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		_ = c.WriteMessage(websocket.TextMessage, []byte(msg))
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "https://", "wss://", 1),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

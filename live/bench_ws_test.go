package live

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// BenchmarkSourceWebSocket measures the whole receive path over a loopback
// WebSocket: frame read, decode, apply (one native message per frame).
func BenchmarkSourceWebSocket(b *testing.B) {
	msgs := nativeMessages(4096, 1000)
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for i := 0; ; i++ {
			if err := c.WriteMessage(websocket.TextMessage, msgs[i%len(msgs)]); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	reg := NewRegistry(RegistryOptions{})
	src, err := NewSource(SourceOptions{URL: "ws" + strings.TrimPrefix(srv.URL, "http"), Registry: reg})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = src.Run(ctx) }()
	for src.Status().Messages < 5000 { // warm up
		time.Sleep(time.Millisecond)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := src.Status().Messages
	for src.Status().Messages-start < uint64(b.N) {
		reg.Snapshot()
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	n := src.Status().Messages - start
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
	cancel()
	<-done
}

package live

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startWSPeer starts live/testdata/wspeer/peer.js, a WebSocket server from
// the npm ws package, and returns its ws:// base URL. It skips the test when
// node or the package is missing.
func startWSPeer(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missingPeer(t, "node not found: the end-to-end tests need Node.js and `npm ci --prefix live/testdata/wspeer`")
	}
	dir := filepath.Join("testdata", "wspeer")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ws", "package.json")); err != nil {
		missingPeer(t, "npm package ws missing: run `npm ci --prefix live/testdata/wspeer` to install the test peer")
	}
	cmd := exec.Command(node, "peer.js")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("ws peer did not start: %v", err)
	}
	var hello struct{ Port int }
	if err := json.Unmarshal([]byte(line), &hello); err != nil || hello.Port == 0 {
		t.Fatalf("ws peer said %q", line)
	}
	return fmt.Sprintf("ws://127.0.0.1:%d", hello.Port)
}

// waitFor polls cond until it holds or 10 s pass (a safety net against a
// hang, not a timing assertion).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func runSource(t *testing.T, opts SourceOptions) (*Source, *Registry) {
	t.Helper()
	reg := NewRegistry(RegistryOptions{})
	opts.Registry = reg
	if opts.MinBackoff == 0 {
		opts.MinBackoff, opts.MaxBackoff = 10*time.Millisecond, 50*time.Millisecond
	}
	src, err := NewSource(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = src.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		if st := src.Status(); st.State != StateStopped && st.State != StateFailed {
			t.Errorf("after cancel the source is %v", st.State)
		}
	})
	return src, reg
}

func TestWSPeerStream(t *testing.T) {
	base := startWSPeer(t)
	src, reg := runSource(t, SourceOptions{URL: base + "/stream?n=50"})
	waitFor(t, "50 messages", func() bool { return src.Status().Messages >= 50 })
	st := src.Status()
	if st.State != StateLive || st.Rejected != 0 || st.Connects != 1 {
		t.Errorf("status %+v", st)
	}
	s := reg.Snapshot().Find("peer-stream")
	if s == nil || s.Messages != 50 || !s.HasPos || s.Lon != 7.4246 {
		t.Fatalf("sensor %+v", s)
	}
	if v, _ := s.Value("no2"); v.Value != 59 {
		t.Errorf("latest no2 %v, want 59", v.Value)
	}
	if c, _ := s.Category("status"); c != "occupied" {
		t.Errorf("status %q", c)
	}
}

func TestWSPeerAbruptCloseReconnects(t *testing.T) {
	base := startWSPeer(t)
	src, reg := runSource(t, SourceOptions{URL: base + "/abrupt?n=5"})
	waitFor(t, "three connections", func() bool { return src.Status().Connects >= 3 })
	st := src.Status()
	if st.Messages < 10 {
		t.Errorf("messages %d after %d connections", st.Messages, st.Connects)
	}
	if s := reg.Snapshot().Find("peer-abrupt"); s == nil || s.Messages < 10 {
		t.Errorf("sensor %+v", s)
	}
}

func TestWSPeerGarbageIsRejectedNotFatal(t *testing.T) {
	base := startWSPeer(t)
	src, reg := runSource(t, SourceOptions{URL: base + "/garbage"})
	waitFor(t, "four messages", func() bool { return src.Status().Messages >= 4 })
	st := src.Status()
	if st.Rejected != 3 || len(st.Rejections) != 3 || st.State != StateLive {
		t.Fatalf("status %+v", st)
	}
	if !strings.Contains(st.Rejections[1].Reason, "unexpected end") {
		t.Errorf("reasons %+v", st.Rejections)
	}
	if reg.Snapshot().Find("peer-garbage") == nil {
		t.Error("the good message after the garbage was lost")
	}
}

func TestWSPeerHugeFrame(t *testing.T) {
	base := startWSPeer(t)
	src, reg := runSource(t, SourceOptions{URL: base + "/huge?mb=2", ReadLimit: 1 << 20})
	waitFor(t, "a rejection and a reconnect", func() bool {
		st := src.Status()
		return st.Rejected >= 1 && st.Connects >= 2
	})
	st := src.Status()
	if !strings.Contains(st.Rejections[0].Reason, "larger than 1048576 bytes") {
		t.Errorf("reason %q", st.Rejections[0].Reason)
	}
	if reg.Snapshot().Find("huge") != nil {
		t.Error("the oversized message was applied")
	}
	if reg.Snapshot().Find("peer-huge") == nil {
		t.Error("the good message before the huge one was lost")
	}
}

func TestWSPeerSilentGoesStale(t *testing.T) {
	base := startWSPeer(t)
	src, _ := runSource(t, SourceOptions{URL: base + "/silent", StaleAfter: 20 * time.Millisecond})
	waitFor(t, "stale", func() bool { return src.Status().State == StateStale })
	if l := src.Status().Label(time.Now()); !strings.HasPrefix(l, "stale") {
		t.Errorf("label %q", l)
	}
}

func TestWSPeerNGSINotification(t *testing.T) {
	base := startWSPeer(t)
	src, reg := runSource(t, SourceOptions{URL: base + "/ngsi"})
	waitFor(t, "a message", func() bool { return src.Status().Messages >= 1 })
	v := reg.Snapshot()
	a := v.Find("urn:ngsi-ld:AirQualityObserved:a1")
	p := v.Find("urn:ngsi-ld:ParkingSpot:p1")
	if a == nil || p == nil {
		t.Fatalf("sensors %v", v.Sensors)
	}
	if no2, _ := a.Value("no2"); no2.Value != 42 || no2.Unit != "µg/m³" {
		t.Errorf("no2 %+v", no2)
	}
	if s, _ := p.Category("status"); s != "occupied" {
		t.Errorf("parking status %q", s)
	}
}

func TestWSPeerBearerToken(t *testing.T) {
	base := startWSPeer(t)
	t.Setenv("CITYTWIN_TEST_TOKEN", "wrong")
	bad, _ := runSource(t, SourceOptions{URL: base + "/auth", TokenEnv: "CITYTWIN_TEST_TOKEN", MaxAttempts: 2})
	waitFor(t, "failure", func() bool { return bad.Status().State == StateFailed })
	if r := bad.Status().Reason; !strings.Contains(r, "401") || strings.Contains(r, "wrong") {
		t.Errorf("reason %q (must name the status, never the token)", r)
	}
	t.Setenv("CITYTWIN_TEST_TOKEN", "secret")
	good, reg := runSource(t, SourceOptions{URL: base + "/auth", TokenEnv: "CITYTWIN_TEST_TOKEN"})
	waitFor(t, "a message", func() bool { return good.Status().Messages >= 1 })
	if reg.Snapshot().Find("peer-auth") == nil {
		t.Error("no reading with the right token")
	}
	t.Setenv("CITYTWIN_TEST_TOKEN", "")
	missing, _ := runSource(t, SourceOptions{URL: base + "/auth", TokenEnv: "CITYTWIN_TEST_TOKEN"})
	waitFor(t, "failure", func() bool { return missing.Status().State == StateFailed })
	if l := missing.Status().Label(time.Now()); l != "failed: token variable CITYTWIN_TEST_TOKEN is empty" {
		t.Errorf("label %q", l)
	}
}

// Package mosquittotest starts Debian's mosquitto for tests: a WebSocket
// listener and a plain MQTT listener on free loopback ports, for the tests
// of live/sim, live/screensync and the viewer's screen sync. It imports
// nothing of ours.
package mosquittotest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// FreePort returns a loopback port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Start runs mosquitto until the test ends and returns its WebSocket and
// MQTT ports. It skips the test when mosquitto is not installed (fails
// it when CITYTWIN_REQUIRE_PEERS is set).
func Start(t testing.TB) (wsPort, mqttPort int) {
	t.Helper()
	return StartWith(t, "")
}

// StartWith is Start with more lines for mosquitto.conf (broker-wide
// settings such as "max_queued_messages 10000").
func StartWith(t testing.TB, extra string) (wsPort, mqttPort int) {
	t.Helper()
	bin, err := exec.LookPath("mosquitto")
	if err != nil {
		bin = "/usr/sbin/mosquitto"
		if _, err := os.Stat(bin); err != nil {
			why := "mosquitto not installed (apt-get install mosquitto): skipping"
			if os.Getenv("CITYTWIN_REQUIRE_PEERS") != "" {
				t.Fatal(why)
			}
			t.Skip(why)
		}
	}
	wsPort, mqttPort = FreePort(t), FreePort(t)
	conf := filepath.Join(t.TempDir(), "mosquitto.conf")
	err = os.WriteFile(conf, []byte(fmt.Sprintf(
		"per_listener_settings false\nallow_anonymous true\npersistence false\n"+
			"%s\nlistener %d 127.0.0.1\nprotocol websockets\nlistener %d 127.0.0.1\nprotocol mqtt\n", extra, wsPort, mqttPort)), 0o644)
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
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", mqttPort))
		if err == nil {
			c.Close()
			return wsPort, mqttPort
		}
		if time.Now().After(deadline) {
			t.Fatalf("mosquitto not listening: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

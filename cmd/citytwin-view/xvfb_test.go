package main

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// ownDisplay starts an Xvfb server of its own (size WxHxD, e.g.
// "1600x900x24") on a free display number and returns the environment
// that points a window at it: end-to-end tests that find their window by
// name must not share the display with the other packages' tests, which
// open windows of their own meanwhile. The server stops with the test.
func ownDisplay(t *testing.T, size string) []string {
	t.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		missingTool(t, "Xvfb is not installed (apt-get install xvfb)")
	}
	for n := 100 + os.Getpid()%300; n < 1000; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue // taken
		}
		display := fmt.Sprintf(":%d", n)
		xvfb := exec.Command("Xvfb", display, "-screen", "0", size, "-nolisten", "tcp")
		if err := xvfb.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { xvfb.Wait(); close(done) }()
		if waitSocket(n, done) {
			t.Cleanup(func() { xvfb.Process.Kill(); <-done })
			return append(os.Environ(), "DISPLAY="+display)
		}
		xvfb.Process.Kill() // the number was taken after all, or the server hung
		<-done
	}
	t.Fatal("no free X display number")
	return nil
}

// waitSocket waits up to 10 s for display n's socket; false when the
// server exited (done closed) or never listened.
func waitSocket(n int, done <-chan struct{}) bool {
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		select {
		case <-done:
			return false
		default:
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			return true
		}
	}
	return false
}

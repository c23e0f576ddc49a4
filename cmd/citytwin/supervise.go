package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// superviseOptions tune the kiosk's supervisor (tests make it fast).
type superviseOptions struct {
	// Log receives one entry per crash: time, exit status, the window's
	// last stderr (a panic's stack). nil: stderr only.
	Log io.Writer
	// Backoff is the wait before the first restart, doubled per quick
	// crash up to MaxBackoff, and reset after the window ran Steady.
	Backoff, MaxBackoff, Steady time.Duration
	// PerMinute caps restarts in any minute; beyond it the supervisor
	// waits for the minute to pass (a kiosk never gives up).
	PerMinute int
	// Stderr is where the window's stderr is passed through (nil: os.Stderr).
	Stderr io.Writer
	// Started, when set, is told each window process started (tests).
	Started func(*os.Process)
}

func defaultSupervise() superviseOptions {
	return superviseOptions{Backoff: time.Second, MaxBackoff: 10 * time.Second, Steady: time.Minute, PerMinute: 6}
}

// stderrTail is how much of the window's stderr a crash entry keeps.
const stderrTail = 64 << 10

// tail keeps the last n bytes written to it.
type tail struct {
	mu sync.Mutex
	b  []byte
	n  int
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.n {
		t.b = append(t.b[:0], t.b[len(t.b)-t.n:]...)
	}
	return len(p), nil
}

func (t *tail) String() string { t.mu.Lock(); defer t.mu.Unlock(); return string(t.b) }

// supervise runs the window executable with argv and starts it again in
// place whenever it dies for any reason but a clean exit (status 0: the
// operator left with the PIN) or bad usage (status 2 without a Go stack:
// it would fail again): a panic, a lost GPU context, a kill. Each crash is logged with
// the window's last stderr. SIGINT and SIGTERM stop the window and the
// supervisor. It returns the exit status for citytwin.
func supervise(viewer string, argv []string, o superviseOptions) int {
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	backoff := o.Backoff
	var restarts []time.Time
	for {
		tl := &tail{n: stderrTail}
		cmd := exec.Command(viewer, argv...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, io.MultiWriter(o.Stderr, tl)
		began := time.Now()
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(os.Stderr, "citytwin: starting %s: %v\n", viewer, err)
			return exitFailure
		}
		if o.Started != nil {
			o.Started(cmd.Process)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case s := <-stop:
			cmd.Process.Signal(s)
			<-done
			return exitOK
		}
		code := 0
		var exit *exec.ExitError
		switch {
		case err == nil:
			return exitOK // the operator left
		case errors.As(err, &exit):
			code = exit.ExitCode() // -1: killed by a signal
		default:
			fmt.Fprintf(os.Stderr, "citytwin: running %s: %v\n", viewer, err)
			return exitFailure
		}
		crashed := strings.Contains(tl.String(), "goroutine ") // a Go panic or fatal error exits 2 too
		if code == exitUsage && !crashed {
			return exitUsage // a scene that cannot be used fails again
		}
		ran := time.Since(began)
		logCrash(o.Log, began, ran, err, tl.String())
		if ran >= o.Steady {
			backoff = o.Backoff
		}
		// At most PerMinute restarts in any minute.
		now := time.Now()
		for len(restarts) > 0 && now.Sub(restarts[0]) > time.Minute {
			restarts = restarts[1:]
		}
		wait := backoff
		if o.PerMinute > 0 && len(restarts) >= o.PerMinute {
			wait = max(wait, time.Minute-now.Sub(restarts[0]))
		}
		fmt.Fprintf(os.Stderr, "citytwin: the window stopped (%v) after %s; starting it again in %s\n", err, ran.Round(time.Millisecond), wait)
		select {
		case <-time.After(wait):
		case <-stop:
			return exitOK
		}
		restarts = append(restarts, time.Now())
		backoff = min(2*backoff, o.MaxBackoff)
	}
}

// logCrash appends one crash entry to w.
func logCrash(w io.Writer, began time.Time, ran time.Duration, err error, stderr string) {
	if w == nil {
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "=== %s: the window (started %s, ran %s) stopped: %v\n", time.Now().UTC().Format(time.RFC3339),
		began.UTC().Format(time.RFC3339), ran.Round(time.Millisecond), err)
	b.WriteString(stderr)
	if len(stderr) > 0 && stderr[len(stderr)-1] != '\n' {
		b.WriteByte('\n')
	}
	w.Write(b.Bytes())
	if f, ok := w.(*os.File); ok {
		f.Sync()
	}
}

// superviseKiosk supervises a kiosk's window, logging crashes to path
// (appended; "": citytwin-crashes.log in the user's cache folder).
func superviseKiosk(viewer string, argv []string, path string) int {
	o := defaultSupervise()
	if path == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			os.MkdirAll(filepath.Join(dir, "citytwin"), 0o755)
			path = filepath.Join(dir, "citytwin", "crashes.log")
		}
	}
	if path != "" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			fmt.Fprintf(os.Stderr, "citytwin: crash log: %v (crashes go to stderr only)\n", err)
		} else {
			defer f.Close()
			o.Log = f
			fmt.Fprintf(os.Stderr, "citytwin: kiosk: the window is restarted if it stops; crashes are logged to %s\n", path)
		}
	}
	return supervise(viewer, argv, o)
}

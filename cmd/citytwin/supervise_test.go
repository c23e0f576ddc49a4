package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeWindow is a window executable that panics on its first run, runs
// until killed on its second, and leaves cleanly (the operator's PIN) on
// its third.
const fakeWindow = `#!/bin/sh
n=$(cat "$DIR/runs" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$DIR/runs"
case $n in
1) echo "panic: lost GPU context" >&2; echo >&2; echo "goroutine 1 [running]:" >&2; echo "main.main()" >&2; exit 2;;
2) echo $$ > "$DIR/pid.tmp"; mv "$DIR/pid.tmp" "$DIR/pid"; exec sleep 30;;
*) exit 0;;
esac
`

// syncBuffer is a bytes.Buffer safe for the supervisor's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestSupervisorRestartsTheWindow(t *testing.T) {
	dir := t.TempDir()
	win := filepath.Join(dir, "window")
	if err := os.WriteFile(win, []byte(fakeWindow), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DIR", dir)
	var log, stderr syncBuffer
	starts := make(chan time.Time, 10)
	o := superviseOptions{Log: &log, Stderr: &stderr, Backoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
		Steady: time.Minute, PerMinute: 10, Started: func(*os.Process) { starts <- time.Now() }}
	done := make(chan int, 1)
	go func() { done <- supervise(win, nil, o) }()
	// The second run: kill it as a lost GPU or the OOM killer would.
	deadline := time.Now().Add(10 * time.Second)
	var pid int
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(filepath.Join(dir, "pid")); err == nil {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if pid == 0 {
		t.Fatal("the window was not started again after its panic")
	}
	killed := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("supervise returned %d after the operator left, want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the killed window did not come back")
	}
	close(starts)
	var last time.Time
	n := 0
	for s := range starts {
		last = s
		n++
	}
	if n != 3 {
		t.Errorf("%d starts, want 3", n)
	}
	if d := last.Sub(killed); d > 2*time.Second {
		t.Errorf("came back after %s, want within seconds", d)
	}
	for _, want := range []string{"panic: lost GPU context", "goroutine 1 [running]", "signal: killed", "exit status 2"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("crash log lacks %q:\n%s", want, log.String())
		}
	}
	if !strings.Contains(stderr.String(), "panic: lost GPU context") {
		t.Errorf("stderr not passed through: %q", stderr.String())
	}
}

func TestSupervisorStopsOnBadInput(t *testing.T) {
	dir := t.TempDir()
	win := filepath.Join(dir, "window")
	os.WriteFile(win, []byte("#!/bin/sh\necho 'citytwin-view: scene.json: line 3: bad' >&2\nexit 2\n"), 0o755)
	var log syncBuffer
	o := superviseOptions{Log: &log, Stderr: &bytes.Buffer{}, Backoff: time.Millisecond, PerMinute: 3}
	if code := supervise(win, nil, o); code != exitUsage {
		t.Errorf("code %d, want %d (no restart loop on a bad scene)", code, exitUsage)
	}
}

func TestSupervisorCapsRestarts(t *testing.T) {
	dir := t.TempDir()
	win := filepath.Join(dir, "window")
	os.WriteFile(win, []byte("#!/bin/sh\nexit 1\n"), 0o755)
	var log syncBuffer
	starts := make(chan time.Time, 100)
	o := superviseOptions{Log: &log, Stderr: &bytes.Buffer{}, Backoff: time.Millisecond, MaxBackoff: time.Millisecond,
		Steady: time.Minute, PerMinute: 3, Started: func(*os.Process) { starts <- time.Now() }}
	go supervise(win, nil, o)
	time.Sleep(1500 * time.Millisecond)
	if n := len(starts); n != 4 { // the first start and 3 restarts in the minute
		t.Errorf("%d starts in 1.5 s, want 4 (cap of 3 restarts a minute)", n)
	}
}

func TestReportVotes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "votes.csv")
	os.WriteFile(path, []byte("time,scenario,reason,lang\n"+
		"2026-12-06T10:00:00Z,larvotto-park,More green,de\n"+
		"2026-12-06T10:01:00Z,larvotto-park,,en\n"+
		"2026-12-06T10:02:00Z,baseline,,el\n"+
		"2026-12-06T10:03:00Z,harb"), 0o644) // torn by a crash
	out, errOut, code := runCLI(t, "report", "-votes", path, "-format", "markdown")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errOut)
	}
	for _, want := range []string{"3 votes", "Park instead of the Larvotto car park (`larvotto-park`) | 2 | 67 % | More green (1)", "Today (`baseline`) | 1 | 33 %", "1 unreadable lines"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	out, _, code = runCLI(t, "report", "--votes="+path)
	if code != 0 || !strings.Contains(out, `"scenario": "larvotto-park"`) || !strings.Contains(out, `"votes": 2`) {
		t.Errorf("json (%d):\n%s", code, out)
	}
	if _, _, code := runCLI(t, "report", "-votes", filepath.Join(t.TempDir(), "none.csv")); code != exitUsage {
		t.Errorf("a missing votes file: code %d, want %d", code, exitUsage)
	}
}

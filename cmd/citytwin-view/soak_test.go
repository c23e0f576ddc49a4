package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestKioskDaySoak runs the real kiosk window (the demo with its live
// feed, the attract tour flying from view to view) through a day of
// accelerated time and checks that its memory and frame rate stay flat,
// from the hourly health lines. It takes 4 minutes; set CITYTWIN_SOAK=1.
func TestKioskDaySoak(t *testing.T) {
	if os.Getenv("CITYTWIN_SOAK") == "" {
		t.Skip("set CITYTWIN_SOAK=1 for the day-long kiosk soak (4 minutes)")
	}
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no display: run under xvfb-run")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "citytwin-view")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	const speed = 360 // a fake hour every 10 s
	cmd := exec.Command(bin, "-kiosk", "-multitouch=false")
	cmd.Env = append(os.Environ(), "CITYTWIN_LOG=info", "CITYTWIN_CLOCK_SPEED="+strconv.Itoa(speed))
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	health := regexp.MustCompile(`kiosk: health" fps=([0-9.]+) heap_mib=(\d+) sys_mib=(\d+) resets=(\d+)`)
	type sample struct {
		fps        float64
		heap, sys  int
		rss        int // KiB, from /proc
		resets     int
		realElapse time.Duration
	}
	var got []sample
	start := time.Now()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stderr)
	}()
	hours := 24
	for len(got) < hours+1 {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the window ended after %d hours", len(got))
			}
			m := health.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			var s sample
			s.fps, _ = strconv.ParseFloat(m[1], 64)
			s.heap, _ = strconv.Atoi(m[2])
			s.sys, _ = strconv.Atoi(m[3])
			s.resets, _ = strconv.Atoi(m[4])
			s.rss = rssKiB(cmd.Process.Pid)
			s.realElapse = time.Since(start)
			got = append(got, s)
		case <-time.After(2 * time.Minute):
			t.Fatalf("no health line for 2 minutes (after %d)", len(got))
		}
	}
	for i, s := range got {
		t.Logf("fake hour %2d (real %5.1fs): %5.1f fps, heap %3d MiB, Go sys %3d MiB, RSS %4d MiB, resets %d",
			i, s.realElapse.Seconds(), s.fps, s.heap, s.sys, s.rss>>10, s.resets)
	}
	// Flat: after the first two hours (warm-up), neither grows by more
	// than 15 % (+16 MiB) and the frame rate holds at half of the early one.
	base := got[2]
	last := got[len(got)-1]
	if float64(last.rss) > 1.15*float64(base.rss)+16<<10 {
		t.Errorf("RSS grew from %d MiB to %d MiB", base.rss>>10, last.rss>>10)
	}
	if float64(last.heap) > 1.15*float64(base.heap)+16 {
		t.Errorf("heap grew from %d MiB to %d MiB", base.heap, last.heap)
	}
	if last.fps < base.fps/2 {
		t.Errorf("frame rate fell from %.1f to %.1f", base.fps, last.fps)
	}
	if last.resets < 1 {
		t.Errorf("no reset in %d hours: the attract mode did not run", hours)
	}
}

// rssKiB is the resident memory of process pid, from /proc (0 elsewhere).
func rssKiB(pid int) int {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := vmRSS.FindStringSubmatch(sc.Text()); m != nil {
			kib, _ := strconv.Atoi(m[1])
			return kib
		}
	}
	return 0
}

var vmRSS = regexp.MustCompile(`^VmRSS:\s+(\d+) kB`)

package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"citytwin/assets"
	"citytwin/render/ui"
	"citytwin/scene/votes"
)

// missingPeer skips an end-to-end test whose outside tool is missing, or
// fails it when CITYTWIN_REQUIRE_PEERS is set (as .ci/test does).
func missingPeer(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CITYTWIN_REQUIRE_PEERS") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// lockedBuffer collects the window's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// waitFor polls until s's contents hold want, or fails after d.
func waitFor(t *testing.T, s *lockedBuffer, want string, d time.Duration) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if strings.Contains(s.String(), want) {
			return
		}
	}
	t.Fatalf("no %q within %s; the window said:\n%s", want, d, s.String())
}

// TestKioskEndToEnd drives the real kiosk window under X (Xvfb) with
// xdotool, as a visitor would: a drag (orbit), then nothing until the
// kiosk flies home by itself; a tap on an on-screen control; a vote in
// the visitors' panel, found in the votes file.
func TestKioskEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("xdotool"); err != nil {
		missingPeer(t, "xdotool is not installed (apt-get install xdotool)")
	}
	dir := t.TempDir()
	// The demo with a short idle time and a vote reason.
	err := fs.WalkDir(assets.Demo(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(assets.Demo(), p)
		if err != nil {
			return err
		}
		if p == assets.DemoScene {
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				return err
			}
			m["kiosk"] = map[string]any{"idle_seconds": 3, "home_view": "Home", "tour": []string{"Harbour"}, "vote_reasons": []string{"More green"}}
			b, _ = json.Marshal(m)
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "citytwin-view")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	votesPath := filepath.Join(dir, "votes.csv")
	cmd := exec.Command(bin, "-kiosk", "-multitouch=false", "-votes", votesPath, filepath.Join(dir, assets.DemoScene))
	env := ownDisplay(t, "1280x720x24")
	cmd.Env = append(env, "CITYTWIN_LOG=info")
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	xdo := func(args ...string) string {
		t.Helper()
		c := exec.Command("xdotool", args...)
		c.Env = env
		out, err := c.Output()
		if err != nil {
			t.Fatalf("xdotool %v: %v (window: %s)", args, err, stderr.String())
		}
		return strings.TrimSpace(string(out))
	}
	var wid string
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end) && wid == ""; time.Sleep(200 * time.Millisecond) {
		c := exec.Command("xdotool", "search", "--name", "citytwin")
		c.Env = env
		out, _ := c.Output()
		if f := strings.Fields(string(out)); len(f) > 0 {
			wid = f[0]
		}
	}
	if wid == "" {
		t.Fatalf("no window; it said:\n%s", stderr.String())
	}
	time.Sleep(2 * time.Second) // the first frames
	geo := map[string]int{}
	for _, l := range strings.Split(xdo("getwindowgeometry", "--shell", wid), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			geo[k], _ = strconv.Atoi(v)
		}
	}
	w, h := geo["WIDTH"], geo["HEIGHT"]
	if w == 0 || h == 0 {
		t.Fatalf("window geometry %v", geo)
	}
	at := func(x, y float64) []string {
		return []string{"mousemove", "--window", wid, strconv.Itoa(int(x)), strconv.Itoa(int(y))}
	}
	click := func(x, y float64) {
		xdo(append(at(x, y), "sleep", "0.1", "click", "1")...)
		time.Sleep(300 * time.Millisecond)
	}
	// A drag across the city, then idle: the kiosk flies home.
	drag := append(at(float64(w)/2, float64(h)/2), "mousedown", "1")
	for i := 1; i <= 10; i++ {
		drag = append(drag, append([]string{"sleep", "0.03"}, at(float64(w)/2+float64(20*i), float64(h)/2)...)...)
	}
	xdo(append(drag, "mouseup", "1")...)
	waitFor(t, &stderr, "kiosk: idle, reset", 15*time.Second)
	waitFor(t, &stderr, "kiosk: tour", 20*time.Second)

	// The layout at scale 1 (Xvfb has no device scale factor).
	th := ui.NewTheme(1)
	tt, p, lh := th.Target(), th.Pad(), th.LineH()
	// An on-screen control: home (bottom right, fourth row, left).
	rows := 4.0
	cx := float64(w) - (2*tt + p) - 2*p + tt/2
	cy := float64(h) - (rows*tt + (rows-1)*p) - lh - 4*p + 3*(tt+p) + tt/2
	click(cx, cy)
	waitFor(t, &stderr, "id=ctl.home", 5*time.Second)

	// A vote: open the panel, a scenario (the last of 1+3), a reason.
	by := float64(h) - lh - 4*p - tt
	click(3*p, by+tt/2)
	panel := func(n int) float64 { return by - p - (lh + 2*p + float64(n)*(tt+p)) }
	row := func(top float64, i int) float64 { return top + p + lh + p + float64(i)*(tt+p) + tt/2 }
	click(4*p, row(panel(4), 3))
	click(4*p, row(panel(2), 0))
	waitFor(t, &stderr, "msg=vote", 5*time.Second)
	f, err := os.Open(votesPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vs, bad, err := votes.Read(f)
	if err != nil || bad != 0 || len(vs) != 1 || vs[0].Scenario != "larvotto-park" || vs[0].Reason != "More green" {
		t.Errorf("votes %+v bad %d err %v", vs, bad, err)
	}
}

package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citytwin/internal/mosquittotest"
)

// screen is one window process on an Xvfb display of its own.
type screen struct {
	t    *testing.T
	env  []string
	win  string
	dir  string
	name string
	logs bytes.Buffer
}

// startScreen starts Xvfb on display and bin with args on it, and waits
// for its window.
func startScreen(t *testing.T, bin, dir, name string, display int, args ...string) *screen {
	t.Helper()
	d := fmt.Sprintf(":%d", display)
	xvfb := exec.Command("Xvfb", d, "-screen", "0", "1024x768x24", "-nolisten", "tcp")
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { xvfb.Process.Kill(); xvfb.Wait() })
	s := &screen{t: t, env: append(os.Environ(), "DISPLAY="+d), dir: dir, name: name}
	time.Sleep(time.Second)
	view := exec.Command(bin, args...)
	view.Env = s.env
	view.Stdout, view.Stderr = &s.logs, &s.logs
	if err := view.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { view.Process.Kill(); view.Wait() })
	for i := 0; i < 60 && s.win == ""; i++ {
		time.Sleep(500 * time.Millisecond)
		cmd := exec.Command("xdotool", "search", "--name", "citytwin")
		cmd.Env = s.env
		out, _ := cmd.Output()
		s.win, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
	}
	if s.win == "" {
		t.Fatalf("%s: no window after 30 s; log:\n%s", name, s.logs.String())
	}
	return s
}

// shot captures the window.
func (s *screen) shot(label string) *image.RGBA {
	s.t.Helper()
	path := filepath.Join(s.dir, s.name+"-"+label+".png")
	cmd := exec.Command("import", "-window", s.win, path)
	cmd.Env = s.env
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("import: %v %s", err, out)
	}
	if keep := os.Getenv("CITYTWIN_E2E_SHOTS"); keep != "" {
		b, _ := os.ReadFile(path)
		os.WriteFile(filepath.Join(keep, filepath.Base(path)), b, 0o644)
	}
	f, err := os.Open(path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		s.t.Fatal(err)
	}
	rgba := image.NewRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			rgba.Set(x, y, img.At(x, y))
		}
	}
	return rgba
}

// differing returns the fraction of the pixels right of the side panel
// that differ noticeably between a and b (1 when their sizes differ).
func differing(a, b *image.RGBA) float64 {
	if a.Bounds() != b.Bounds() {
		return 1
	}
	n, all := 0, 0
	for y := 0; y < a.Bounds().Dy(); y++ {
		for x := panelRight; x < a.Bounds().Dx(); x++ {
			p, q := a.RGBAAt(x, y), b.RGBAAt(x, y)
			d := abs(int(p.R)-int(q.R)) + abs(int(p.G)-int(q.G)) + abs(int(p.B)-int(q.B))
			if d > 60 {
				n++
			}
			all++
		}
	}
	return float64(n) / float64(all)
}

// TestSyncTwoWindows runs two viewer windows, each on its own Xvfb
// display, and a real mosquitto: the follower starts at the demo's home;
// once the leader starts (another camera, the four-floors scenario), the
// follower's picture becomes the leader's (the live markers' values and
// text aside) with the scenario's pink tint.
func TestSyncTwoWindows(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two window processes")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			missingTool(t, tool+" is not installed (apt-get install xvfb xdotool imagemagick)")
		}
	}
	wsPort, _ := mosquittotest.Start(t)
	room := fmt.Sprintf("mqtt+ws://127.0.0.1:%d/?topic=citytwin/e2e", wsPort)
	dir := t.TempDir()
	bin := filepath.Join(dir, "citytwin-view")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	base := 500 + os.Getpid()%300
	follow := startScreen(t, bin, dir, "follower", base, "-size", "800x450", "-sync", room)
	var home *image.RGBA
	for i := 0; i < 30; i++ { // the demo loading, then its first exact picture
		time.Sleep(time.Second)
		if home = follow.shot("home"); !blank(home) && i >= 3 {
			break
		}
	}
	lead := startScreen(t, bin, dir, "leader", base+1, "-size", "800x450", "-sync", room, "-sync-role", "leader",
		"-camera", "7.4255,43.735,0,300,-30,900", "-scenario", "harbour-plus-4")
	var diff float64
	var fshot, lshot *image.RGBA
	for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); {
		time.Sleep(2 * time.Second)
		lshot, fshot = lead.shot("leader"), follow.shot("synced")
		if diff = differing(lshot, fshot); diff < 0.05 && pink(fshot) > 300 {
			break
		}
	}
	if diff >= 0.05 || pink(fshot) <= 300 {
		t.Fatalf("the follower's picture differs from the leader's in %.1f %% of its pixels, %d pink; logs:\n%s\n%s",
			100*diff, pink(fshot), follow.logs.String(), lead.logs.String())
	}
	if d := differing(home, fshot); d < 0.2 {
		t.Errorf("the follower's picture changed in only %.1f %% of its pixels", 100*d)
	}
	t.Logf("follower vs leader: %.2f %% of the pixels differ (markers, text); vs its start: %.0f %%", 100*diff, 100*differing(home, fshot))
}

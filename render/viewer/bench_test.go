package viewer

import (
	"image"
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// BenchmarkStillFrame measures the viewer's CPU work for a frame when
// nothing changed: composite the cached picture and draw the UI.
func BenchmarkStillFrame(b *testing.B) {
	sc := &scene.Scene{Layers: []*scene.Layer{{ID: "city", Visible: true, Meshes: gridCity(100), Attribution: "synthetic"}}}
	v, err := newViewer(sc, Options{Width: 1280, Height: 720})
	if err != nil {
		b.Fatal(err)
	}
	if err := v.init(); err != nil {
		b.Fatal(err)
	}
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen) // sorted
	v.Draw(screen) // exact, cached from now on
	b.ReportAllocs()
	for b.Loop() {
		v.Draw(screen)
	}
	if v.stats.DrawCalls != 0 {
		b.Errorf("a still frame redrew the city: %+v", v.stats)
	}
}

// Bench reports the resident set and its peak from /proc (Linux).
func TestProcStatusMB(t *testing.T) {
	rss, peak := procStatusMB("VmRSS"), procStatusMB("VmHWM")
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	if rss <= 0 || peak < rss {
		t.Errorf("VmRSS %.2f MiB, VmHWM %.2f MiB: want 0 < VmRSS <= VmHWM", rss, peak)
	}
	if v := procStatusMB("NoSuchField"); v != 0 {
		t.Errorf("a missing field read %.2f", v)
	}
}

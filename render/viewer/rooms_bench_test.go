package viewer

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/render/ui"
	"citytwin/scene/navigate"
)

// BenchmarkRoomsUI measures the CPU time of the rooms' interface per
// frame: recording the widgets (controls, language, the open vote panel)
// and drawing them with the caption, counter and toast, over a screen.
func BenchmarkRoomsUI(b *testing.B) {
	for _, size := range [][2]int{{1280, 720}, {1920, 1080}} {
		b.Run(strconv.Itoa(size[0])+"x"+strconv.Itoa(size[1]), func(b *testing.B) {
			v, _ := roomsViewer(b, size[0], size[1], true, Rooms{Lang: "el", Present: true, Votes: filepath.Join(b.TempDir(), "v.csv")})
			v.goSlide(1, false)
			v.rooms.vote.open = true
			v.showToast("Ευχαριστούμε!")
			screen := ebiten.NewImage(size[0], size[1])
			defer screen.Deallocate()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				v.in.ui = ui.Pointer{X: float64(i % size[0]), Y: float64(size[1] / 2)}
				v.tickUI()
				v.ui.Draw(screen)
				v.drawRooms(screen)
				i++
			}
		})
	}
}

// TestInputAnsweredInTheNextFrame checks that a drag handled in an Update
// is in the picture of the Draw that follows it.
func TestInputAnsweredInTheNextFrame(t *testing.T) {
	v, _ := roomsViewer(t, 640, 360, false, Rooms{})
	screen := ebiten.NewImage(640, 360)
	defer screen.Deallocate()
	v.Draw(screen)
	before := v.drawn
	now := v.navNow()
	for _, e := range v.roomsInput([]navigate.Event{
		{Kind: navigate.PointerDown, ID: 0, X: 300, Y: 200, Buttons: navigate.Left, Time: now},
		{Kind: navigate.PointerMove, ID: 0, X: 340, Y: 200, Buttons: navigate.Left, Time: now + 16*time.Millisecond},
	}) {
		v.nav.Handle(e)
	}
	v.Draw(screen)
	if v.drawn == before || v.drawn != v.nav.Camera() {
		t.Errorf("the frame after the drag shows %+v, want %+v", v.drawn, v.nav.Camera())
	}
}

// TestKioskDaySoak runs a kiosk through a day of fake time (attract
// mode, a visitor every hour with a vote) drawing every frame, and
// checks that the heap stays flat. It takes minutes: set
// CITYTWIN_SOAK=1 (CITYTWIN_SOAK_HOURS to shorten it).
func TestKioskDaySoak(t *testing.T) {
	if os.Getenv("CITYTWIN_SOAK") == "" {
		t.Skip("set CITYTWIN_SOAK=1 for the day-long soak")
	}
	hours := 24
	if h, err := strconv.Atoi(os.Getenv("CITYTWIN_SOAK_HOURS")); err == nil && h > 0 {
		hours = h
	}
	v, clk := roomsViewer(t, 640, 360, true, Rooms{Votes: filepath.Join(t.TempDir(), "v.csv")})
	v.rooms.attract.Dwell = 60 * time.Second
	screen := ebiten.NewImage(640, 360)
	defer screen.Deallocate()
	px := make([]byte, 4*640*360)
	const step = 5 * time.Second // fake time per frame
	var heaps []uint64
	var ms runtime.MemStats
	start := time.Now()
	frames := 0
	for hour := 0; hour <= hours; hour++ {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		heaps = append(heaps, ms.HeapAlloc)
		if hour == hours {
			break
		}
		// A visitor: a vote, then the kiosk idles for the rest of the hour.
		v.rooms.attract.Input(clk.t)
		v.rooms.vote = votePanel{file: v.rooms.vote.file, chosen: "larvotto-park"}
		v.saveVote("")
		for t0 := clk.t; clk.t.Sub(t0) < time.Hour; clk.step(step) {
			frame(v, screen, ui.Pointer{X: -1, Y: -1})
			// The tests run inside one Update of Ebiten's loop, which never
			// ends a frame: reading the pixels flushes the draw commands
			// as a frame's end would.
			screen.ReadPixels(px)
			v.nav.Tick(v.navNow() + 10*time.Second) // flights end at once
			frames++
		}
	}
	el := time.Since(start)
	for i, h := range heaps {
		t.Logf("hour %d: heap %.1f MiB", i, mib(h))
	}
	t.Logf("%d fake hours, %d frames in %s (%.2f ms a frame); heap MiB per hour: first %.1f, max %.1f, last %.1f; resets %d",
		hours, frames, el.Round(time.Second), float64(el.Milliseconds())/float64(frames),
		mib(heaps[1]), mib(maxOf(heaps[1:])), mib(heaps[len(heaps)-1]), v.rooms.attract.Resets())
	if last, first := heaps[len(heaps)-1], heaps[1]; float64(last) > 1.1*float64(first)+8<<20 {
		t.Errorf("heap grew from %.1f MiB to %.1f MiB", mib(first), mib(last))
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

func maxOf(xs []uint64) uint64 {
	m := uint64(0)
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

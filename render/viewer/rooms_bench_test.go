package viewer

import (
	"path/filepath"
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

package viewer

import (
	"image"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// fadeDuration is how long switching scenarios cross-fades.
const fadeDuration = 400 * time.Millisecond

// fadeState keeps the picture shown before a scenario switch, blended out
// over the new one.
type fadeState struct {
	img   *ebiten.Image
	start time.Duration
	on    bool
	op    ebiten.DrawImageOptions
}

// elapsed is the clock of input events and flights: time since the window started.
func (v *viewer) elapsed() time.Duration { return time.Since(v.in.start) }

// startFade keeps the current picture (with the swipe's left side, if
// any) so that the next frames blend it out over the new scenario.
func (v *viewer) startFade() {
	if v.pic == nil || v.frameHook != nil {
		return
	}
	f := &v.panel.fade
	b := v.pic.Bounds()
	if f.img == nil || f.img.Bounds() != b {
		if f.img != nil {
			f.img.Deallocate()
		}
		f.img = ebiten.NewImageWithOptions(image.Rect(0, 0, b.Dx(), b.Dy()), &ebiten.NewImageOptions{Unmanaged: true})
	}
	f.img.Clear()
	f.img.DrawImage(v.pic, nil)
	f.start, f.on = v.elapsed(), true
}

// drawFade blends the kept picture over the screen, fading out.
func (v *viewer) drawFade(screen *ebiten.Image) {
	f := &v.panel.fade
	if !f.on {
		return
	}
	a := 1 - float64(v.elapsed()-f.start)/float64(fadeDuration)
	if a <= 0 || f.img.Bounds() != screen.Bounds() {
		f.on = false
		return
	}
	f.op = ebiten.DrawImageOptions{}
	f.op.ColorScale.ScaleAlpha(float32(a))
	screen.DrawImage(f.img, &f.op)
}

// drawCompare draws what the scenario panel adds over the 3D picture:
// the fading previous picture, the outlines of removed features, then the
// swipe's left side and divider.
func (v *viewer) drawCompare(screen *ebiten.Image, cam scene.Camera) {
	v.drawFade(screen)
	if ch := &v.panel.changed; ch.ghostsFor != v.ev {
		ch.ghostsFor, ch.ghosts = v.ev, ghosts(v.sc, v.ev)
	}
	if segs := v.panel.changed.ghosts; len(segs) > 0 {
		pr := v.r.Projector(cam, v.w, v.h)
		drawGhosts(screen, &pr, segs, float32(v.theme.Dp(1.5)))
	}
	v.drawSwipe(screen, cam)
}

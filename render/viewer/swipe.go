package viewer

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"citytwin/render"
	"citytwin/render/ui"
	"citytwin/scene"
)

// swipeState is the swipe compare: a second renderer draws the baseline
// left of a draggable divider; the scenario shown is on the right. Both
// pictures are cached: at rest a frame only composites them.
type swipeState struct {
	on    bool
	split float64 // divider at this fraction of the width
	r     *render.Renderer
	ev    *scene.Evaluation // the left side: the baseline
	pic   *ebiten.Image
	drawn scene.Camera
	dirty bool
	exact bool
	sub   *ebiten.Image // pic left of the divider at column subX
	subX  int
}

// dividerColor is the swipe divider's colour.
var dividerColor = color.NRGBA{R: 255, G: 255, B: 255, A: 255}

// toggleSwipe turns the swipe compare on or off. Turned on with no
// scenario active, it shows the first scenario on the right.
func (v *viewer) toggleSwipe() {
	sw := &v.panel.swipe
	sw.on = !sw.on
	if !sw.on {
		if sw.r != nil {
			sw.r.Close()
			sw.r = nil
		}
		if sw.pic != nil {
			sw.pic.Deallocate()
			sw.pic, sw.sub = nil, nil
		}
		v.dirty = true
		return
	}
	if sw.split <= 0 || sw.split >= 1 {
		sw.split = 0.5
	}
	if len(v.ev.Active) == 0 && len(v.sc.Scenarios) > 0 {
		v.setScenarios([]string{v.sc.Scenarios[0].ID})
	}
	v.swipeSceneChanged()
}

// swipeSceneChanged rebuilds the left side after the scene itself changed
// (a layer shown or hidden).
func (v *viewer) swipeSceneChanged() {
	sw := &v.panel.swipe
	if !sw.on {
		return
	}
	if sw.r == nil {
		r, err := render.NewRenderer()
		if err != nil {
			v.log.Warn("swipe", "err", err)
			sw.on = false
			return
		}
		r.SetTileBudget(v.opts.TileBudget)
		sw.r = r
	}
	base, err := v.sc.Evaluate()
	if err != nil {
		return
	}
	sw.ev = base
	sw.r.SetScene(v.sc, base, v.opts.Build)
	sw.dirty = true
}

// layoutSwipe answers the S key and, while comparing, the divider: it
// follows the pointer (or one finger) dragged from near it.
func (v *viewer) layoutSwipe() {
	if inpututil.IsKeyJustPressed(ebiten.KeyS) {
		v.toggleSwipe()
	}
	sw := &v.panel.swipe
	if !sw.on {
		return
	}
	t := v.theme.Target()
	x := sw.split * float64(v.w)
	if v.ui.Grab("swipe.divider", ui.Rect{X: x - t/2, Y: 0, W: t, H: float64(v.h)}) {
		lo := (v.theme.Left + t/2) / float64(v.w)
		sw.split = min(1-t/2/float64(v.w), max(lo, v.in.ui.X/float64(v.w)))
	}
}

// drawSwipe draws the baseline left of the divider over the scenario
// picture, redrawing it only when the camera or the scene changed, and
// the divider with its grip.
func (v *viewer) drawSwipe(screen *ebiten.Image, cam scene.Camera) {
	sw := &v.panel.swipe
	if !sw.on || sw.r == nil {
		return
	}
	b := screen.Bounds()
	if sw.pic == nil || sw.pic.Bounds() != b {
		if sw.pic != nil {
			sw.pic.Deallocate()
		}
		sw.pic = ebiten.NewImageWithOptions(image.Rect(0, 0, b.Dx(), b.Dy()), &ebiten.NewImageOptions{Unmanaged: true})
		sw.dirty, sw.sub = true, nil
	}
	switch {
	case sw.dirty || cam != sw.drawn:
		mode := render.Sorted
		if sw.dirty && cam == v.drawn {
			mode = render.Exact
		}
		sw.r.Draw(sw.pic, cam, mode)
		sw.drawn, sw.dirty, sw.exact = cam, false, mode == render.Exact
	case !sw.exact && !v.nav.Dragging() && !v.nav.Flying():
		sw.r.Draw(sw.pic, cam, render.Exact)
		sw.exact = true
	}
	x := swipeX(b.Dx(), sw.split)
	if sw.sub == nil || sw.subX != x || sw.sub.Bounds().Dy() != b.Dy() {
		sw.sub, sw.subX = sw.pic.SubImage(image.Rect(0, 0, x-1, b.Dy())).(*ebiten.Image), x
	}
	screen.DrawImage(sw.sub, nil)
	drawDivider(screen, x, v.theme)
}

// swipeX is the divider's column for a picture w pixels wide: the
// divider covers columns x−1 and x.
func swipeX(w int, split float64) int {
	return min(w-1, max(1, int(split*float64(w)+0.5)))
}

// drawDivider draws the 2-pixel divider at column x (x−1 and x) and, in
// the window, a grip at its middle.
func drawDivider(dst *ebiten.Image, x int, th *ui.Theme) {
	h := float64(dst.Bounds().Dy())
	ui.FillRect(dst, float64(x-1), 0, 2, h, dividerColor)
	if th == nil {
		return
	}
	g := th.Dp(28)
	ui.FillRect(dst, float64(x)-g/2, h/2-g/2, g, g, th.AccentColor)
	th.Text(dst, "< >", float64(x)-th.Measure("< >")/2, h/2-th.LineH()/2, dividerColor, false)
}

// SwipePicture composes the swipe picture: left of the divider at
// fraction split of the width from left, right of it from right, and the
// 2-pixel divider between (columns x−1 and x). Both pictures must have
// the same size; the result is new.
func SwipePicture(left, right *image.RGBA, split float64) *image.RGBA {
	b := left.Bounds()
	out := image.NewRGBA(b)
	x := swipeX(b.Dx(), split)
	for y := 0; y < b.Dy(); y++ {
		o := y * out.Stride
		copy(out.Pix[o:o+4*(x-1)], left.Pix[y*left.Stride:])
		copy(out.Pix[o+4*(x+1):o+4*b.Dx()], right.Pix[y*right.Stride+4*(x+1):])
		for c := x - 1; c <= x; c++ {
			out.Pix[o+4*c], out.Pix[o+4*c+1], out.Pix[o+4*c+2], out.Pix[o+4*c+3] = dividerColor.R, dividerColor.G, dividerColor.B, 255
		}
	}
	return out
}

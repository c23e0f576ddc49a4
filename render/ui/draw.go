package ui

import (
	"image"
	"image/color"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// Draw draws the widgets the last Update recorded onto dst, in the order
// they were recorded. The widgets are drawn into an image kept by c and
// only when they changed since the last Draw (a label's text, a
// highlight, the focus, a rectangle): at rest a frame costs one DrawImage
// and allocates nothing.
func (c *Context) Draw(dst *ebiten.Image) {
	if len(c.els) == 0 {
		return
	}
	b := dst.Bounds()
	if c.cache == nil || c.cache.Bounds().Dx() != b.Dx() || c.cache.Bounds().Dy() != b.Dy() {
		if c.cache != nil {
			c.cache.Deallocate()
		}
		c.cache = ebiten.NewImageWithOptions(image.Rect(0, 0, b.Dx(), b.Dy()), &ebiten.NewImageOptions{Unmanaged: true})
		c.drawn = c.drawn[:0]
		c.fresh = false
	}
	t := c.Theme
	look := themeLook{t.Scale, t.TextColor, t.TitleColor, t.BackColor, t.AccentColor, t.MutedColor}
	if !c.fresh || look != c.look || !slices.Equal(c.els, c.drawn) {
		c.cache.Clear()
		c.drawWidgets(c.cache)
		c.drawn = append(c.drawn[:0], c.els...)
		c.fresh, c.look = true, look
	}
	c.op.GeoM.Reset()
	c.op.GeoM.Translate(float64(b.Min.X), float64(b.Min.Y))
	dst.DrawImage(c.cache, &c.op)
}

// themeLook is what of a Theme the cached widgets depend on.
type themeLook struct {
	scale                            float64
	text, title, back, accent, muted color.NRGBA
}

// drawWidgets draws the recorded widgets onto dst.
func (c *Context) drawWidgets(dst *ebiten.Image) {
	t := c.Theme
	for i := range c.els {
		e := &c.els[i]
		switch e.kind {
		case kindPanel:
			FillRect(dst, e.r.X, e.r.Y, e.r.W, e.r.H, t.BackColor)
		case kindLabel:
			col := t.TextColor
			switch e.style {
			case Title:
				col = t.TitleColor
			case Muted:
				col = t.MutedColor
			}
			t.Text(dst, t.Ellipsize(e.text, e.r.W), e.r.X, e.r.Y+(e.r.H-t.LineH())/2, col, false)
		case kindRule:
			FillRect(dst, e.r.X, e.r.Y+e.r.H/2, e.r.W, max(1, t.Dp(1)), t.MutedColor)
		case kindSwatch:
			c.drawSwatch(dst, e)
		case kindButton:
			c.drawButton(dst, e)
		case kindToggle:
			c.drawToggle(dst, e)
		case kindSlider:
			c.drawSlider(dst, e)
		}
		if e.focus {
			w := float32(max(2, t.Dp(2)))
			vector.StrokeRect(dst, float32(e.r.X)+w/2, float32(e.r.Y)+w/2, float32(e.r.W)-w, float32(e.r.H)-w, w, t.AccentColor, false)
		}
	}
}

// tint mixes c towards white by f (0–1).
func tint(c color.NRGBA, f float64) color.NRGBA {
	m := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*f) }
	return color.NRGBA{R: m(c.R), G: m(c.G), B: m(c.B), A: 255}
}

var white = color.NRGBA{R: 255, G: 255, B: 255, A: 255}

func (c *Context) drawButton(dst *ebiten.Image, e *element) {
	t := c.Theme
	fill := color.NRGBA{R: 236, G: 239, B: 243, A: 255}
	text := t.TextColor
	switch {
	case e.on:
		fill, text = t.AccentColor, white
	case e.down:
		fill = tint(t.AccentColor, 0.7)
	case e.hot:
		fill = tint(t.AccentColor, 0.85)
	}
	FillRect(dst, e.r.X, e.r.Y, e.r.W, e.r.H, fill)
	if e.style == Title && !e.on {
		w := float32(max(1, t.Dp(1.5)))
		vector.StrokeRect(dst, float32(e.r.X)+w/2, float32(e.r.Y)+w/2, float32(e.r.W)-w, float32(e.r.H)-w, w, t.AccentColor, false)
	}
	p := t.Pad()
	s := t.Ellipsize(e.text, e.r.W-2*p)
	x := e.r.X + (e.r.W-t.Measure(s))/2
	if e.style == Plain {
		x = e.r.X + p
	}
	t.Text(dst, s, x, e.r.Y+(e.r.H-t.LineH())/2, text, false)
}

func (c *Context) drawToggle(dst *ebiten.Image, e *element) {
	t := c.Theme
	if e.hot {
		FillRect(dst, e.r.X, e.r.Y, e.r.W, e.r.H, tint(t.AccentColor, 0.88))
	}
	box := t.Dp(18)
	bx, by := e.r.X+t.Pad(), e.r.Y+(e.r.H-box)/2
	w := float32(max(1, t.Dp(1.5)))
	if e.radio {
		cx, cy, rad := float32(bx+box/2), float32(by+box/2), float32(box/2)
		vector.StrokeCircle(dst, cx, cy, rad-w/2, w, t.TextColor, true)
		if e.on {
			vector.DrawFilledCircle(dst, cx, cy, rad*0.55, t.AccentColor, true)
		}
	} else {
		if e.on {
			FillRect(dst, bx, by, box, box, t.AccentColor)
			// A check mark.
			var p vector.Path
			p.MoveTo(float32(bx+box*0.22), float32(by+box*0.52))
			p.LineTo(float32(bx+box*0.42), float32(by+box*0.72))
			p.LineTo(float32(bx+box*0.78), float32(by+box*0.3))
			strokePath(dst, &p, float32(t.Dp(2.2)), white)
		} else {
			FillRect(dst, bx, by, box, box, white)
			vector.StrokeRect(dst, float32(bx)+w/2, float32(by)+w/2, float32(box)-w, float32(box)-w, w, t.TextColor, false)
		}
	}
	x := bx + box + t.Pad()
	t.Text(dst, t.Ellipsize(e.text, e.r.X+e.r.W-x-t.Pad()), x, e.r.Y+(e.r.H-t.LineH())/2, t.TextColor, false)
}

func (c *Context) drawSlider(dst *ebiten.Image, e *element) {
	t := c.Theme
	k := t.Dp(10)
	x0, x1, y := e.r.X+k, e.r.X+e.r.W-k, e.r.Y+e.r.H/2
	h := t.Dp(4)
	FillRect(dst, x0, y-h/2, x1-x0, h, color.NRGBA{R: 200, G: 205, B: 212, A: 255})
	kx := x0 + e.v*(x1-x0)
	FillRect(dst, x0, y-h/2, kx-x0, h, t.AccentColor)
	r := float32(k)
	if e.down {
		r *= 1.15
	}
	vector.DrawFilledCircle(dst, float32(kx), float32(y), r, t.AccentColor, true)
	vector.DrawFilledCircle(dst, float32(kx), float32(y), r*0.45, white, true)
}

func (c *Context) drawSwatch(dst *ebiten.Image, e *element) {
	if e.square {
		FillRect(dst, e.r.X, e.r.Y, e.r.W, e.r.H, e.col)
		vector.StrokeRect(dst, float32(e.r.X)+0.5, float32(e.r.Y)+0.5, float32(e.r.W)-1, float32(e.r.H)-1, 1, color.NRGBA{R: 26, G: 26, B: 30, A: 255}, false)
		return
	}
	r := min(e.r.W, e.r.H) / 2
	vector.DrawFilledCircle(dst, float32(e.r.X+e.r.W/2), float32(e.r.Y+e.r.H/2), float32(r), color.NRGBA{R: 26, G: 26, B: 30, A: 255}, true)
	vector.DrawFilledCircle(dst, float32(e.r.X+e.r.W/2), float32(e.r.Y+e.r.H/2), float32(r-1.2), e.col, true)
}

// strokePath strokes p with width w in colour col.
func strokePath(dst *ebiten.Image, p *vector.Path, w float32, col color.NRGBA) {
	vs, is := p.AppendVerticesAndIndicesForStroke(nil, nil, &vector.StrokeOptions{Width: w, LineJoin: vector.LineJoinRound, LineCap: vector.LineCapRound})
	r, g, b, a := float32(col.R)/255, float32(col.G)/255, float32(col.B)/255, float32(col.A)/255
	for i := range vs {
		vs[i].SrcX, vs[i].SrcY = 1, 1
		vs[i].ColorR, vs[i].ColorG, vs[i].ColorB, vs[i].ColorA = r, g, b, a
	}
	dst.DrawTriangles(vs, is, WhitePixel(), &ebiten.DrawTrianglesOptions{AntiAlias: true})
}

package overlay

import (
	"fmt"
	"image"
	"image/color"
	"strconv"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/hajimehoshi/ebiten/v2/vector"

	"citytwin/live"
	"citytwin/render/ui"
	"citytwin/scene"
)

// sourceLine is one source's line in the status panel.
type sourceLine struct {
	text string
	col  color.NRGBA
}

// legendBox is the legend's place on screen, for taps.
type legendBox struct {
	rect image.Rectangle
}

// State colours of the source dots.
var (
	stateLive   = color.NRGBA{R: 46, G: 160, B: 67, A: 255}
	stateWait   = color.NRGBA{R: 230, G: 160, B: 0, A: 255}
	stateBroken = color.NRGBA{R: 210, G: 50, B: 40, A: 255}
)

// updateStatuses refreshes the source lines every statusEvery.
func (o *Overlay) updateStatuses(now time.Time) {
	if o.opts.Statuses == nil || now.Sub(o.statusAt) < statusEvery {
		return
	}
	o.statusAt = now
	o.statuses = o.opts.Statuses(o.statuses[:0])
	o.srcLines = o.srcLines[:0]
	down := len(o.down)
	o.down = o.down[:0]
	for _, st := range o.statuses {
		if st.State != live.StateLive && st.State != live.StateConnecting {
			o.down = append(o.down, st.ID)
		}
		col := stateWait
		switch st.State {
		case live.StateLive:
			col = stateLive
		case live.StateFailed, live.StateReconnecting:
			col = stateBroken
		}
		s := st.ID + ": " + st.Label(now) + " · " + strconv.FormatUint(st.Messages, 10) + " messages"
		if st.Rejected > 0 {
			s += " · " + strconv.FormatUint(st.Rejected, 10) + " rejected"
			if n := len(st.Rejections); n > 0 {
				s += " (last: " + clip(st.Rejections[n-1].Reason, 60) + ")"
			}
		}
		if st.History != "" {
			s += " · " + clip(st.History, 70)
		}
		o.srcLines = append(o.srcLines, sourceLine{text: clip(s, 140), col: col})
	}
	if down != len(o.down) {
		o.nextChange = now // staleness may have changed: rebuild the markers
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// drawSources draws the source lines bottom left, above the status line.
func (o *Overlay) drawSources(dst *ebiten.Image) {
	h := float64(dst.Bounds().Dy())
	for i, l := range o.srcLines {
		y := h - o.th.LineH() - o.th.Pad() - float64(len(o.srcLines)-i)*(o.th.LineH()+3)
		x := o.th.Left
		o.th.Text(dst, l.text, x+o.th.Pad()+14, y, o.th.TextColor, true)
		ui.FillRect(dst, x+o.th.Pad()/2, y-1, 14, o.th.LineH()+2, o.th.BackColor)
		o.discs.Add(x+o.th.Pad()+5, y+o.th.LineH()/2, 5, l.col, 1)
	}
}

// drawLegend draws the selected quantity's bands top right.
func (o *Overlay) drawLegend(dst *ebiten.Image) {
	o.legend.rect = image.Rectangle{}
	if o.sel < 0 || o.sel >= len(o.q.list) {
		return
	}
	q := o.q.list[o.sel]
	title := q.label
	if q.unit != "" {
		title += " (" + q.unit + ")"
	}
	rows := len(q.bands)
	if q.category {
		rows = len(q.values)
	}
	if rows == 0 {
		rows = 1
	}
	foot := "Q or tap: next quantity"
	w, fw := o.th.Measure(title), o.th.Measure(foot)
	w = max(w, fw, 150)
	ph := float64(rows+4)*o.th.LineH() + 2*o.th.Pad()
	pw := w + 2*o.th.Pad()
	x0 := float64(dst.Bounds().Dx()) - pw - o.th.Pad()
	y0 := o.th.Pad()
	ui.FillRect(dst, x0, y0, pw, ph, o.th.BackColor)
	o.legend.rect = image.Rect(int(x0), int(y0), int(x0+pw), int(y0+ph))
	x, y := x0+o.th.Pad(), y0+o.th.Pad()
	o.th.Text(dst, title, x, y, o.th.TitleColor, false)
	y += o.th.LineH()
	swatch := func(c color.NRGBA, a uint8, label string) {
		o.discs.Add(x+7, y+o.th.LineH()/2, 6, c, float32(a)/255)
		o.th.Text(dst, label, x+20, y, o.th.TextColor, false)
		y += o.th.LineH()
	}
	switch {
	case q.category:
		for _, v := range q.values {
			swatch(q.categoryColor(v), 255, v)
		}
	case len(q.bands) == 0:
		swatch(unbandedColor, 255, "no bands: see labels")
	default:
		for i := len(q.bands) - 1; i >= 0; i-- {
			b := q.bands[i]
			swatch(b.col, 255, "≥ "+formatValue(b.min)+"  "+b.label)
		}
	}
	swatch(noDataColor, 255, "no "+q.label)
	swatch(color.NRGBA{R: 170, G: 170, B: 170}, 120, "faded: stale / behind")
	o.th.Text(dst, foot, x, y, o.th.TextColor, false)
}

// formatValue writes a value with a precision fit for a label.
func formatValue(v float64) string {
	return string(appendValue(nil, v))
}

func appendValue(dst []byte, v float64) []byte {
	a := absf(v)
	switch {
	case a >= 100 || a == float64(int64(a)):
		return strconv.AppendFloat(dst, v, 'f', 0, 64)
	case a >= 10:
		return strconv.AppendFloat(dst, v, 'f', 1, 64)
	case a >= 1:
		return strconv.AppendFloat(dst, v, 'f', 2, 64)
	}
	return strconv.AppendFloat(dst, v, 'g', 2, 64)
}

// drawLabels writes the values of near markers beside them, skipping
// labels that would overlap one already drawn and those of markers a
// building hides (when o.occluded can tell).
// A stale marker's label adds when it was last heard.
func (o *Overlay) drawLabels(dst *ebiten.Image, pr *scene.Projector, cam scene.Camera, now time.Time) {
	if o.occluded != nil && (cam != o.occlCam || len(o.occl) != len(o.cache)) {
		o.occlCam = cam
		o.occl = append(o.occl[:0], make([]int8, len(o.cache))...)
	}
	b := dst.Bounds()
	const cell = 16
	gw, gh := b.Dx()/cell+1, b.Dy()/cell+1
	words := (gw*gh + 63) / 64
	if cap(o.occupied) < words {
		o.occupied = make([]uint64, words)
	}
	o.occupied = o.occupied[:words]
	clear(o.occupied)
	n := 0
	for i := len(o.marks) - 1; i >= 0 && n < maxLabels; i-- {
		m := &o.marks[i]
		c := &o.cache[m.idx]
		if !c.has || m.cl >= 0 || m.z > labelRange || o.sel < 0 || o.q.list[o.sel].category {
			continue
		}
		mins := -1
		if o.isStale(c.s, now) {
			mins = int(now.Sub(c.s.Received) / time.Minute)
		}
		if c.label == "" || c.labelMins != mins {
			c.labelMins = mins
			o.labelBuf = appendValue(o.labelBuf[:0], c.value)
			if mins >= 0 {
				o.labelBuf = append(o.labelBuf, " · last seen "...)
				o.labelBuf = append(o.labelBuf, agoText(now.Sub(c.s.Received))...)
			}
			c.label = string(o.labelBuf)
			c.labelW = o.th.Measure(c.label)
		}
		x, y := float64(m.x+m.r+3), float64(m.y)-o.th.LineH()/2
		gx0, gx1 := int(x)/cell, int(x+c.labelW)/cell
		gy := int(y+o.th.LineH()/2) / cell
		if gx0 < 0 || gy < 0 || gx1 >= gw || gy >= gh {
			continue
		}
		free := true
		for gx := gx0; gx <= gx1; gx++ {
			k := gy*gw + gx
			if o.occupied[k/64]&(1<<(k%64)) != 0 {
				free = false
			}
		}
		if !free {
			continue
		}
		if o.occluded != nil {
			if o.occl[m.idx] == 0 {
				o.occl[m.idx] = 1
				if o.occluded(pr.Eye, c.pos) {
					o.occl[m.idx] = 2
				}
			}
			if o.occl[m.idx] == 2 {
				continue
			}
		}
		for gx := gx0; gx <= gx1; gx++ {
			k := gy*gw + gx
			o.occupied[k/64] |= 1 << (k % 64)
		}
		o.th.Text(dst, c.label, x, y, o.th.TextColor, true)
		n++
	}
}

// sensorCard is the panel of the picked sensor.
type sensorCard struct {
	s       *live.Sensor // what lines were made from
	at      time.Time    // when ("… ago" texts age)
	lines   []string
	q       string // the quantity of the sparkline
	unit    string
	hist    []live.Sample
	path    vector.Path
	vs      []ebiten.Vertex
	is      []uint16
	histFor *live.Sensor
}

// sparkW and sparkH are the sparkline's size in pixels.
const sparkW, sparkH = 220.0, 44.0

// updateCard rebuilds the card of the picked sensor when it changed.
func (o *Overlay) updateCard(now time.Time) {
	if o.picked < 0 || o.view == nil || o.picked >= len(o.view.Sensors) {
		o.card.s = nil
		return
	}
	s := o.view.Sensors[o.picked]
	cd := &o.card
	if cd.s == s && now.Sub(cd.at) < time.Second {
		return
	}
	cd.s, cd.at = s, now
	title := s.Name
	if title == "" {
		title = s.ID
	}
	cd.lines = append(cd.lines[:0], title)
	sub := s.ID
	if s.Type != "" {
		sub += " · " + s.Type
	}
	cd.lines = append(cd.lines, sub)
	cd.q = ""
	for _, v := range s.Values {
		q := o.q.list[o.q.numeric(v.Quantity)]
		unit := v.Unit
		if unit == "" {
			unit = q.unit
		}
		l := q.label + ": " + formatValue(v.Value)
		if unit != "" {
			l += " " + unit
		}
		if _, band := q.colorOf(v.Value); band != "" {
			l += " · " + band
		}
		cd.lines = append(cd.lines, l)
		if cd.q == "" || o.q.numeric(v.Quantity) == o.sel {
			cd.q, cd.unit = v.Quantity, unit
		}
	}
	for _, c := range s.Categories {
		cd.lines = append(cd.lines, c.Quantity+": "+c.Value)
	}
	cd.lines = append(cd.lines, "observed "+s.Updated.UTC().Format("2006-01-02 15:04:05")+" UTC")
	ago := now.Sub(s.Received)
	seen := "last seen " + agoText(ago)
	if o.isStale(s, now) {
		seen = "STALE · " + seen
	}
	cd.lines = append(cd.lines, seen, "source: "+s.Source)
	if cd.q != "" && cd.histFor != s {
		cd.histFor = s
		cd.hist = o.opts.Sensors.History(s.ID, cd.q, cd.hist[:0])
	}
	if cd.q == "" {
		cd.hist = cd.hist[:0]
	}
}

// agoText says how long ago d was, for people.
func agoText(d time.Duration) string {
	switch {
	case d < 0:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%.1f h ago", d.Hours())
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// spanText says how long a span is ("40 s", "12 min", "3.5 h").
func spanText(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	}
	return fmt.Sprintf("%.1f h", d.Hours())
}

// drawCard draws the picked sensor's card top left with its sparkline.
func (o *Overlay) drawCard(dst *ebiten.Image) {
	cd := &o.card
	if cd.s == nil {
		return
	}
	spark := len(cd.hist) > 1
	extra := 0.0
	if spark {
		extra = sparkH + o.th.LineH() + o.th.Pad()
	}
	o.th.Panel(dst, cd.lines, sparkW, extra)
	if !spark {
		return
	}
	x0 := o.th.Left + 2*o.th.Pad()
	y0 := o.th.Top + 2*o.th.Pad() + float64(len(cd.lines))*o.th.LineH() + o.th.Pad()
	lo, hi := cd.hist[0].Value, cd.hist[0].Value
	for _, s := range cd.hist {
		lo, hi = min(lo, s.Value), max(hi, s.Value)
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	t0, t1 := cd.hist[0].Time, cd.hist[len(cd.hist)-1].Time
	span := float64(t1.Sub(t0))
	cd.path = vector.Path{}
	for i, s := range cd.hist {
		fx := float64(i) / float64(len(cd.hist)-1)
		if span > 0 {
			fx = float64(s.Time.Sub(t0)) / span
		}
		x := x0 + fx*sparkW
		y := y0 + sparkH - (s.Value-lo)/(hi-lo)*sparkH
		if i == 0 {
			cd.path.MoveTo(float32(x), float32(y))
		} else {
			cd.path.LineTo(float32(x), float32(y))
		}
	}
	ui.FillRect(dst, x0, y0, sparkW, sparkH, color.NRGBA{R: 235, G: 238, B: 242, A: 255})
	cd.vs, cd.is = cd.path.AppendVerticesAndIndicesForStroke(cd.vs[:0], cd.is[:0], &vector.StrokeOptions{Width: 2, LineJoin: vector.LineJoinRound})
	for i := range cd.vs {
		cd.vs[i].SrcX, cd.vs[i].SrcY = 1, 1
		cd.vs[i].ColorR, cd.vs[i].ColorG, cd.vs[i].ColorB, cd.vs[i].ColorA = 0, 0.27, 0.55, 1
	}
	// No AntiAlias: drawing onto the screen with it costs ~10 ms a call
	// under llvmpipe.
	dst.DrawTriangles(cd.vs, cd.is, ui.WhitePixel(), &ebiten.DrawTrianglesOptions{})
	unit := cd.unit
	if unit != "" {
		unit = " " + unit
	}
	q := o.q.list[o.q.numeric(cd.q)]
	caption := fmt.Sprintf("%s %s–%s%s over %s", q.label, formatValue(lo), formatValue(hi), unit, spanText(t1.Sub(t0)))
	o.th.Text(dst, caption, x0, y0+sparkH+2, o.th.TextColor, false)
}

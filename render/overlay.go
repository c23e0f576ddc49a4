package render

import (
	"bytes"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/gofont/goregular"

	"citytwin/scene"
)

// uiFace returns the UI font (Go Regular, 13 px), loaded once.
var uiFace = sync.OnceValue(func() *text.GoTextFace {
	src, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		panic("render: the embedded Go font does not load: " + err.Error())
	}
	return &text.GoTextFace{Source: src, Size: 13}
})

// Overlay is what the UI shows over the 3D picture.
type Overlay struct {
	Attribution string   // credit line, bottom right
	Status      string   // status line, bottom left
	Panel       []string // properties panel lines, top left (first is the title)
}

var (
	uiText    = color.NRGBA{R: 20, G: 24, B: 28, A: 255}
	uiBack    = color.NRGBA{R: 255, G: 255, B: 255, A: 210}
	uiTitle   = color.NRGBA{R: 0, G: 70, B: 140, A: 255}
	lineH     = 17.0
	uiPadding = 6.0
)

// drawText draws s at (x, y) (top-left of the line) on a translucent plate.
func drawText(dst *ebiten.Image, s string, x, y float64, c color.Color, plate bool) {
	f := uiFace()
	if plate {
		w, _ := text.Measure(s, f, lineH)
		vector.DrawFilledRect(dst, float32(x-uiPadding/2), float32(y-1), float32(w+uiPadding), float32(lineH+2), uiBack, false)
	}
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(c)
	text.Draw(dst, s, f, op)
}

// DrawOverlay draws o over dst: the attribution bottom right, the status
// line bottom left and the properties panel top left.
func DrawOverlay(dst *ebiten.Image, o *Overlay) {
	b := dst.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	f := uiFace()
	if o.Attribution != "" {
		tw, _ := text.Measure(o.Attribution, f, lineH)
		drawText(dst, o.Attribution, w-tw-uiPadding, h-lineH-uiPadding, uiText, true)
	}
	if o.Status != "" {
		drawText(dst, o.Status, uiPadding, h-lineH-uiPadding, uiText, true)
	}
	if len(o.Panel) > 0 {
		drawPanel(dst, o.Panel, 0, 0)
	}
}

// drawPanel draws lines in a panel at the top left, the first as its
// title: at least minW pixels wide, with extraH pixels of room below the
// lines for whatever the caller draws there.
func drawPanel(dst *ebiten.Image, lines []string, minW, extraH float64) {
	f := uiFace()
	pw := minW
	for _, l := range lines {
		tw, _ := text.Measure(l, f, lineH)
		pw = max(pw, tw)
	}
	ph := float64(len(lines))*lineH + 2*uiPadding + extraH
	vector.DrawFilledRect(dst, float32(uiPadding), float32(uiPadding), float32(pw+2*uiPadding), float32(ph), uiBack, false)
	for i, l := range lines {
		c := uiText
		if i == 0 {
			c = uiTitle
		}
		drawText(dst, l, 2*uiPadding, 2*uiPadding+float64(i)*lineH, c, false)
	}
}

// Attribution joins the distinct credit lines of the visible layers.
func Attribution(layers []*scene.Layer) string {
	var parts []string
	for _, l := range layers {
		if l.Visible && l.Attribution != "" && !slices.Contains(parts, l.Attribution) {
			parts = append(parts, l.Attribution)
		}
	}
	return strings.Join(parts, " · ")
}

// StatusLine is the status line for ev: the scenario shown (when one is,
// or always when baseline is set) and, when loading left warnings, how
// many with the first one, so a skipped feature is never silent.
func StatusLine(sc *scene.Scene, ev *scene.Evaluation, baseline bool) string {
	var parts []string
	switch {
	case ev != nil && len(ev.Active) > 0:
		names := make([]string, 0, len(ev.Active))
		for _, id := range ev.Active {
			name := id
			for _, s := range sc.Scenarios {
				if s.ID == id && s.Title != "" {
					name = s.Title
				}
			}
			names = append(names, name)
		}
		parts = append(parts, "Scenario: "+strings.Join(names, " + "))
	case baseline:
		parts = append(parts, "Today (no scenario)")
	}
	if n := WarningCount(sc); n > 0 {
		first := ""
		if len(sc.Warnings) > 0 {
			first = sc.Warnings[0]
		} else {
			for _, l := range sc.Layers {
				if len(l.Warnings) > 0 {
					first = l.ID + ": " + l.Warnings[0]
					break
				}
			}
		}
		w := fmt.Sprintf("1 warning: %s", first)
		if n > 1 {
			w = fmt.Sprintf("%d warnings, first: %s (citytwin report lists all)", n, first)
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, " · ")
}

// WarningCount counts the scene's and its layers' warnings.
func WarningCount(sc *scene.Scene) int {
	n := len(sc.Warnings)
	for _, l := range sc.Layers {
		n += len(l.Warnings)
	}
	return n
}

// maxPanelLines caps the properties panel.
const maxPanelLines = 16

// PropertiesPanel returns the panel lines for feature i of layer l as ev
// shows it: a title, then "key: value" sorted by key.
func PropertiesPanel(l *scene.Layer, ev *scene.Evaluation, i int) []string {
	if l == nil || i < 0 || i >= len(l.Features) {
		return nil
	}
	f := &l.Features[i]
	title := l.Title
	if title == "" {
		title = l.ID
	}
	id := f.ID
	if id == "" {
		id = fmt.Sprintf("#%d", f.Index)
	}
	lines := []string{title + " · " + id}
	props := f.Properties
	if ev != nil {
		props = ev.Properties(l, i)
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if len(lines) >= maxPanelLines {
			lines = append(lines, fmt.Sprintf("… %d more", len(keys)-(len(lines)-1)))
			break
		}
		v := fmt.Sprint(props[k])
		if len(v) > 60 {
			v = v[:57] + "…"
		}
		lines = append(lines, k+": "+v)
	}
	return lines
}

package viewer

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"citytwin/render/ui"
	"citytwin/scene"
)

// figureRows are the key figures the panel shows, formatted once per
// scenario switch.
type figureRows struct {
	ev   *scene.Evaluation // the evaluation rows were made for
	base []scene.KeyFigure // the baseline's, computed once
	rows []figureRow
	open string // id of the figure whose formula is shown
	w    float64
}

type figureRow struct {
	id      string // widget id
	label   string // "Green area (m²)"
	values  string // "126,517 → 128,232 (+1,714.5, +1.4 %)"
	details []string
	changed bool
}

// updateFigures computes the key figures of the baseline and of the
// active scenarios when the evaluation changed.
func (v *viewer) updateFigures(width float64) {
	fr := &v.panel.figs
	if fr.ev == v.ev && fr.w == width {
		return
	}
	fr.ev, fr.w = v.ev, width
	if fr.base == nil {
		fr.base = scene.KeyFigures(v.sc, nil)
	}
	base := fr.base
	cur := base
	active := len(v.ev.Active) > 0
	if active {
		cur = scene.KeyFigures(v.sc, v.ev)
	}
	fr.rows = fr.rows[:0]
	for i, b := range base {
		k := b
		if i < len(cur) && cur[i].ID == b.ID {
			k = cur[i]
		}
		sub := strings.Contains(b.ID, ".")
		changed := active && (k.Value != b.Value || k.Known() != b.Known())
		if sub && !changed {
			continue // per-highway lengths only when they move
		}
		label := v.tr(b.Label)
		if b.Unit != "" {
			label += " (" + b.Unit + ")"
		}
		row := figureRow{id: "figure." + b.ID, label: label, changed: changed}
		switch {
		case !k.Known():
			row.values = v.tr("unknown")
		case !active:
			row.values = figureNumber(k.Value)
		default:
			row.values = v.figureValue(b) + " → " + v.figureValue(k)
			if b.Known() {
				row.values += "  " + figureDelta(k.Value-b.Value, b.Value)
			}
		}
		th := v.theme
		dw := width - th.Dp(12)
		row.details = th.Wrap(v.tr("Formula")+": "+k.Formula, dw, nil)
		if k.Inputs != "" {
			row.details = th.Wrap(v.tr("Inputs")+": "+k.Inputs, dw, row.details)
		}
		if !k.Known() {
			row.details = th.Wrap(v.tr("Unknown")+": "+k.Reason, dw, row.details)
		} else if !b.Known() && active {
			row.details = th.Wrap(v.tr("Unknown in the baseline")+": "+b.Reason, dw, row.details)
		}
		fr.rows = append(fr.rows, row)
	}
	// The figures that move come first, so the change is seen at once.
	slices.SortStableFunc(fr.rows, func(a, b figureRow) int {
		switch {
		case a.changed == b.changed:
			return 0
		case a.changed:
			return -1
		}
		return 1
	})
}

// layoutFigures records the key figures: label, then baseline → scenario
// values with the difference; a tap shows the formula and inputs.
func (v *viewer) layoutFigures(l *panelLayout) {
	th := v.theme
	v.updateFigures(l.body.W)
	fr := &v.panel.figs
	if len(fr.rows) == 0 {
		return
	}
	if len(v.ev.Active) > 0 {
		l.heading(v.tr("Key figures: baseline → scenario"))
	} else {
		l.heading(v.tr("Key figures"))
	}
	for i := range fr.rows {
		row := &fr.rows[i]
		if r, ok := l.focusRow(row.id, th.Target()); ok {
			if v.ui.Button(row.id, r, row.label, fr.open == row.id, ui.Plain) {
				if fr.open == row.id {
					fr.open = ""
				} else {
					fr.open = row.id
				}
			}
		}
		if r, ok := l.row(th.LineH()); ok {
			r.X += th.Dp(12)
			r.W -= th.Dp(12)
			st := ui.Plain
			if row.changed {
				st = ui.Title // the figures that move stand out
			}
			v.ui.Label(r, row.values, st)
		}
		if fr.open == row.id {
			for _, d := range row.details {
				if r, ok := l.row(th.LineH()); ok {
					r.X += th.Dp(12)
					r.W -= th.Dp(12)
					v.ui.Label(r, d, ui.Muted)
				}
			}
		}
	}
}

func (v *viewer) figureValue(k scene.KeyFigure) string {
	if !k.Known() {
		return v.tr("unknown")
	}
	return figureNumber(k.Value)
}

// figureNumber prints v with thousands separators and at most one
// decimal.
func figureNumber(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	whole := math.Floor(v)
	s := fmt.Sprintf("%.0f", whole)
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if d := math.Round((v - whole) * 10); d > 0 && d < 10 {
		fmt.Fprintf(&b, ".%d", int(d))
	}
	return b.String()
}

// figureDelta prints a difference with its sign and, for a non-zero base,
// its percentage.
func figureDelta(d, base float64) string {
	if d == 0 {
		return "(no change)"
	}
	s := "+" + figureNumber(d)
	if d < 0 {
		s = figureNumber(d)
	}
	if base != 0 {
		p := 100 * d / base
		s += fmt.Sprintf(", %+.1f %%", p)
	}
	return "(" + strings.Replace(s, "-", "−", 1) + ")"
}

package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"citytwin/scene"
)

// writeMarkdown prints rep as tables ready for a council paper: the key
// figures with one column per scenario, the formulas, then the layers.
func writeMarkdown(w io.Writer, rep *report) {
	fmt.Fprintf(w, "# %s\n\n", mdEscape(rep.Scene))
	fmt.Fprintf(w, "Origin: %.6f° E, %.6f° N, %.1f m.\n\n", rep.Origin.Lon, rep.Origin.Lat, rep.Origin.Alt)
	if len(rep.Scenarios) > 0 {
		fmt.Fprintln(w, "## Key figures")
		fmt.Fprintln(w)
		fmt.Fprint(w, "| Key figure | Unit |")
		for j, s := range rep.Scenarios {
			fmt.Fprintf(w, " %s |", mdEscape(s.Title))
			if j > 0 {
				fmt.Fprintf(w, " Δ %s |", mdEscape(s.Title))
			}
		}
		fmt.Fprint(w, "\n|---|---|")
		for j := range rep.Scenarios {
			fmt.Fprint(w, "---:|")
			if j > 0 {
				fmt.Fprint(w, "---:|")
			}
		}
		fmt.Fprintln(w)
		base := rep.Scenarios[0]
		for i, k := range base.KPIs {
			fmt.Fprintf(w, "| %s | %s |", mdEscape(k.Label), mdEscape(k.Unit))
			for j, s := range rep.Scenarios {
				if i >= len(s.KPIs) || s.KPIs[i].ID != k.ID {
					fmt.Fprint(w, " – |")
					if j > 0 {
						fmt.Fprint(w, " – |")
					}
					continue
				}
				fmt.Fprintf(w, " %s |", mdValue(s.KPIs[i]))
				if j > 0 {
					fmt.Fprintf(w, " %s |", mdDelta(k, s.KPIs[i]))
				}
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "How each figure is computed:")
		fmt.Fprintln(w)
		for i, k := range base.KPIs {
			// A figure unknown in the baseline shows the formula of a
			// scenario that computed it.
			for _, s := range rep.Scenarios[1:] {
				if !k.Known() && i < len(s.KPIs) && s.KPIs[i].ID == k.ID && s.KPIs[i].Known() {
					k = s.KPIs[i]
				}
			}
			fmt.Fprintf(w, "- **%s** (`%s`): %s", mdEscape(k.Label), k.ID, mdEscape(k.Formula))
			if !k.Known() {
				fmt.Fprintf(w, ". Unknown: %s", mdEscape(k.Reason))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
		writeUnknown(w, rep)
		fmt.Fprintln(w, "Scenarios:")
		fmt.Fprintln(w)
		for _, s := range rep.Scenarios {
			fmt.Fprintf(w, "- **%s** (`%s`)", mdEscape(s.Title), s.ID)
			if s.Description != "" {
				fmt.Fprintf(w, ": %s", mdEscape(s.Description))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "## Layers")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Layer | Kind | Features | Skipped | Triangles | Source |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---|")
	for _, l := range rep.Layers {
		name := l.ID
		if l.Title != "" {
			name = l.Title + " (`" + l.ID + "`)"
		}
		if l.Scenario != "" {
			name += " — added by `" + l.Scenario + "`"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d | %d | %s |\n", mdEscape(name), l.Kind, l.Features, l.Skipped, l.Triangles, mdEscape(l.Attribution))
	}
	var warnings []string
	warnings = append(warnings, rep.Warnings...)
	for _, l := range rep.Layers {
		for _, m := range l.Warnings {
			warnings = append(warnings, l.ID+": "+m)
		}
	}
	if len(warnings) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "## Warnings")
		fmt.Fprintln(w)
		const most = 50
		for i, m := range warnings {
			if i == most {
				fmt.Fprintf(w, "- … and %d more\n", len(warnings)-most)
				break
			}
			fmt.Fprintf(w, "- %s\n", mdEscape(m))
		}
	}
	if len(rep.Live.Sources) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "## Live sources")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| Source | State | Messages | Rejected |")
		fmt.Fprintln(w, "|---|---|---:|---:|")
		for _, s := range rep.Live.Sources {
			fmt.Fprintf(w, "| %s | %s | %d | %d |\n", mdEscape(s.URL), mdEscape(s.State), s.Messages, s.Rejected)
		}
		fmt.Fprintf(w, "\n%d sensors heard.\n", len(rep.Live.Sensors))
	}
}

// mdValue prints a figure's value, or "unknown".
func mdValue(k scene.KeyFigure) string {
	if !k.Known() {
		return "unknown"
	}
	return formatNumber(k.Value)
}

// mdDelta prints the difference of k from the baseline figure b: "0" when
// equal, "unknown" when either is unknown.
func mdDelta(b, k scene.KeyFigure) string {
	switch {
	case !b.Known() || !k.Known():
		return "unknown"
	case k.Value == b.Value:
		return "0"
	}
	return formatDelta(k.Value-b.Value, b.Value)
}

// formatNumber prints v with thousands separators and at most one decimal.
func formatNumber(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	whole := math.Floor(v)
	frac := v - whole
	s := fmt.Sprintf("%.0f", whole)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if d := math.Round(frac * 10); d > 0 && d < 10 {
		out += fmt.Sprintf(".%d", int(d))
	}
	if neg {
		out = "−" + out
	}
	return out
}

// formatDelta prints a change and, for a non-zero base, its percentage.
func formatDelta(d, base float64) string {
	sign := "+"
	if d < 0 {
		sign = ""
	}
	s := sign + formatNumber(d)
	if base != 0 {
		s += ", " + strings.Replace(fmt.Sprintf("%+.1f %%", 100*d/base), "-", "−", 1)
	}
	return s
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}

// writeUnknown lists the figures that could not be computed, per
// scenario, with the reason.
func writeUnknown(w io.Writer, rep *report) {
	n := 0
	for _, s := range rep.Scenarios {
		for _, k := range s.KPIs {
			if k.Known() {
				continue
			}
			if n == 0 {
				fmt.Fprintln(w, "Not computed:")
				fmt.Fprintln(w)
			}
			n++
			fmt.Fprintf(w, "- **%s** in *%s*: %s\n", mdEscape(k.Label), mdEscape(s.Title), mdEscape(k.Reason))
		}
	}
	if n > 0 {
		fmt.Fprintln(w)
	}
}

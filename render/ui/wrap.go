package ui

import "strings"

// Wrap breaks s into lines no wider than width pixels in the theme's face,
// at spaces (a word wider than width gets a line of its own) and at
// newlines, and appends them to dst.
func (t *Theme) Wrap(s string, width float64, dst []string) []string {
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			try := w
			if line != "" {
				try = line + " " + w
			}
			if line != "" && t.Measure(try) > width {
				dst = append(dst, line)
				line = w
				continue
			}
			line = try
		}
		dst = append(dst, line)
	}
	return dst
}

// Ellipsize shortens s with "…" so that it fits width pixels.
func (t *Theme) Ellipsize(s string, width float64) string {
	if t.Measure(s) <= width {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.Measure(string(r[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo]) + "…"
}

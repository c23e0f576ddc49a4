package ui

// Rect is a rectangle on screen in pixels: its top-left corner (X, Y) and
// its size W×H.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether the point (x, y) lies inside r.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && y >= r.Y && x < r.X+r.W && y < r.Y+r.H
}

// Inset returns r shrunk by d pixels on every side.
func (r Rect) Inset(d float64) Rect {
	return Rect{r.X + d, r.Y + d, max(0, r.W-2*d), max(0, r.H-2*d)}
}

// CutTop returns the top h pixels of r and what is left below them.
func (r Rect) CutTop(h float64) (top, rest Rect) {
	h = min(h, r.H)
	return Rect{r.X, r.Y, r.W, h}, Rect{r.X, r.Y + h, r.W, r.H - h}
}

// CutLeft returns the left w pixels of r and what is left beside them.
func (r Rect) CutLeft(w float64) (left, rest Rect) {
	w = min(w, r.W)
	return Rect{r.X, r.Y, w, r.H}, Rect{r.X + w, r.Y, r.W - w, r.H}
}

// Column lays out rows top to bottom inside an area, with a gap between
// them: each Next returns the next row's rectangle.
type Column struct {
	Area Rect    // where the rows go
	Gap  float64 // pixels between rows
	y    float64 // offset of the next row from Area.Y
}

// Next returns the next row, h pixels high and as wide as the area.
func (c *Column) Next(h float64) Rect {
	r := Rect{c.Area.X, c.Area.Y + c.y, c.Area.W, h}
	c.y += h + c.Gap
	return r
}

// Used returns the height the rows took so far (without the last gap).
func (c *Column) Used() float64 { return max(0, c.y-c.Gap) }

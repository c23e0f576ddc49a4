package render

// updateTiles takes the tiles loaded since the last frame into the
// renderer, asks for a redraw when some arrived, and logs the tiles that
// could not be loaded (once each, by path).
func (v *viewer) updateTiles() {
	if !v.r.UpdateTiles() {
		return
	}
	v.dirty = true
	if v.live != nil {
		v.live.replace() // markers go onto the roofs of the tiles that came
	}
	failures := v.r.TileFailures()
	for _, f := range failures[min(v.tileFailures, len(failures)):] {
		v.log.Warn("3dtiles", "tile", f)
	}
	v.tileFailures = len(failures)
}

package viewer

import "time"

// replaceEvery is how often, at most, live markers are placed again while
// the streamed tiles drawn keep changing.
const replaceEvery = 250 * time.Millisecond

// updateTiles takes the tiles loaded since the last frame into the
// renderer, asks for a redraw when some arrived, places live markers again
// on the roofs of the tiles drawn when those changed, and logs the tiles
// that could not be loaded (once each, by path).
func (v *viewer) updateTiles() {
	if v.live != nil {
		if n := v.r.TilesDrawn(); n != v.tilesDrawn && time.Since(v.tilesPlaced) >= replaceEvery {
			v.tilesDrawn, v.tilesPlaced = n, time.Now()
			v.live.Replace()
		}
	}
	if !v.r.UpdateTiles() {
		return
	}
	v.dirty = true
	failures := v.r.TileFailures()
	for _, f := range failures[min(v.tileFailures, len(failures)):] {
		v.log.Warn("3dtiles", "tile", f)
	}
	v.tileFailures = len(failures)
}

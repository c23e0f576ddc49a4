package viewer

// layoutControls records the on-screen controls: zoom, rotate, tilt and
// home for a single pointer.
func (v *viewer) layoutControls() {}

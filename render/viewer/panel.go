package viewer

// layoutPanel records the side panel: layers, scenarios, named views and
// key figures.
func (v *viewer) layoutPanel() {}

package scene

import "encoding/json"

// BaselineID is the id of the implicit scenario with no changes.
const BaselineID = "baseline"

// Scenario is an intervention: a set of changes to the baseline city.
// Scenarios with the same non-empty Group exclude each other.
type Scenario struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Group       string   `json:"group,omitempty"`
	Changes     []Change `json:"changes"`
}

// Change is one change of a scenario; exactly one of its fields is set.
type Change struct {
	Add    json.RawMessage `json:"add,omitempty"` // a scene-file layer, loaded by loaders/scenefile
	Hide   *Selection      `json:"hide,omitempty"`
	Set    *SetChange      `json:"set,omitempty"`
	Adjust *AdjustChange   `json:"adjust,omitempty"`
	// Added is the layer loaded from Add (filled by the scene loader).
	Added *Layer `json:"-"`
}

// Selection picks features of one layer by id or by a filter.
type Selection struct {
	Layer string   `json:"layer"`
	IDs   []string `json:"ids,omitempty"`
	Where *Filter  `json:"where,omitempty"`
}

// Filter matches features by one property: equal to a value, in a list, or
// within [Min, Max].
type Filter struct {
	Property string   `json:"property"`
	Equals   any      `json:"equals,omitempty"`
	In       []any    `json:"in,omitempty"`
	Min      *float64 `json:"min,omitempty"`
	Max      *float64 `json:"max,omitempty"`
}

// SetChange sets properties of the selected features.
type SetChange struct {
	Selection
	Properties map[string]any `json:"properties"`
}

// AdjustChange adds numbers to numeric properties of the selected features.
type AdjustChange struct {
	Selection
	Add map[string]float64 `json:"add"`
}

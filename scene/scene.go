package scene

import "time"

// Scene is everything the viewer shows: layers placed in one local frame,
// the scenarios that change them, named views, live sources and kiosk
// settings. Loaders build it (loaders/scenefile for scene files, or one
// layer per file opened directly); the renderer and report read it.
type Scene struct {
	Name   string
	Origin Geo
	Frame  *Frame
	Layers []*Layer
	// Scenarios lists the interventions, without the implicit baseline.
	Scenarios []Scenario
	// KeyFigures are the scene's own key figures, added to the built-ins.
	KeyFigures []KeyFigureDef
	Views      []View
	Live       []LiveSource
	Kiosk      Kiosk
	// StoreyHeight is the storey height in metres for floor counts (0: 3 m).
	StoreyHeight float64
	// DwellingFloorArea is the assumed gross floor area of one dwelling
	// (m²) for the dwellings figure where buildings lack a flats count; 0:
	// no assumption, so such buildings make the figure unknown.
	DwellingFloorArea float64
	// FlatsProperty names the property counting a building's dwellings
	// ("": building:flats).
	FlatsProperty string
	// Home is the camera the viewer starts with and returns to on Home.
	Home Camera
	// TimeZone is the scene's IANA time zone (nil: UTC), in which sun
	// times and dates are read; see Location.
	TimeZone *time.Location
	// Sun is the instant the scene is shown lit by the sun (shadows on);
	// the zero Time shows no sun.
	Sun time.Time
	// Warnings are scene-level problems (a layer that failed to load, …).
	Warnings []string
}

// Layer returns the layer with the given id, or nil.
func (s *Scene) Layer(id string) *Layer {
	for _, l := range s.Layers {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// View is a named camera position with the scenarios it shows; views double
// as the slides of a presentation tour.
type View struct {
	Name      string   `json:"name"`
	Camera    Camera   `json:"-"`
	Scenarios []string `json:"scenarios,omitempty"`
	Caption   string   `json:"caption,omitempty"`
}

// LiveSource is one live feed declared by the scene.
type LiveSource struct {
	ID         string                  `json:"id"`
	URL        string                  `json:"url"`
	Format     string                  `json:"format,omitempty"` // "auto", "native" or "ngsi-ld"
	TokenEnv   string                  `json:"token_env,omitempty"`
	Quantities map[string]QuantityInfo `json:"quantities,omitempty"`
	// CAFile names a PEM file of CA certificates (relative to the scene's
	// folder) trusted for a wss://, mqtt+wss:// or mqtts:// source besides the
	// system's: a city-internal certificate authority.
	CAFile string `json:"ca_file,omitempty"`
	// CAPEM is CAFile's content, read by the scene loader.
	CAPEM []byte `json:"-"`
	// Temporal is the base URL (http:// or https://) of an NGSI-LD context
	// broker whose temporal API (/ngsi-ld/v1/temporal/entities) holds the
	// sensors' history: it is read at start, before the feed.
	Temporal string `json:"temporal,omitempty"`
	// TemporalHours is how far back the history goes, in hours; default 24.
	TemporalHours float64 `json:"temporal_hours,omitempty"`
	// TemporalTypes are the entity types asked for; default the Smart Data
	// Models citytwin reads (AirQualityObserved, NoiseLevelObserved, …).
	TemporalTypes []string `json:"temporal_types,omitempty"`
}

// QuantityInfo describes how to show one measured quantity.
type QuantityInfo struct {
	Name  string `json:"name,omitempty"`
	Unit  string `json:"unit,omitempty"`
	Bands []Band `json:"bands,omitempty"`
}

// Band is one colour band of a quantity: values from Min (inclusive) up to
// the next band's Min take Color.
type Band struct {
	Min   float64 `json:"min"`
	Color string  `json:"color"`
	Label string  `json:"label,omitempty"`
}

// Kiosk holds the exhibition-mode settings.
type Kiosk struct {
	IdleSeconds float64  `json:"idle_seconds,omitempty"`
	HomeView    string   `json:"home_view,omitempty"`
	Tour        []string `json:"tour,omitempty"`
	// PinEnv names the environment variable holding the PIN that lets an
	// operator leave kiosk mode (unset or empty: nobody can leave from
	// the window; stop the process instead).
	PinEnv string `json:"pin_env,omitempty"`
	// VoteReasons are the reasons a visitor may give with a vote.
	VoteReasons []string `json:"vote_reasons,omitempty"`
}

// KeyFigureDef is a key figure declared by the scene file.
type KeyFigureDef struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Layer string `json:"layer,omitempty"`
	// Class limits the figure to layers of this style class ("green",
	// "water"…), including layers that a scenario adds.
	Class string `json:"class,omitempty"`
	// Kind is a built-in (footprint_area, floor_area, volume,
	// building_count), area (polygon area of any visible feature), sum (of
	// Property) or count.
	Kind     string `json:"kind,omitempty"`
	Property string `json:"property,omitempty"`
	Unit     string `json:"unit,omitempty"`
}

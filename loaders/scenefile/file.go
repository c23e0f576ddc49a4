package scenefile

import "citytwin/scene"

// File is the decoded scene file, before any layer is loaded. Its JSON form
// is the scene file format; Parse fills it.
type File struct {
	// Schema is the optional "$schema" reference editors use to validate.
	Schema      string `json:"$schema,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Origin centres the scene's local frame; nil takes the centre of the
	// first layer's extent.
	Origin *Origin `json:"origin,omitempty"`
	// StoreyHeight is metres per storey for floor counts (0: 3 m).
	StoreyHeight float64 `json:"storey_height,omitempty"`
	// TimeZone is the scene's IANA time zone name ("" is UTC).
	TimeZone string `json:"timezone,omitempty"`
	// Sun is the local date-time "YYYY-MM-DDTHH:MM" (in TimeZone) the scene
	// is lit at; "" for no sun.
	Sun       string               `json:"sun,omitempty"`
	Layers    []LayerSpec          `json:"layers"`
	Live      []scene.LiveSource   `json:"live,omitempty"`
	Scenarios []scene.Scenario     `json:"scenarios,omitempty"`
	KPIs      []scene.KeyFigureDef `json:"kpis,omitempty"`
	Views     []ViewSpec           `json:"views,omitempty"`
	Kiosk     *scene.Kiosk         `json:"kiosk,omitempty"`
	// DwellingFloorArea is the assumed floor area of one dwelling (m²) for
	// the dwellings key figure (0: none, so buildings without a flats
	// count make it unknown).
	DwellingFloorArea float64 `json:"dwelling_floor_area,omitempty"`
	// FlatsProperty names the property counting a building's dwellings
	// ("": building:flats).
	FlatsProperty string `json:"flats_property,omitempty"`
}

// Origin is a WGS84 position: Lon and Lat in degrees, Alt in metres.
type Origin struct {
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
	Alt float64 `json:"alt,omitempty"`
}

// LayerSpec is one entry of the scene file's layers (and the value of a
// scenario's "add" change).
type LayerSpec struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	// Kind is "geojson", "gltf" or "3dtiles"; "" is guessed from Src.
	Kind string `json:"kind,omitempty"`
	// Src is the data file, relative to the scene file's folder, or the
	// http(s):// URL of a 3D Tiles tileset (see IsTilesetURL).
	Src string `json:"src"`
	// TokenEnv names an environment variable holding a bearer token for a
	// tileset served over HTTP(S).
	TokenEnv string `json:"token_env,omitempty"`
	// Visible is false for a layer loaded hidden; nil means true.
	Visible *bool `json:"visible,omitempty"`
	// Style styles GeoJSON features; nil lets the loader guess.
	Style *scene.Style `json:"style,omitempty"`
	// Placement places a glTF model that has no georeferencing of its own.
	Placement *Placement `json:"placement,omitempty"`
	// IDProperty names the feature property that identifies features.
	IDProperty string `json:"id_property,omitempty"`
	// CRS is the EPSG code of a 3D Tiles tileset's projected coordinates.
	CRS         string `json:"crs,omitempty"`
	Attribution string `json:"attribution,omitempty"`
}

// Placement puts a glTF model into the scene: its origin at Lon, Lat
// (degrees) and Alt (metres), turned Heading degrees clockwise from north
// and scaled by Scale (0 means 1).
type Placement struct {
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	Alt     float64 `json:"alt,omitempty"`
	Heading float64 `json:"heading,omitempty"`
	Scale   float64 `json:"scale,omitempty"`
}

// ViewSpec is a named view of the scene file.
type ViewSpec struct {
	Name      string     `json:"name"`
	Camera    CameraSpec `json:"camera"`
	Scenarios []string   `json:"scenarios,omitempty"`
	Caption   string     `json:"caption,omitempty"`
}

// CameraSpec is a camera in geographic terms, as Cesium's HeadingPitchRange:
// the target at Lon, Lat (degrees) and Alt (metres in the scene's vertical
// frame), Heading the compass direction the camera looks (degrees), Pitch
// below (negative) or above the horizon (degrees), Range the distance from
// the target (metres), Fov the vertical field of view (degrees, 0: 45).
type CameraSpec struct {
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	Alt     float64 `json:"alt,omitempty"`
	Heading float64 `json:"heading,omitempty"`
	Pitch   float64 `json:"pitch,omitempty"`
	Range   float64 `json:"range"`
	Fov     float64 `json:"fov,omitempty"`
}

// Camera returns c in the local frame f: the target's x, y from
// f.FromGeo(Lon, Lat, 0) and z = Alt (the ground of a GeoJSON scene is 0).
func (c CameraSpec) Camera(f *scene.Frame) scene.Camera {
	p := f.FromGeo(c.Lon, c.Lat, 0)
	return scene.Camera{
		Target:  scene.Vec3{p[0], p[1], c.Alt},
		Heading: c.Heading, Pitch: c.Pitch, Range: c.Range, FovY: c.Fov,
	}
}

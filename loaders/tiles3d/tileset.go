package tiles3d

import "encoding/json"

// tileset is the JSON of a tileset file (3D Tiles 1.0 and 1.1).
type tileset struct {
	Asset struct {
		Version string         `json:"version"`
		Extras  map[string]any `json:"extras"`
	} `json:"asset"`
	Properties     map[string]any `json:"properties"`
	Extras         map[string]any `json:"extras"`
	GeometricError float64        `json:"geometricError"`
	Root           *tile          `json:"root"`
	ExtensionsReq  []string       `json:"extensionsRequired"`
}

type tile struct {
	BoundingVolume boundingVolume             `json:"boundingVolume"`
	GeometricError float64                    `json:"geometricError"`
	Refine         string                     `json:"refine"`
	Transform      []float64                  `json:"transform"`
	Content        *content                   `json:"content"`
	Contents       []content                  `json:"contents"`
	Children       []*tile                    `json:"children"`
	ImplicitTiling *implicitTiling            `json:"implicitTiling"`
	Extensions     map[string]json.RawMessage `json:"extensions"`
}

type content struct {
	URI string `json:"uri"`
	URL string `json:"url"` // pre-1.0 spelling
}

func (c content) path() string {
	if c.URI != "" {
		return c.URI
	}
	return c.URL
}

type boundingVolume struct {
	Region []float64 `json:"region"`
	Box    []float64 `json:"box"`
	Sphere []float64 `json:"sphere"`
}

type implicitTiling struct {
	SubdivisionScheme string `json:"subdivisionScheme"`
	SubtreeLevels     int    `json:"subtreeLevels"`
	AvailableLevels   int    `json:"availableLevels"`
	MaximumLevel      *int   `json:"maximumLevel"` // 3DTILES_implicit_tiling draft
	Subtrees          struct {
		URI string `json:"uri"`
	} `json:"subtrees"`
}

// contents returns the tile's content entries (content or contents).
func (t *tile) contents() []content {
	var out []content
	if t.Content != nil && t.Content.path() != "" {
		out = append(out, *t.Content)
	}
	for _, c := range t.Contents {
		if c.path() != "" {
			out = append(out, c)
		}
	}
	return out
}

// implicit returns the tile's implicit tiling, from 1.1 or the
// 3DTILES_implicit_tiling extension.
func (t *tile) implicit() *implicitTiling {
	if t.ImplicitTiling != nil {
		return t.ImplicitTiling
	}
	if raw, ok := t.Extensions["3DTILES_implicit_tiling"]; ok {
		var it implicitTiling
		if json.Unmarshal(raw, &it) == nil {
			if it.AvailableLevels == 0 && it.MaximumLevel != nil {
				it.AvailableLevels = *it.MaximumLevel + 1
			}
			return &it
		}
	}
	return nil
}

// Package geojson loads RFC 7946 GeoJSON files (FeatureCollection, Feature
// or a bare geometry) into a scene.Layer whose feature geometries are in the
// scene's local frame (metres east/north). It sits under loaders and imports
// scene and loaders/crs.
//
// Decoding is tolerant: the collection's features are decoded one by one, so
// a broken feature is skipped and reported in Layer.Warnings while the rest
// loads. Only a file that is not JSON, not GeoJSON or in an unsupported CRS
// fails, with an *InputError.
//
//	l, err := geojson.Load(os.DirFS("data"), "buildings.geojson", geojson.Options{ID: "buildings"})
package geojson

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	json "github.com/goccy/go-json"
	"github.com/paulmach/orb"

	"citytwin/loaders/crs"
	"citytwin/loaders/limit"
	"citytwin/scene"
)

// Decoding uses goccy/go-json directly (a faster drop-in for encoding/json)
// with a tolerant first-level decode, rather than orb/geojson's decoder:
// orb fails a whole file on one bad geometry, and importing orb/geojson would
// pull go.mongodb.org/mongo-driver into go.sum. So orb's package-global
// CustomJSONUnmarshaler hook is deliberately left untouched.

// Options control Load.
type Options struct {
	ID, Title string
	// Frame places the features; nil: a frame at the centre of the data's
	// lon/lat bounding box, stored in Layer.Origin.
	Frame *scene.Frame
	// Style is the layer's style; nil: the zero Style (defaults guessed
	// from the properties).
	Style *scene.Style
	// IDProperty names a property used as feature id instead of the GeoJSON id.
	IDProperty string
	// StoreyHeight (metres, 0: 3) is used for the layer's height bounds.
	StoreyHeight float64
	// Logger receives a summary line; nil: no logging.
	Logger *slog.Logger
	// Limits bound the file's size (zero: limit's defaults).
	Limits limit.Limits
}

type rawObject struct {
	Type       string            `json:"type"`
	Features   json.RawMessage   `json:"features"`
	Geometry   json.RawMessage   `json:"geometry"`
	Properties json.RawMessage   `json:"properties"`
	ID         json.RawMessage   `json:"id"`
	CRS        *rawCRS           `json:"crs"`
	Geometries []json.RawMessage `json:"geometries"`
}

type rawCRS struct {
	Type       string `json:"type"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

// Load reads the GeoJSON file name from fsys into a layer of Kind geojson.
// Features keep their source index; ids come from opts.IDProperty or the
// GeoJSON id (numbers formatted as in the source). A legacy "crs" member
// naming a projected CRS is reprojected through loaders/crs.
//
// The file's size is checked against opts.Limits before it is read, and a
// file whose first bytes cannot start a GeoJSON object fails before the
// rest is read.
func Load(fsys fs.FS, name string, opts Options) (*scene.Layer, error) {
	data, err := readChecked(fsys, name, opts.Limits.GeoJSONBytes())
	if err != nil {
		return nil, err
	}
	return Decode(data, name, opts)
}

// readChecked reads a GeoJSON file whole after checking its size and that
// its first non-space byte (after a byte order mark) is '{'.
func readChecked(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, size, err := limit.Open(fsys, name, "GeoJSON", max)
	if err != nil {
		if limit.IsLimit(err) {
			return nil, &InputError{File: name, Err: limit.Unnamed(err)}
		}
		return nil, fmt.Errorf("geojson %s: %w", name, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(64 << 10)
	if err := checkStart(name, head); err != nil {
		return nil, err
	}
	data, err := limit.ReadAll(br, name, "GeoJSON", size, max)
	if err != nil {
		if limit.IsLimit(err) {
			return nil, &InputError{File: name, Err: limit.Unnamed(err)}
		}
		return nil, fmt.Errorf("geojson %s: %w", name, err)
	}
	return data, nil
}

// checkStart fails unless head's first non-space byte (after a UTF-8 byte
// order mark) opens a JSON object.
func checkStart(name string, head []byte) error {
	rest := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	off := int64(len(head) - len(rest))
	for i, c := range rest {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return nil
		}
		l, col := lineCol(head, off+int64(i))
		return &InputError{File: name, Line: l, Col: col, Err: fmt.Errorf("not GeoJSON: want a JSON object ('{'), found %q", c)}
	}
	if len(head) < 64<<10 {
		return &InputError{File: name, Err: errors.New("not GeoJSON: the file holds no JSON object")}
	}
	return nil // 64 KiB of spaces: let the decoder say so
}

// Decode is Load on bytes already read; name is used in messages.
func Decode(data []byte, name string, opts Options) (*scene.Layer, error) {
	var top rawObject
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, syntaxError(name, data, err)
	}
	var toLonLat crs.ToLonLat
	if top.CRS != nil && top.CRS.Properties.Name != "" {
		f, err := crs.Lookup(top.CRS.Properties.Name)
		if err != nil {
			return nil, &InputError{File: name, Path: "$.crs", Err: err}
		}
		toLonLat = f
	}
	l := &scene.Layer{ID: opts.ID, Title: opts.Title, Kind: scene.KindGeoJSON, Src: name, Visible: true, IDProperty: opts.IDProperty}
	if opts.Style != nil {
		l.Style = *opts.Style
	} else if strings.Contains(strings.ToLower(opts.ID+" "+name), "building") {
		l.Style.Class = "buildings"
	}
	var raws []json.RawMessage
	switch top.Type {
	case "FeatureCollection":
		if len(top.Features) == 0 || string(top.Features) == "null" {
			return nil, &InputError{File: name, Path: "$.features", Err: errors.New("FeatureCollection has no features array")}
		}
		if err := json.Unmarshal(top.Features, &raws); err != nil {
			return nil, &InputError{File: name, Path: "$.features", Err: errors.New("features is not an array")}
		}
	case "Feature":
		raws = []json.RawMessage{data}
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection":
		raws = nil
		l.Features = make([]scene.Feature, 0, 1)
		g, err := decodeGeometry(data, 0)
		if err == nil {
			g, err = finish(g, toLonLat)
		}
		if err == nil {
			err = checkSimple(g)
		}
		if err != nil {
			l.Skipped++
			l.Warnings = append(l.Warnings, fmt.Sprintf("feature 0: %v; skipped", err))
		} else {
			l.Features = append(l.Features, scene.Feature{Index: 0, Properties: map[string]any{}, Geometry: g})
		}
	case "":
		return nil, &InputError{File: name, Path: "$.type", Err: errors.New("not GeoJSON: no \"type\" member")}
	default:
		return nil, &InputError{File: name, Path: "$.type", Err: fmt.Errorf("not GeoJSON: unknown type %q", top.Type)}
	}
	if raws != nil {
		l.Features = make([]scene.Feature, 0, len(raws))
	}
	feats, errs := decodeAll(raws, opts.IDProperty, toLonLat, &l.Style)
	for i := range feats {
		if errs[i] != nil {
			l.Skipped++
			l.Warnings = append(l.Warnings, fmt.Sprintf("feature %d%s: %v; skipped", i, idNote(feats[i].ID), errs[i]))
			continue
		}
		l.Features = append(l.Features, feats[i])
	}
	place(l, opts.Frame)
	l.Bounds = layerBounds(l, opts.StoreyHeight)
	if opts.Logger != nil {
		opts.Logger.Info("geojson loaded", "file", name, "features", len(l.Features), "skipped", l.Skipped)
	}
	return l, nil
}

func idNote(id string) string {
	if id == "" {
		return ""
	}
	return fmt.Sprintf(" (id %q)", id)
}

// decodeAll decodes the features on up to GOMAXPROCS goroutines, each
// writing its own slots, so the result is the same as a sequential decode.
func decodeAll(raws []json.RawMessage, idProp string, toLonLat crs.ToLonLat, style *scene.Style) ([]scene.Feature, []error) {
	feats := make([]scene.Feature, len(raws))
	errs := make([]error, len(raws))
	workers := runtime.GOMAXPROCS(0)
	if len(raws) < 512 {
		workers = 1
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	const batch = 256
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(batch)) - batch
				if start >= len(raws) {
					return
				}
				for i := start; i < min(start+batch, len(raws)); i++ {
					feats[i], errs[i] = decodeFeature(raws[i], i, idProp, toLonLat, style)
				}
			}
		}()
	}
	wg.Wait()
	return feats, errs
}

type rawFeature struct {
	Type       string          `json:"type"`
	ID         any             `json:"id"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

// decodeFeature decodes feature i; an error means it is skipped: not a
// feature, no or a bad geometry, or a height property (as style reads them)
// that is not finite or absurd (scene.CheckHeights).
func decodeFeature(raw []byte, i int, idProp string, toLonLat crs.ToLonLat, style *scene.Style) (scene.Feature, error) {
	var rf rawFeature
	f := scene.Feature{Index: i}
	if err := json.Unmarshal(raw, &rf); err != nil {
		return f, fmt.Errorf("not a feature object")
	}
	f.ID = idString(rf.ID)
	if idProp != "" {
		f.ID = idString(rf.Properties[idProp])
	}
	if rf.Type != "Feature" {
		return f, fmt.Errorf("type %q is not Feature", rf.Type)
	}
	if rf.Properties == nil {
		rf.Properties = map[string]any{}
	}
	f.Properties = rf.Properties
	if err := scene.CheckHeights(f.Properties, style); err != nil {
		return f, err
	}
	if len(rf.Geometry) == 0 || string(rf.Geometry) == "null" {
		return f, fmt.Errorf("no geometry")
	}
	g, err := decodeGeometry(rf.Geometry, 0)
	if err != nil {
		return f, err
	}
	g, err = finish(g, toLonLat)
	if err != nil {
		return f, err
	}
	if err := checkSimple(g); err != nil {
		return f, err
	}
	f.Geometry = g
	return f, nil
}

// checkSimple fails for polygons whose rings cross (a bowtie footprint
// would be extruded and its area counted as if it were valid).
func checkSimple(g orb.Geometry) error {
	check := func(p orb.Polygon, what string) error {
		c, ok := scene.FindCrossing(p)
		if !ok {
			return nil
		}
		if c.RingA == c.RingB {
			return fmt.Errorf("%sring %d crosses itself near %.7f,%.7f (a self-intersecting polygon)", what, c.RingA, c.At[0], c.At[1])
		}
		return fmt.Errorf("%srings %d and %d cross near %.7f,%.7f (a self-intersecting polygon)", what, c.RingA, c.RingB, c.At[0], c.At[1])
	}
	switch g := g.(type) {
	case orb.Polygon:
		return check(g, "")
	case orb.MultiPolygon:
		for i, p := range g {
			if err := check(p, fmt.Sprintf("polygon %d: ", i)); err != nil {
				return err
			}
		}
	case orb.Collection:
		for i, m := range g {
			if err := checkSimple(m); err != nil {
				return fmt.Errorf("geometry %d: %w", i, err)
			}
		}
	}
	return nil
}

// finish reprojects g to lon/lat when the file has a CRS and checks ranges.
func finish(g orb.Geometry, toLonLat crs.ToLonLat) (orb.Geometry, error) {
	if toLonLat != nil {
		g = mapPoints(g, func(p *orb.Point) { p[0], p[1] = toLonLat(p[0], p[1]) })
	}
	var bad error
	mapPoints(g, func(p *orb.Point) {
		if bad == nil && !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) {
			bad = fmt.Errorf("position %g,%g is outside lon ±180 / lat ±90", p[0], p[1])
		}
	})
	return g, bad
}

func idString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// place converts every feature from lon/lat to the local frame, choosing a
// frame at the centre of the data's extent when fr is nil.
func place(l *scene.Layer, fr *scene.Frame) {
	if fr == nil {
		b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		for _, f := range l.Features {
			mapPoints(f.Geometry, func(p *orb.Point) { b = b.Extend(*p) })
		}
		origin := scene.Geo{}
		if len(l.Features) > 0 {
			origin = scene.Geo{Lon: (b.Min[0] + b.Max[0]) / 2, Lat: (b.Min[1] + b.Max[1]) / 2}
		}
		fr = scene.NewFrame(origin)
	}
	l.Origin = fr.Origin
	for i := range l.Features {
		f := &l.Features[i]
		f.Geometry = mapPoints(f.Geometry, func(p *orb.Point) {
			v := fr.FromGeo(p[0], p[1], 0)
			p[0], p[1] = v[0], v[1]
		})
	}
}

func layerBounds(l *scene.Layer, storeyHeight float64) scene.Box {
	b := scene.EmptyBox()
	for i := range l.Features {
		f := &l.Features[i]
		lk := l.Style.Look(f.Properties, f.Geometry, storeyHeight)
		top := 0.0
		switch f.Geometry.(type) {
		case orb.Point, orb.MultiPoint:
			top = lk.PointSize // markers are prisms as high as wide
		default:
			if lk.Extruded {
				top = lk.Height
			}
		}
		mapPoints(f.Geometry, func(p *orb.Point) {
			b = b.Extend(scene.Vec3{p[0], p[1], f.Ground}).Extend(scene.Vec3{p[0], p[1], f.Ground + top})
		})
	}
	return b
}

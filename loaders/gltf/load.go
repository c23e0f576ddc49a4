package gltf

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"path"
	"strings"

	"citytwin/loaders/limit"
	"citytwin/scene"
	"citytwin/scene/affine"
)

// Placement puts a model that has no georeferencing of its own on the
// map: its origin at Lon, Lat (WGS84 degrees) and Alt (metres, the scene's
// vertical frame), turned by Heading (compass degrees, clockwise from north;
// the model's −Z axis, its "forward", then faces that way) and multiplied by
// Scale (0 means 1).
type Placement struct {
	Lon, Lat, Alt float64
	Heading       float64
	Scale         float64
}

// Options configure Load.
type Options struct {
	// ID and Title name the layer (ID defaults to the file name).
	ID, Title string
	// Frame is the scene's local frame. Nil: the frame is chosen from the
	// model (its georeferenced centre, or the placement, or 0°, 0°) and
	// stored in Layer.Origin.
	Frame *scene.Frame
	// Placement places a model without its own georeferencing; nil puts the
	// model's origin at the frame origin. A georeferenced model ignores it.
	Placement *Placement
	// Ground says how heights meet the scene's ground (see Ground); the
	// zero value keeps them, except that a frame chosen by the loader is
	// put at the model's lowest point.
	Ground Ground
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
	// Limits bound the sizes of the file, its buffers and images (zero:
	// limit's defaults).
	Limits limit.Limits
}

// readModel reads a glTF or GLB file after checking its size against max
// and, for a GLB, its 12-byte header against that size, so a file that is
// too big or not what it says fails before the rest is read.
func readModel(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, size, err := limit.Open(fsys, name, "glTF", max)
	if err != nil {
		return nil, &InputError{File: name, Reason: "cannot read file", Err: limit.Unnamed(err)}
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, _ := br.Peek(glbHeaderLen)
	if len(head) == glbHeaderLen && IsGLB(head) {
		if err := checkGLBHeader(head, size); err != nil {
			return nil, &InputError{File: name, Reason: "invalid GLB container", Err: err}
		}
	} else if len(head) >= 4 && !IsGLB(head) && strings.EqualFold(path.Ext(name), ".glb") && !bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) {
		return nil, &InputError{File: name, Reason: fmt.Sprintf("not a GLB file (bad magic %q)", head[:4])}
	}
	data, err := limit.ReadAll(br, name, "glTF", size, max)
	if err != nil {
		return nil, &InputError{File: name, Reason: "cannot read file", Err: limit.Unnamed(err)}
	}
	return data, nil
}

// ecefLimit is the translation length (metres) above which a root node is
// taken to hold Earth-centred coordinates.
const ecefLimit = 6e6

// Load reads the glTF or GLB file name from fsys and returns it as a layer
// of kind scene.KindGLTF: meshes in the local frame (see Options.Frame),
// one feature per node instance, Bounds and Origin set. Every failure
// caused by the file is an *InputError; warnings (an unreadable texture,
// lines not drawn) go to Layer.Warnings.
func Load(fsys fs.FS, name string, opts Options) (*scene.Layer, error) {
	data, err := readModel(fsys, name, opts.Limits.GLTFBytes())
	if err != nil {
		return nil, err
	}
	m, err := DecodeLimited(fsys, name, data, opts.Limits)
	if err != nil {
		return nil, err
	}
	toLocal, frame, err := m.placement(opts)
	if err != nil {
		return nil, err
	}
	id := opts.ID
	if id == "" {
		id = path.Base(name)
	}
	l := &scene.Layer{ID: id, Title: opts.Title, Kind: scene.KindGLTF, Src: name, Visible: true, Origin: frame.Origin}
	if l.Title == "" {
		l.Title = id
	}
	if err := m.AppendTo(l, Instance{ToLocal: toLocal}); err != nil {
		return nil, err
	}
	Finish(l)
	if m.chosenFrame {
		GroundFrame(l)
	}
	ApplyGround(l, opts.Ground)
	l.Attribution = m.Doc.Asset.Copyright
	l.Warnings = append(l.Warnings, m.Warnings()...)
	if opts.Logger != nil {
		for _, w := range l.Warnings {
			opts.Logger.Warn("gltf", "file", name, "warning", w)
		}
	}
	return l, nil
}

// Georeference returns the transform from the model's scene coordinates
// (glTF axes, after node transforms) to ECEF metres when the model carries
// its own georeferencing: the CESIUM_RTC extension (centre added after the
// y-up→z-up turn) or a root node whose translation is Earth-sized
// (PLATEAU style: a translation in glTF's y-up axes, so ECEF = (x, −z, y);
// any drawn node whose global translation is that long counts).
func (m *Model) Georeference() (affine.Mat4, bool) {
	if raw, ok := m.Doc.Extensions["CESIUM_RTC"]; ok {
		var rtc struct {
			Center []float64 `json:"center"`
		}
		if b, ok := raw.(json.RawMessage); ok && json.Unmarshal(b, &rtc) == nil && len(rtc.Center) == 3 {
			c := [3]float64{rtc.Center[0], rtc.Center[1], rtc.Center[2]}
			t := affine.Translate(c)
			if t.Finite() {
				return t.Mul(affine.YUpToZUp), true
			}
		}
	}
	if _, ok := m.ecefNode(); ok {
		return affine.YUpToZUp, true
	}
	return affine.Identity, false
}

// ecefNode returns the global translation (glTF axes) of the first drawn
// node translated by more than ecefLimit: a model placed in Earth-centred
// coordinates by its node hierarchy.
func (m *Model) ecefNode() ([3]float64, bool) {
	var t [3]float64
	found := false
	_ = m.walk(affine.Identity, func(i int, g affine.Mat4) error {
		if tr := g.Translation(); !found && math.Sqrt(tr[0]*tr[0]+tr[1]*tr[1]+tr[2]*tr[2]) > ecefLimit {
			t, found = tr, true
		}
		return nil
	})
	return t, found
}

// placement returns the model→local transform and the frame used.
func (m *Model) placement(opts Options) (affine.Mat4, *scene.Frame, error) {
	frame := opts.Frame
	if toECEF, ok := m.Georeference(); ok {
		if opts.Placement != nil {
			m.warnf("the model is georeferenced (ECEF); the placement is ignored")
		}
		if frame == nil {
			lo, hi, ok := m.Bounds(toECEF)
			if !ok {
				// No accessor min/max: use the Earth-centred node.
				t, found := m.ecefNode()
				if !found {
					t = [3]float64{}
				}
				lo = toECEF.Apply(t)
				hi = lo
			}
			c := scene.ECEFToGeodetic(scene.Vec3{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2})
			frame = scene.NewFrame(scene.Geo{Lon: c.Lon, Lat: c.Lat})
			m.chosenFrame = true
		}
		return affine.FromECEF(frame).Mul(toECEF), frame, nil
	}
	pl := Placement{Scale: 1}
	if opts.Placement != nil {
		pl = *opts.Placement
		if pl.Scale == 0 {
			pl.Scale = 1
		}
		if err := CheckPlacement(pl); err != nil {
			return affine.Mat4{}, nil, &InputError{File: m.Name, Reason: "placement", Err: err}
		}
	} else if frame != nil {
		pl.Lon, pl.Lat, pl.Alt = frame.Origin.Lon, frame.Origin.Lat, frame.Origin.Alt
	}
	if frame == nil {
		frame = scene.NewFrame(scene.Geo{Lon: pl.Lon, Lat: pl.Lat, Alt: pl.Alt})
	}
	local := PlacementMatrix(pl.Heading, pl.Scale)
	return affine.ENUToLocal(frame, scene.Geo{Lon: pl.Lon, Lat: pl.Lat, Alt: pl.Alt}).Mul(local), frame, nil
}

// MaxScale is the largest placement scale taken as real (and 1/MaxScale
// the smallest).
const MaxScale = 1e6

// CheckPlacement returns an error naming the first field of p that is not a
// finite number in range: longitude ±180, latitude ±90, altitude within
// ±100 km, heading finite, scale 0 (meaning 1) or within 1/MaxScale..MaxScale.
func CheckPlacement(p Placement) error {
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !(p.Lon >= -180 && p.Lon <= 180) || !(p.Lat >= -90 && p.Lat <= 90):
		return fmt.Errorf("lon %g, lat %g: outside ±180 / ±90", p.Lon, p.Lat)
	case !(math.Abs(p.Alt) <= 1e5):
		return fmt.Errorf("alt %g: want metres within ±100 km", p.Alt)
	case !fin(p.Heading):
		return fmt.Errorf("heading %g: not a finite number", p.Heading)
	case p.Scale != 0 && !(p.Scale >= 1/MaxScale && p.Scale <= MaxScale):
		return fmt.Errorf("scale %g: want a factor between %g and %g", p.Scale, 1/MaxScale, float64(MaxScale))
	}
	return nil
}

// PlacementMatrix returns the transform from glTF's y-up model axes to an
// east-north-up frame: y-up→z-up, then a turn by heading (compass degrees,
// clockwise) and a uniform scale.
func PlacementMatrix(heading, scale float64) affine.Mat4 {
	s, c := math.Sincos(-heading * math.Pi / 180)
	rot := affine.Mat4{c * scale, s * scale, 0, 0, -s * scale, c * scale, 0, 0, 0, 0, scale, 0, 0, 0, 0, 1}
	return rot.Mul(affine.YUpToZUp)
}

// GroundFrame moves l's frame up or down so that its lowest point is at
// z = 0: the origin keeps its longitude and latitude and takes the altitude
// of the model's lowest point. Frames that differ only in altitude share
// their axes, so this is an exact shift of every vertex.
func GroundFrame(l *scene.Layer) {
	if l.Bounds.Empty() {
		return
	}
	dz := l.Bounds.Min[2]
	ShiftZ(l, dz)
	l.Origin.Alt += dz
}

// ShiftZ moves everything in l down by dz metres (vertices, or the copies
// of instanced meshes), with the bounds and the features' Ground.
func ShiftZ(l *scene.Layer, dz float64) {
	for mi := range l.Meshes {
		me := &l.Meshes[mi]
		if len(me.Instances) > 0 {
			for ii := range me.Instances {
				me.Instances[ii].Transform[11] -= dz
			}
			continue // part bounds are in mesh coordinates
		}
		for vi := range me.Vertices {
			me.Vertices[vi].Pos[2] -= float32(dz)
		}
		for pi := range me.Parts {
			me.Parts[pi].Bounds.Min[2] -= dz
			me.Parts[pi].Bounds.Max[2] -= dz
		}
	}
	for i := range l.Features {
		l.Features[i].Ground -= dz
	}
	l.Bounds.Min[2] -= dz
	l.Bounds.Max[2] -= dz
}

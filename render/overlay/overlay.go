package overlay

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/live"
	"citytwin/render/ui"
	"citytwin/scene"
)

// SensorFeed is where the live overlay reads sensors: a *live.Registry, or
// a fake in tests. Snapshot is called once per frame from the game loop;
// History only when a sensor's card is shown.
type SensorFeed interface {
	// Snapshot returns the current immutable View.
	Snapshot() *live.View
	// History appends the kept samples of quantity q of sensor id to dst,
	// oldest first.
	History(id, q string, dst []live.Sample) []live.Sample
}

// Options connect the viewer, snapshot or bench to live sensors.
type Options struct {
	// Sensors is the registry the sources feed. Required.
	Sensors SensorFeed
	// Statuses appends every source's status to dst (a live.Feed's
	// Statuses); nil shows no source lines.
	Statuses func(dst []live.Status) []live.Status
	// Quantities override the display name, unit and colour bands of
	// quantities, keyed by any spelling scene.QuantityKey knows (a scene's
	// live[].quantities).
	Quantities map[string]scene.QuantityInfo
	// StaleAfter is how long a sensor may stay silent before it is drawn
	// faded with its "last seen" time (0: 2 minutes).
	StaleAfter time.Duration
	// Now is the clock (nil: time.Now); tests set it.
	Now func() time.Time
	// Theme is the look of the legend, labels and card (nil: the
	// default at scale 1).
	Theme *ui.Theme
	// Ramp recolours the value bands: "" keeps their colours, "cividis"
	// spreads the colour-blind-safe cividis ramp over them (ramp.go).
	Ramp string
}

// Timings of the overlay.
const (
	defaultStaleAfter = 2 * time.Minute
	pulseLength       = 900 * time.Millisecond
	pulseEvery        = 3 * time.Second // at most one pulse per sensor this often
	statusEvery       = 250 * time.Millisecond
)

// Marker sizes in pixels.
const (
	markerMinPx    = 6.0
	markerMaxPx    = 12.0
	markerNoDataPx = 3.5
	markerWorldM   = 5.0 // a marker's radius in metres when that is larger than the minimum
	labelRange     = 900.0
	maxLabels      = 150
	markersPerCall = 65535 / 4
)

// sensorCache is what the overlay derived from one sensor of the View.
type sensorCache struct {
	s         *live.Sensor // the Sensor it was derived from
	lon, lat  float64      // the position pos was computed from
	pos       scene.Vec3   // local frame, on the ground or roof
	placed    bool
	sel       int // the quantity col was computed for
	has       bool
	value     float64
	col       [3]float32
	cat       string // the category value shown
	label     string // value label ("" until needed)
	labelW    float64
	labelMins int       // minutes since last heard in label; -1 not stale
	pulse     time.Time // when the current pulse started
	base      float64   // the value at the last pulse
}

// mark is one marker on screen this frame.
type mark struct {
	idx     int32 // sensor index
	x, y, z float32
	r       float32
	cl      int32 // the cluster it is drawn in (clusterMarks), -1 none
}

// Overlay draws the live sensors over the 3D picture. It belongs to the
// game loop.
type Overlay struct {
	opts   Options
	th     *ui.Theme
	now    func() time.Time
	stale  time.Duration
	q      *quantityTable
	sel    int  // selected quantity, -1 none
	manual bool // the user chose sel
	ground func(x, y float64) float64
	// occluded, when set, reports whether a solid hides local point p
	// from eye (labels of hidden markers are left out).
	occluded func(eye, p scene.Vec3) bool
	occl     []int8 // per sensor: 0 unknown, 1 in sight, 2 hidden, for occlCam
	occlCam  scene.Camera
	frame    *scene.Frame

	view     *live.View
	nSensors int
	cache    []sensorCache
	marks    []mark
	verts    []ebiten.Vertex
	discs    ui.Discs // legend and source discs
	idx      []uint16
	uni      map[string]any
	uniVals  [3]float32
	density  []uint16 // markers per screen cell (thin)
	clusters []cluster
	cellCl   []int32 // per screen cell, its cluster or -1
	// clusterInto and clusterNew are mergeClusters' scratch.
	clusterInto, clusterNew []int32
	counts                  []countLabel // by count: the text of cluster counts
	opt                     ebiten.DrawTrianglesShaderOptions

	// What the marks were built from.
	builtVer   uint64
	builtCam   scene.Camera
	builtW     int
	builtH     int
	builtSel   int
	builtDepth bool
	builtPick  int
	nextChange time.Time // a pulse or staleness changes the picture then

	picked int // selected sensor index, -1 none

	statusAt time.Time
	statuses []live.Status
	down     []string // ids of the sources that are not live
	srcLines []sourceLine
	legend   legendBox
	card     sensorCard
	labelBuf []byte
	occupied []uint64 // label grid
}

// New returns an overlay for opts over a scene in frame (nil: a frame at
// 0°, 0°). Markers stand on the ground plane z = 0 until StandOn gives
// them surfaces.
func New(opts Options, frame *scene.Frame) *Overlay {
	o := &Overlay{opts: opts, now: opts.Now, stale: opts.StaleAfter, sel: -1, picked: -1, builtPick: -1,
		frame: frame, q: newQuantityTable(opts.Quantities), uni: map[string]any{}, th: opts.Theme}
	o.q.cividis = opts.Ramp == RampCividis
	if o.th == nil {
		o.th = ui.NewTheme(1)
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.stale <= 0 {
		o.stale = defaultStaleAfter
	}
	if o.frame == nil {
		o.frame = scene.NewFrame(scene.Geo{})
	}
	return o
}

// Replace places every marker again (on the ground or a roof) at the next
// frame: call it when the buildings changed.
func (o *Overlay) Replace() {
	for i := range o.cache {
		o.cache[i].placed = false
		o.cache[i].s = nil
	}
	o.builtVer = 0
}

// CycleQuantity colours markers by the next quantity some sensor has.
func (o *Overlay) CycleQuantity() {
	if len(o.q.list) == 0 {
		return
	}
	o.sel = o.q.next(o.sel)
	o.manual = true
}

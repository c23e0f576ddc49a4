package overlay

import (
	"image"
	"image/color"
	"math"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/live"
	"citytwin/render"
	"citytwin/render/internal/rendertest"
	"citytwin/scene"
)

// fakeFeed is a SensorFeed holding a View the test sets.
type fakeFeed struct {
	view *live.View
	hist []live.Sample
}

func (f *fakeFeed) Snapshot() *live.View { return f.view }

func (f *fakeFeed) History(id, q string, dst []live.Sample) []live.Sample {
	return append(dst, f.hist...)
}

var liveNow = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

var testFrame = scene.NewFrame(scene.Geo{Lon: 7.42, Lat: 43.73})

// sensorAt returns a sensor at local (x, y) with the given values, heard at
// received.
func sensorAt(i int, id string, x, y float64, received time.Time, vals ...live.Value) *live.Sensor {
	g := testFrame.ToGeo(scene.Vec3{x, y, 0})
	return &live.Sensor{Index: i, ID: id, Lon: g.Lon, Lat: g.Lat, HasPos: true, Source: "test",
		Updated: received, Received: received, Values: vals}
}

func no2(v float64) live.Value { return live.Value{Quantity: "no2", Value: v, Unit: "µg/m³"} }

// liveScene is a wall 40 m tall north of the origin, seen from the south.
func liveScene() ([]scene.Mesh, scene.Camera) {
	var m scene.Mesh
	rendertest.AddBox(&m, 0, scene.Vec3{-60, 50, 0}, scene.Vec3{60, 60, 40}, rendertest.Grey)
	cam := scene.Camera{Target: scene.Vec3{0, 30, 0}, Heading: 0, Pitch: -20, Range: 160}
	return []scene.Mesh{m}, cam
}

// liveDraw draws solids from cam with the overlay o over them (depth-tested
// when exact), and returns the picture without and with the overlay.
func liveDraw(t testing.TB, r *render.Renderer, o *Overlay, cam scene.Camera, exact bool) (*image.RGBA, *image.RGBA) {
	t.Helper()
	const w, h = 640, 480
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	r.Draw(img, cam, render.Exact)
	before := image.NewRGBA(image.Rect(0, 0, w, h))
	img.ReadPixels(before.Pix)
	if err := o.Draw(img, r, cam, exact); err != nil {
		t.Fatal(err)
	}
	after := image.NewRGBA(image.Rect(0, 0, w, h))
	img.ReadPixels(after.Pix)
	return before, after
}

func colorDist(a color.RGBA, b color.NRGBA) float64 {
	dr, dg, db := float64(a.R)-float64(b.R), float64(a.G)-float64(b.G), float64(a.B)-float64(b.B)
	return math.Sqrt(dr*dr + dg*dg + db*db)
}

func rgbaDist(a, b color.RGBA) float64 {
	return colorDist(a, color.NRGBA{R: b.R, G: b.G, B: b.B, A: 255})
}

func newTestOverlay(feed *fakeFeed) *Overlay {
	return New(Options{Sensors: feed, Now: func() time.Time { return liveNow }, StaleAfter: time.Minute}, testFrame)
}

// markerPixel returns the picture's pixel at sensor i's projected centre.
func markerPixel(t *testing.T, img *image.RGBA, o *Overlay, r *render.Renderer, cam scene.Camera, i int) color.RGBA {
	t.Helper()
	pr := r.Projector(cam, img.Bounds().Dx(), img.Bounds().Dy())
	x, y, _, ok := pr.Project(o.cache[i].pos)
	if !ok {
		t.Fatalf("sensor %d is behind the camera", i)
	}
	return img.RGBAAt(int(math.Round(x)), int(math.Round(y)))
}

func TestLiveMarkers(t *testing.T) {
	solids, cam := liveScene()
	r, err := render.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetLayer(0, nil, solids)
	feed := &fakeFeed{view: &live.View{Version: 1, Sensors: []*live.Sensor{
		sensorAt(0, "good", -50, 30, liveNow, no2(30)),
		sensorAt(1, "poor", 30, 0, liveNow, no2(150)),
		sensorAt(2, "stale", -40, -30, liveNow.Add(-10*time.Minute), no2(150)),
		sensorAt(3, "behind", 0, 90, liveNow, no2(150)),
		sensorAt(4, "other", 40, -60, liveNow, live.Value{Quantity: "LAeq", Value: 50}),
	}}}
	o := newTestOverlay(feed)
	before, after := liveDraw(t, r, o, cam, true)
	good, _ := scene.ParseColor("#50f0e6")
	poor, _ := scene.ParseColor("#ff5050")

	if got := markerPixel(t, after, o, r, cam, 0); colorDist(got, good) > 12 {
		t.Errorf("NO₂ 30 marker: got %v, want the 'good' band colour %v", got, good)
	}
	if got := markerPixel(t, after, o, r, cam, 1); colorDist(got, poor) > 12 {
		t.Errorf("NO₂ 150 marker: got %v, want the 'poor' band colour %v", got, poor)
	}
	stale := markerPixel(t, after, o, r, cam, 2)
	ground := markerPixel(t, before, o, r, cam, 2)
	if colorDist(stale, poor) < 60 || rgbaDist(stale, ground) < 20 {
		t.Errorf("stale marker: got %v; want it drawn (ground %v) but faded, far from %v", stale, ground, poor)
	}
	if got := o.cache[2].label; got != "150 · last seen 10 min ago" {
		t.Errorf("stale marker's label %q, want its value and when it was last seen", got)
	}
	hidden := markerPixel(t, after, o, r, cam, 3)
	wall := markerPixel(t, before, o, r, cam, 3)
	if rgbaDist(hidden, wall) > colorDist(hidden, poor) || rgbaDist(hidden, wall) > 70 {
		t.Errorf("marker behind the wall: got %v, want about the wall %v (faint)", hidden, wall)
	}
	if got := markerPixel(t, after, o, r, cam, 4); colorDist(got, noDataColor) > 12 {
		t.Errorf("sensor without NO₂: got %v, want grey %v", got, noDataColor)
	}
	if q := o.q.list[o.sel]; q.key != "no2" {
		t.Errorf("colouring by %q, want no2 (the preferred quantity)", q.key)
	}

	// Without a valid depth picture (camera moving) the marker shows fully.
	o2 := newTestOverlay(feed)
	_, moving := liveDraw(t, r, o2, cam, false)
	if got := markerPixel(t, moving, o2, r, cam, 3); colorDist(got, poor) > 12 {
		t.Errorf("no depth test: got %v, want %v", got, poor)
	}
}

// A reading is on screen in the first frame after it arrives, although the
// camera and the 3D picture did not change.
func TestLiveReadingShowsNextFrame(t *testing.T) {
	solids, cam := liveScene()
	r, err := render.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetLayer(0, nil, solids)
	feed := &fakeFeed{view: &live.View{Version: 1, Sensors: []*live.Sensor{sensorAt(0, "a", 0, 20, liveNow, no2(30))}}}
	o := newTestOverlay(feed)
	liveDraw(t, r, o, cam, true)
	s := *feed.view.Sensors[0]
	s.Values = []live.Value{no2(150)}
	s.Changed = liveNow
	feed.view = &live.View{Version: 2, Sensors: []*live.Sensor{&s}}
	_, after := liveDraw(t, r, o, cam, true)
	poor, _ := scene.ParseColor("#ff5050")
	if got := markerPixel(t, after, o, r, cam, 0); colorDist(got, poor) > 12 {
		t.Errorf("after the new reading: got %v, want %v", got, poor)
	}
	pulsing := false
	for _, v := range o.verts {
		pulsing = pulsing || v.SrcX > 0
	}
	if !pulsing {
		t.Error("a changed value does not pulse")
	}
}

func TestLivePickSensor(t *testing.T) {
	solids, cam := liveScene()
	r, err := render.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetLayer(0, nil, solids)
	feed := &fakeFeed{view: &live.View{Version: 1, Sensors: []*live.Sensor{
		sensorAt(0, "a", -20, 20, liveNow, no2(30)),
		sensorAt(1, "b", 20, 20, liveNow, no2(30)),
		sensorAt(2, "nopos", 0, 0, liveNow, no2(30)),
	}}}
	feed.view.Sensors[2].HasPos = false
	feed.hist = []live.Sample{{Time: liveNow.Add(-time.Minute), Value: 20}, {Time: liveNow, Value: 30}}
	o := newTestOverlay(feed)
	liveDraw(t, r, o, cam, true)
	pr := r.Projector(cam, 640, 480)
	ax, ay, _, _ := pr.Project(o.cache[0].pos)
	bx, by, _, _ := pr.Project(o.cache[1].pos)
	tests := []struct {
		name string
		x, y float64
		want int
	}{
		{"on a", ax, ay, 0},
		{"on b", bx, by, 1},
		{"just outside a (finger slop)", ax + markerMinPx + PickSlop - 1, ay, 0},
		{"near b's edge", bx + 4, by - 4, 1},
		{"empty ground", (ax + bx) / 2, ay - 60, -1},
	}
	for _, tt := range tests {
		if got := o.pickSensor(tt.x, tt.y, PickSlop); got != tt.want {
			t.Errorf("%s: picked %d, want %d", tt.name, got, tt.want)
		}
	}
	// The card of a picked sensor names it, gives its value with units and
	// band, and a sparkline of its history.
	o.picked = 0
	o.updateCard(liveNow)
	if len(o.card.lines) < 4 || o.card.lines[0] != "a" || o.card.lines[2] != "NO₂: 30 µg/m³ · good" {
		t.Errorf("card %q", o.card.lines)
	}
	if len(o.card.hist) != 2 {
		t.Errorf("sparkline has %d samples, want 2", len(o.card.hist))
	}
}

func TestLiveQuantityOverride(t *testing.T) {
	q := newQuantityTable(map[string]scene.QuantityInfo{"NO2": {Name: "Nitrogen dioxide", Bands: []scene.Band{
		{Min: 0, Color: "#000000", Label: "low"}, {Min: 50, Color: "#ffffff", Label: "high"}}}})
	i := q.numeric("no2")
	if got := q.list[i]; got.label != "Nitrogen dioxide" || got.unit != "µg/m³" || len(got.bands) != 2 {
		t.Fatalf("override: %+v", got)
	}
	if c, l := q.list[i].colorOf(60); c != (color.NRGBA{255, 255, 255, 255}) || l != "high" {
		t.Errorf("60: got %v %q, want the scene's white 'high'", c, l)
	}
	if j := q.numeric("NO2"); j != i {
		t.Errorf("NO2 and no2 are different quantities (%d, %d)", i, j)
	}
	if c, _ := q.list[q.numeric("LAeq")].colorOf(70); c != (color.NRGBA{0xff, 0x57, 0x22, 0xff}) {
		t.Errorf("LAeq 70 dB: got %v, want the default 'loud' band", c)
	}
}

// Sensors of a source that lost its connection turn stale after a short
// grace, before the overlay's StaleAfter.
func TestLiveSourceDownMakesStale(t *testing.T) {
	s := sensorAt(0, "a", 0, 0, liveNow.Add(-30*time.Second), no2(30))
	s.Source = "noise"
	feed := &fakeFeed{view: &live.View{Version: 1, Sensors: []*live.Sensor{s}}}
	o := newTestOverlay(feed)
	state := live.StateLive
	o.opts.Statuses = func(dst []live.Status) []live.Status {
		return append(dst, live.Status{ID: "noise", State: state})
	}
	o.updateStatuses(liveNow)
	if o.isStale(s, liveNow) {
		t.Error("stale while its source is live and it was heard 30 s ago (StaleAfter 1 min)")
	}
	state = live.StateReconnecting
	o.updateStatuses(liveNow.Add(time.Second))
	if !o.isStale(s, liveNow) {
		t.Error("not stale although its source is reconnecting")
	}
	if len(o.srcLines) != 1 || o.srcLines[0].col != stateBroken {
		t.Errorf("source lines %+v", o.srcLines)
	}
}

// Markers crowding one part of the screen shrink to dots; a lone marker
// keeps its size.
func TestLiveThinCrowds(t *testing.T) {
	o := newTestOverlay(&fakeFeed{view: &live.View{}})
	for i := 0; i < 100; i++ {
		o.marks = append(o.marks, mark{idx: int32(i), x: 100 + float32(i%10), y: 100 + float32(i/10), r: markerMinPx})
	}
	o.marks = append(o.marks, mark{idx: 100, x: 500, y: 300, r: markerMaxPx})
	o.thin(640, 480)
	if r := o.marks[0].r; r != markerDensePx {
		t.Errorf("crowded marker radius %g, want %g", r, markerDensePx)
	}
	if r := o.marks[100].r; r != markerMaxPx {
		t.Errorf("lone marker radius %g, want %g", r, float32(markerMaxPx))
	}
}

package viewer

import (
	"image"
	"image/color"
	"math"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/live"
	"citytwin/render"
	"citytwin/render/overlay"
	"citytwin/scene"
)

// The viewer places a sensor over a building on its roof, a click (or
// tap) on a marker shows the sensor's card instead of a feature's panel,
// a click elsewhere picks features again, and a tap on the legend colours
// by the next quantity.
func TestViewerLiveSensors(t *testing.T) {
	sc := testScene()
	sc.Frame = testFrame
	feed := &fakeFeed{view: &live.View{Version: 1, Sensors: []*live.Sensor{
		sensorAt(0, "roof", -20, 0, liveNow, no2(150)),
		sensorAt(1, "street", 0, -25, liveNow, live.Value{Quantity: "LAeq", Value: 70}),
	}}}
	// Hidden features leave the meshes (as vector layers do).
	build := func(l *scene.Layer, ev *scene.Evaluation, _ float64) render.LayerMeshes {
		m := l.Meshes[0]
		var idx []uint32
		var parts []scene.Part
		for _, p := range m.Parts {
			if !ev.Hidden(l, p.Feature) {
				parts = append(parts, scene.Part{Feature: p.Feature, First: len(idx), Count: p.Count, Bounds: p.Bounds})
				idx = append(idx, m.Indices[p.First:p.First+p.Count]...)
			}
		}
		m.Parts, m.Indices = parts, idx
		return render.LayerMeshes{Solids: []scene.Mesh{m}}
	}
	v, err := newViewer(sc, Options{Width: 640, Height: 480, Camera: scene.Camera{Heading: 0, Pitch: -30, Range: 150}, Build: build,
		Live: &overlay.Options{Sensors: feed, Now: func() time.Time { return liveNow }}})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.init(); err != nil {
		t.Fatal(err)
	}
	screen := ebiten.NewImageWithOptions(image.Rect(0, 0, 640, 480), &ebiten.NewImageOptions{Unmanaged: true})
	defer screen.Deallocate()
	v.Draw(screen)
	v.Draw(screen) // at rest: exact picture, depth-tested markers
	o := v.live
	if p, _ := o.SensorPosition(0); math.Abs(p[2]-30.5) > 0.01 {
		t.Errorf("sensor over the 30 m block at z %g, want on its roof (30.5)", p[2])
	}
	if p, _ := o.SensorPosition(1); math.Abs(p[2]-0.5) > 0.01 {
		t.Errorf("street sensor at z %g, want on the ground (0.5)", p[2])
	}
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	screen.ReadPixels(img.Pix)
	poor, _ := scene.ParseColor("#ff5050")
	pr := v.r.Projector(v.nav.Camera(), 640, 480)
	p0, _ := o.SensorPosition(0)
	x, y, _, _ := pr.Project(p0)
	if got := img.RGBAAt(int(math.Round(x)), int(math.Round(y))); colorDist(got, poor) > 12 {
		t.Errorf("roof marker: got %v, want %v", got, poor)
	}

	v.pickAt(x, y)
	if o.Selected() != 0 || v.picked[1] != -1 {
		t.Fatalf("click on the marker: sensor %d, feature %v", o.Selected(), v.picked)
	}
	v.Draw(screen)
	if card := o.Card(); len(card) == 0 || card[0] != "roof" {
		t.Errorf("card %q", card)
	}
	bx, by, _, _ := pr.Project(scene.Vec3{20, -10, 10}) // the blue block's south face
	v.pickAt(bx, by)
	if o.Selected() != -1 || v.picked != [2]int{0, 1} {
		t.Errorf("click on the blue block: sensor %d, feature %v", o.Selected(), v.picked)
	}
	r := o.LegendRect()
	v.pickAt(float64(r.Min.X+5), float64(r.Min.Y+5))
	if q := o.Quantity(); q != "noise" {
		t.Errorf("legend tap: colouring by %q, want the next quantity (noise)", q)
	}
	v.updateLive(false, true)
	if o.Selected() != -1 {
		t.Error("Escape kept the card")
	}
	v.showScenario(1) // the red block goes: its roof sensor comes down
	v.Draw(screen)
	if p, _ := o.SensorPosition(0); math.Abs(p[2]-0.5) > 0.01 {
		t.Errorf("without the block the sensor is at z %g, want on the ground (0.5)", p[2])
	}
}

// A snapshot draws the live sensors as they are when it is taken.
func TestSnapshotLive(t *testing.T) {
	sc := testScene()
	sc.Frame = testFrame
	feed := &fakeFeed{view: &live.View{Version: 1, Sensors: []*live.Sensor{sensorAt(0, "street", 0, -25, liveNow, no2(150))}}}
	ev, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	cam := scene.Camera{Heading: 0, Pitch: -30, Range: 150}
	opts := SnapshotOptions{Width: 640, Height: 480, Camera: cam, Live: &overlay.Options{Sensors: feed, Now: func() time.Time { return liveNow }}}
	img, err := renderPicture(sc, ev, opts)
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetScene(sc, ev, nil)
	pr := r.Projector(cam, 640, 480)
	x, y, _, _ := pr.Project(scene.Vec3{0, -25, 0.5})
	poor, _ := scene.ParseColor("#ff5050")
	if got := img.RGBAAt(int(math.Round(x)), int(math.Round(y))); colorDist(got, poor) > 12 {
		t.Errorf("snapshot marker: got %v, want %v", got, poor)
	}
}

// fakeFeed is a SensorFeed holding a View the test sets.
type fakeFeed struct{ view *live.View }

func (f *fakeFeed) Snapshot() *live.View { return f.view }

func (f *fakeFeed) History(id, q string, dst []live.Sample) []live.Sample { return dst }

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

func colorDist(a color.RGBA, b color.NRGBA) float64 {
	dr, dg, db := float64(a.R)-float64(b.R), float64(a.G)-float64(b.G), float64(a.B)-float64(b.B)
	return math.Sqrt(dr*dr + dg*dg + db*db)
}

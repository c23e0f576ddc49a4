package overlay

import (
	"fmt"
	"math"
	"testing"

	"citytwin/live"
	"citytwin/render"
	"citytwin/scene"
)

// A crowd of markers draws as cluster discs with their count, coloured by
// the highest value; a lone marker stays itself; zoomed in, the crowd comes
// apart; a tap on a cluster gives the camera that frames it.
func TestLiveClustersCrowds(t *testing.T) {
	solids, _ := liveScene()
	r, err := render.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetLayer(0, nil, solids)
	view := &live.View{Version: 1}
	for i := range 64 { // an 8 × 8 grid over 6 m around (0, -20)
		x, y := -3+6*float64(i%8)/7, -23+6*float64(i/8)/7
		v := 30.0
		if i == 27 {
			v = 150 // one poor reading in the crowd
		}
		view.Sensors = append(view.Sensors, sensorAt(i, fmt.Sprintf("c%02d", i), x, y, liveNow, no2(v)))
	}
	view.Sensors = append(view.Sensors, sensorAt(64, "lone", 50, -40, liveNow, no2(30)))
	o := newTestOverlay(&fakeFeed{view: view})
	far := scene.Camera{Target: scene.Vec3{0, -20, 0}, Pitch: -60, Range: 160}
	_, img := liveDraw(t, r, o, far, true)
	if o.Clusters() == 0 {
		t.Fatal("no cluster for 64 markers within a few pixels")
	}
	var n int32
	poor, _ := scene.ParseColor("#ff5050")
	sawPoor := false
	for _, cl := range o.clusters {
		n += cl.n
		if cl.worst == 27 {
			sawPoor = true
			if got := img.RGBAAt(int(cl.x+cl.r*0.6), int(cl.y)); colorDist(got, poor) > 20 {
				t.Errorf("cluster with the poor reading drawn %v, want %v", got, poor)
			}
		}
	}
	if n < 56 || !sawPoor {
		t.Errorf("clusters hold %d of 64 markers (the poor one in one: %v)", n, sawPoor)
	}
	for _, m := range o.marks {
		if m.idx == 64 && m.cl >= 0 {
			t.Error("the lone marker is in a cluster")
		}
	}
	if got := o.pickSensor(float64(o.clusters[0].x), float64(o.clusters[0].y), 0); got >= 0 && got != 64 {
		t.Errorf("picked clustered sensor %d", got)
	}
	cam, ok := o.ClusterView(float64(o.clusters[0].x), float64(o.clusters[0].y), far)
	if !ok || cam.Range >= far.Range || math.Hypot(cam.Target[0], cam.Target[1]+20) > 6 || cam.Pitch != far.Pitch {
		t.Errorf("cluster view %+v (ok %v), want nearer, over the crowd", cam, ok)
	}
	if _, ok := o.ClusterView(5, 5, far); ok {
		t.Error("a cluster view where there is no cluster")
	}
	near := far
	near.Range = 15
	liveDraw(t, r, o, near, true)
	if o.Clusters() != 0 {
		t.Errorf("%d clusters from 15 m, want the markers apart", o.Clusters())
	}
}

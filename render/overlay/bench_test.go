package overlay

import (
	"fmt"
	"image"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/live"
	"citytwin/render"
	"citytwin/render/internal/rendertest"
	"citytwin/scene"
)

// markerGrid returns two Views of n sensors on a grid 2 km across: the
// second has every tenth sensor's value changed.
func markerGrid(n int) (*live.View, *live.View) {
	a := &live.View{Version: 1}
	b := &live.View{Version: 2}
	side := 1
	for side*side < n {
		side++
	}
	for i := 0; i < n; i++ {
		x := -1000 + 2000*float64(i%side)/float64(side)
		y := -1000 + 2000*float64(i/side)/float64(side)
		s := sensorAt(i, fmt.Sprintf("s%05d", i), x, y, liveNow, no2(float64(i%300)))
		a.Sensors = append(a.Sensors, s)
		if i%10 == 0 {
			c := *s
			c.Values = []live.Value{no2(float64(i%300) + 50)}
			c.Changed = liveNow
			s = &c
		}
		b.Sensors = append(b.Sensors, s)
	}
	return a, b
}

// BenchmarkLiveMarkers10k measures one frame of 10k live markers over a
// cached picture, depth-tested, with the legend and source lines:
// "changed" takes a new View every frame (a tenth of the sensors changed,
// so every marker is rebuilt), "still" the same View (markers only
// submitted). The plain cases time the CPU work up to handing the draws to
// Ebiten and count its allocations (the GPU flush after each frame is not
// timed); "+gpu" times the flush too (its allocations are the read-back
// buffer of the flush, not the overlay's).
func BenchmarkLiveMarkers10k(b *testing.B) { benchLiveMarkers(b, 10_000) }

// BenchmarkLiveMarkers50k is BenchmarkLiveMarkers10k with 50k sensors:
// most screen cells are crowded, so most markers draw as cluster discs.
func BenchmarkLiveMarkers50k(b *testing.B) { benchLiveMarkers(b, 50_000) }

// BenchmarkLiveMarkers1k is BenchmarkLiveMarkers10k with 1k sensors, to
// show how the cost grows.
func BenchmarkLiveMarkers1k(b *testing.B) { benchLiveMarkers(b, 1_000) }

func benchLiveMarkers(b *testing.B, benchN int) {
	var m scene.Mesh
	rendertest.AddBox(&m, 0, scene.Vec3{-100, -100, 0}, scene.Vec3{100, 100, 60}, rendertest.Grey)
	cam := scene.Camera{Target: scene.Vec3{0, 0, 0}, Heading: 20, Pitch: -45, Range: 2600}
	for _, bc := range []struct {
		name         string
		changed, gpu bool
	}{{"changed", true, false}, {"still", false, false}, {"changed+gpu", true, true}, {"still+gpu", false, true}} {
		changed := bc.changed
		b.Run(bc.name, func(b *testing.B) {
			r, err := render.NewRenderer()
			if err != nil {
				b.Fatal(err)
			}
			r.SetLayer(0, nil, []scene.Mesh{m})
			img := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
			defer img.Deallocate()
			pic := ebiten.NewImageWithOptions(image.Rect(0, 0, 1280, 720), &ebiten.NewImageOptions{Unmanaged: true})
			defer pic.Deallocate()
			r.Draw(pic, cam, render.Exact)
			v1, v2 := markerGrid(benchN)
			feed := &fakeFeed{view: v1}
			now := liveNow
			o := New(Options{Sensors: feed, Now: func() time.Time { return now }}, testFrame)
			px := img.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image)
			buf := make([]byte, 4)
			frame := func(i int) {
				if changed {
					feed.view = v1
					if i%2 == 1 {
						feed.view = v2
					}
					now = liveNow.Add(time.Duration(i) * 10 * pulseLength) // no pulse in flight
				}
				img.DrawImage(pic, nil)
				if err := o.Draw(img, r, cam, true); err != nil {
					b.Fatal(err)
				}
				if !bc.gpu {
					b.StopTimer()
				}
				px.ReadPixels(buf)
				if !bc.gpu {
					b.StartTimer()
				}
			}
			frame(0)
			frame(1)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				frame(i)
			}
			b.StopTimer()
			if len(o.marks) < benchN*9/10 {
				b.Fatalf("%d markers on screen, want about %d", len(o.marks), benchN)
			}
			b.ReportMetric(float64(o.Clusters()), "clusters")
		})
	}
}

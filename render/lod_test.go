package render

import (
	"image"
	"image/color"
	"reflect"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"

	"citytwin/scene/navigate"
)

func drawLOD(t *testing.T, meshes []scene.Mesh, cam scene.Camera, lod float64) (*image.RGBA, *Renderer, Stats) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.LODPixels = lod
	r.SetLayer(0, nil, meshes)
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, 320, 240), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	st := r.Draw(img, cam, Sorted)
	out := image.NewRGBA(img.Bounds())
	img.ReadPixels(out.Pix)
	return out, r, st
}

// While the camera moves, the sorted pass with simpler blocks for small
// buildings looks almost like the exact picture of the same frame.
func TestSortedCloseToExact(t *testing.T) {
	meshes := gridCity(60)
	r0, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r0.SetLayer(0, nil, meshes)
	for _, v := range []struct {
		name  string
		pitch float64
		zoom  float64
		lod   float64
		limit float64 // fraction of pixels allowed to differ
	}{
		{"overview", -35, 1, 0, 0.02},
		{"street", -12, 0.25, 0, 0.005},
		{"overview-lod", -35, 1, lodPixels, 0.05},
		{"street-lod", -12, 0.25, lodPixels, 0.005},
	} {
		t.Run(v.name, func(t *testing.T) {
			cam := navigate.HomeCamera(r0.Bounds(), 4.0/3, 45)
			cam.Pitch, cam.Range, cam.Heading = v.pitch, cam.Range*v.zoom, 30
			exact, _, _ := draw(t, nil, meshes, cam, Exact, 320, 240)
			sorted, _, st := drawLOD(t, meshes, cam, v.lod)
			bad := 0
			for i := 0; i < len(exact.Pix); i += 4 {
				if !sameColor(exact.RGBAAt(i/4%320, i/4/320), sorted.RGBAAt(i/4%320, i/4/320), 8) {
					bad++
				}
			}
			frac := float64(bad) / (320 * 240)
			t.Logf("%.2f%% of pixels differ (%d triangles sorted)", 100*frac, st.Triangles)
			if frac > v.limit {
				t.Errorf("%.2f%% of pixels differ, want at most %.2f%%", 100*frac, 100*v.limit)
			}
			if *updateGolden {
				writePNG(t, "testdata/"+v.name+"-exact.png", exact)
				writePNG(t, "testdata/"+v.name+"-sorted.png", sorted)
			}
		})
	}
}

// A box needs no simpler block (it is one); an L-shaped building gets one.
func TestProxyOnlyWhereSimpler(t *testing.T) {
	m := scene.Mesh{}
	c := color.NRGBA{R: 200, G: 190, B: 180, A: 255}
	addBox(&m, 0, scene.Vec3{0, 0, 0}, scene.Vec3{10, 10, 20}, c)
	first := len(m.Indices)
	addBox(&m, 1, scene.Vec3{30, 0, 0}, scene.Vec3{46, 8, 12}, c)
	addBox(&m, 1, scene.Vec3{30, 8, 0}, scene.Vec3{38, 16, 12}, c)
	m.Parts = append(m.Parts[:1], scene.Part{Feature: 1, First: first, Count: len(m.Indices) - first})
	chunks, _ := buildChunks(0, []scene.Mesh{m}, nil)
	if len(chunks) != 1 || len(chunks[0].parts) != 2 {
		t.Fatalf("got %d chunks, want 1 with 2 parts", len(chunks))
	}
	box, l := chunks[0].parts[0], chunks[0].parts[1]
	if box.proxy != -1 || box.v1-box.v0 != 8 {
		t.Errorf("box: proxy %d, %d vertices; want no proxy and 8 vertices", box.proxy, box.v1-box.v0)
	}
	if l.proxy < 0 || len(chunks[0].verts) != int(l.proxy)+8 {
		t.Errorf("L-shaped part: proxy %d of %d vertices; want its 8 block corners last", l.proxy, len(chunks[0].verts))
	}
}

// Flushing Ebiten's queue every so many vertices (to bound its memory)
// changes nothing in the picture, sorted or exact, and does flush.
func TestQueueBoundSamePicture(t *testing.T) {
	meshes := gridCity(60)
	for _, mode := range []Mode{Sorted, Exact} {
		var pics [2]*image.RGBA
		var flushes [2]int
		for i, bound := range []int{1 << 30, 4096} {
			r, err := NewRenderer()
			if err != nil {
				t.Fatal(err)
			}
			r.queued.max = bound
			r.SetLayer(0, nil, meshes)
			cam := navigate.HomeCamera(r.Bounds(), 4.0/3, 45)
			img := ebiten.NewImageWithOptions(image.Rect(0, 0, 320, 240), &ebiten.NewImageOptions{Unmanaged: true})
			r.Draw(img, cam, mode)
			pics[i] = image.NewRGBA(img.Bounds())
			img.ReadPixels(pics[i].Pix)
			img.Deallocate()
			flushes[i] = r.queued.flushes
		}
		if flushes[0] != 0 || flushes[1] < 4 {
			t.Errorf("mode %d: %d and %d flushes, want none unbounded and several with a bound of 4096 vertices", mode, flushes[0], flushes[1])
		}
		if !reflect.DeepEqual(pics[0].Pix, pics[1].Pix) {
			t.Errorf("mode %d: flushing changed the picture", mode)
		}
	}
}

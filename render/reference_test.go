package render

import (
	"encoding/json"
	"image"
	"image/png"
	"os"
	"strconv"
	"testing"

	"citytwin/scene"
)

const sharedScenes = "../../shared/data/scenes/"

// depthVisible builds shared/data/scenes/depth-visible.geojson (five
// lon/lat rectangles with height, min_height and fill) as boxes in the
// frame centred on the camera target, as CONTRACTS.md places GeoJSON.
func depthVisible(t *testing.T) ([]scene.Mesh, *scene.Frame) {
	data, err := os.ReadFile(sharedScenes + "depth-visible.geojson")
	if err != nil {
		t.Skip("shared data not found:", err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Height    float64 `json:"height"`
				MinHeight float64 `json:"min_height"`
				Fill      string  `json:"fill"`
			} `json:"properties"`
			Geometry struct {
				Coordinates [][][2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	f := scene.NewFrame(scene.Geo{Lon: 13.4005907, Lat: 52.52})
	var m scene.Mesh
	for i, ft := range fc.Features {
		b := scene.EmptyBox()
		for _, p := range ft.Geometry.Coordinates[0] {
			v := f.FromGeo(p[0], p[1], 0)
			b = b.Extend(scene.Vec3{v[0], v[1], ft.Properties.MinHeight}).Extend(scene.Vec3{v[0], v[1], ft.Properties.Height})
		}
		x, _ := strconv.ParseUint(ft.Properties.Fill[1:], 16, 32)
		addBox(&m, i, b.Min, b.Max, colorRGB(x))
	}
	return []scene.Mesh{m}, f
}

// The exact depth pass draws the reference scene as a z-buffer renderer
// does: below the horizon (the sky is a gradient here, flat there) all but
// a few edge pixels match the reference renderings.
func TestDepthVisibleReference(t *testing.T) {
	meshes, _ := depthVisible(t)
	for _, v := range []struct {
		name    string
		heading float64
	}{{"south", 0}, {"east", 270}} {
		t.Run(v.name, func(t *testing.T) {
			cam := scene.Camera{Target: scene.Vec3{0, 0, 8}, Heading: v.heading, Pitch: -12, Range: 260, FovY: 45}
			got, _, _ := draw(t, nil, meshes, cam, Exact, 800, 450)
			want := readPNG(t, sharedScenes+"depth-visible-"+v.name+".png")
			bad := 0
			for y := 115; y < 450; y++ {
				for x := 0; x < 800; x++ {
					r, g, b, _ := want.At(x, y).RGBA()
					if !sameColor(got.RGBAAt(x, y), rgba(r, g, b), 10) {
						bad++
					}
				}
			}
			t.Logf("%d of %d pixels differ", bad, 800*335)
			if bad > 40 {
				t.Errorf("%d pixels differ from the reference", bad)
			}
			if *updateGolden {
				writePNG(t, "testdata/depth-visible-"+v.name+".png", got)
			}
		})
	}
}

func readPNG(t *testing.T, path string) image.Image {
	f, err := os.Open(path)
	if err != nil {
		t.Skip("reference not found:", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func writePNG(t *testing.T, path string, img image.Image) {
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

package viewer

import (
	"image/color"
	"image/png"
	"os"
	"testing"

	"citytwin/scene"
)

// snapshotCam looks at footprintScene from the south-east.
var snapshotCam = scene.Camera{Target: scene.Vec3{25, 20, 0}, Heading: 330, Pitch: -35, Range: 180}

// Without a sun a snapshot is pixel for pixel the one drawn before the sun
// existed: testdata/footprints-nosun.png was written by the code before
// it (CITYTWIN_WRITE_GOLDEN=1 writes it again).
func TestSnapshotWithoutSunUnchanged(t *testing.T) {
	sc := footprintScene()
	ev, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := renderPicture(sc, ev, SnapshotOptions{Width: 320, Height: 240, Camera: snapshotCam})
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/footprints-nosun.png"
	if os.Getenv("CITYTWIN_WRITE_GOLDEN") != "" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		writePNG(t, golden, got)
		return
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != got.Bounds() {
		t.Fatalf("size %v, want %v", got.Bounds(), want.Bounds())
	}
	diff := 0
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			r, g, b, _ := want.At(x, y).RGBA()
			c := got.RGBAAt(x, y)
			if c != (color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 255}) {
				diff++
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d pixels differ from the picture drawn before the sun", diff)
	}
}

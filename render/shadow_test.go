package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"citytwin/scene"
)

// sunDir returns the unit direction towards a sun at azimuth az (degrees
// clockwise from north) and elevation el (degrees).
func sunDir(az, el float64) scene.Vec3 {
	a, e := az*math.Pi/180, el*math.Pi/180
	return scene.Vec3{math.Sin(a) * math.Cos(e), math.Cos(a) * math.Cos(e), math.Sin(e)}
}

// drawSun renders the meshes lit by a sun from dir (on) into a w×h picture.
func drawSun(t testing.TB, r *Renderer, cam scene.Camera, mode Mode, w, h int) *image.RGBA {
	t.Helper()
	img := ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
	defer img.Deallocate()
	r.Draw(img, cam, mode)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	img.ReadPixels(out.Pix)
	return out
}

func sunRenderer(t testing.TB, ground, solids []scene.Mesh, dir scene.Vec3) *Renderer {
	t.Helper()
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	r.SetLayer(0, ground, solids)
	r.MovingShadows = true // test the sorted mode's shadows too
	if err := r.SetSun(dir, true); err != nil {
		t.Fatal(err)
	}
	return r
}

// The shadow of a 100 m tower with the sun 45° up is 100 m long on flat
// ground (±2 %), whatever the sun's azimuth and the drawing mode: walk
// the ground from the tower's foot away from the sun, pixel by pixel,
// and find where the shadow ends.
func TestShadowLength(t *testing.T) {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-5, -5, 0}, scene.Vec3{5, 5, 100}, grey)
	for _, az := range []float64{180, 225, 300} {
		for _, md := range modes {
			t.Run(fmt.Sprintf("az%g/%s", az, md.name), func(t *testing.T) {
				dir := sunDir(az, 45)
				r := sunRenderer(t, nil, []scene.Mesh{m}, dir)
				// Away from the sun on the ground; the tip is cast by the
				// roof corner farthest along it.
				away := scene.Vec3{-dir[0], -dir[1], 0}
				n := math.Hypot(away[0], away[1])
				away = scene.Vec3{away[0] / n, away[1] / n, 0}
				foot := 5 * (math.Abs(away[0]) + math.Abs(away[1])) // the footprint's extent along away
				mid := scene.Vec3{away[0] * 60, away[1] * 60, 0}
				cam := scene.Camera{Target: mid, Heading: 0, Pitch: -89.9, Range: 400}
				const w, h = 640, 640
				img := drawSun(t, r, cam, md.mode, w, h)
				pr := r.Projector(cam, w, h)
				lit := r.uni["GroundLit"].(float32)
				shade := r.uni["GroundShade"].(float32)
				want := func(f float32) color.RGBA {
					c := groundTint
					return color.RGBA{R: uint8(math.Round(float64(c.R) * float64(f))), G: uint8(math.Round(float64(c.G) * float64(f))), B: uint8(math.Round(float64(c.B) * float64(f))), A: 255}
				}
				inShadow, inSun := want(shade), want(lit)
				// Walk from 20 m to 160 m from the tower's axis.
				end := -1.0
				last := true
				for d := foot + 15; d < 160; d += 0.25 {
					p := scene.Vec3{away[0] * d, away[1] * d, 0}
					x, y, _, ok := pr.Project(p)
					if !ok {
						t.Fatalf("%v off screen", p)
					}
					c := img.RGBAAt(int(x), int(y))
					switch {
					case sameColor(c, inShadow, 2):
						if !last {
							t.Fatalf("az %g: shadow again at %.2f m after it ended at %.2f m", az, d, end)
						}
					case sameColor(c, inSun, 2):
						if last {
							last = false
							end = d
						}
					default:
						t.Fatalf("az %g: at %.2f m colour %v is neither shadow %v nor sun %v", az, d, c, inShadow, inSun)
					}
				}
				if end < 0 {
					t.Fatalf("az %g: the shadow never ends", az)
				}
				// The tip: the far roof corner's shadow, 100 m beyond it;
				// the ground along the line from the axis meets it there
				// when the line passes the corner (az 180, 225), else the
				// shadow's edge is reached earlier (the side of the
				// prism of shadow): compare with the edge computed.
				wantEnd := shadowEnd(away, dir)
				if got := end; math.Abs(got-wantEnd) > 0.02*100 {
					t.Errorf("az %g: shadow ends %.2f m from the axis, want %.2f m (±2 m)", az, got, wantEnd)
				}
				if az == 180 {
					t.Logf("%s: shadow length from the north wall %.2f m", md.name, end-5)
				}
			})
		}
	}
}

// shadowEnd returns the distance from the axis, along away, at which the
// ray of ground points leaves the shadow of the box [-5,5]²×[0,100] lit
// from dir: the first point whose ray to the sun misses the box.
func shadowEnd(away, dir scene.Vec3) float64 {
	hit := func(d float64) bool {
		p := scene.Vec3{away[0] * d, away[1] * d, 0}
		// Where the ray p + s·dir is at height 0..100, is it inside?
		for s := 0.0; s*dir[2] <= 100; s += 0.05 {
			x, y := p[0]+dir[0]*s, p[1]+dir[1]*s
			if math.Abs(x) <= 5 && math.Abs(y) <= 5 {
				return true
			}
		}
		return false
	}
	d := 10.0
	for hit(d) {
		d += 0.05
	}
	return d
}

// No acne: with the sun low or high, a roof and a wall that face it are
// lit evenly (every pixel the colour of full sun), and the faces turned
// away are ambient only.
func TestShadowNoAcne(t *testing.T) {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-40, -40, 0}, scene.Vec3{40, 40, 30}, grey)
	for _, el := range []float64{8, 25, 60} {
		for _, md := range modes {
			t.Run(fmt.Sprintf("el%g/%s", el, md.name), func(t *testing.T) {
				dir := sunDir(200, el)
				r := sunRenderer(t, nil, []scene.Mesh{m}, dir)
				cam := scene.Camera{Target: scene.Vec3{0, 0, 15}, Heading: 30, Pitch: -35, Range: 260}
				const w, h = 480, 360
				img := drawSun(t, r, cam, md.mode, w, h)
				pr := r.Projector(cam, w, h)
				lit := func(n scene.Vec3) color.RGBA {
					k := ambient + diffuse*math.Max(0, dot3(n, dir))
					return color.RGBA{R: uint8(math.Round(float64(grey.R) * k)), G: uint8(math.Round(float64(grey.G) * k)), B: uint8(math.Round(float64(grey.B) * k)), A: 255}
				}
				faces := []struct {
					name string
					n    scene.Vec3
					p    func(a, b float64) scene.Vec3
				}{
					{"roof", scene.Vec3{0, 0, 1}, func(a, b float64) scene.Vec3 { return scene.Vec3{a, b, 30} }},
					{"south wall", scene.Vec3{0, -1, 0}, func(a, b float64) scene.Vec3 { return scene.Vec3{a, -40, 15 + b*0.35} }},
					{"west wall", scene.Vec3{-1, 0, 0}, func(a, b float64) scene.Vec3 { return scene.Vec3{-40, a, 15 + b*0.35} }},
				}
				for _, f := range faces {
					want := lit(f.n)
					bad := 0
					for a := -38.0; a <= 38; a += 2 {
						for b := -38.0; b <= 38; b += 2 {
							x, y, _, ok := pr.Project(f.p(a, b))
							if !ok || x < 0 || y < 0 || x >= w || y >= h {
								continue
							}
							if c := img.RGBAAt(int(x), int(y)); !sameColor(c, want, 2) {
								bad++
								if bad < 3 {
									t.Errorf("%s at (%g, %g): %v, want %v", f.name, a, b, c, want)
								}
							}
						}
					}
					if bad > 0 {
						t.Errorf("%s: %d pixels off", f.name, bad)
					}
				}
			})
		}
	}
}

// Turning the sun off draws exactly what a renderer that never had it
// draws.
func TestSunOffIdentical(t *testing.T) {
	ground := []scene.Mesh{{}}
	addQuad(&ground[0], -60, -60, 60, 60, 0.1, blue)
	solids := gridCity(4)
	cam := scene.Camera{Target: scene.Vec3{40, 40, 0}, Heading: 20, Pitch: -30, Range: 300}
	for _, md := range modes {
		want, _, _ := draw(t, ground, solids, cam, md.mode, 320, 240)
		r := sunRenderer(t, ground, solids, sunDir(150, 30))
		on := drawSun(t, r, cam, md.mode, 320, 240)
		if err := r.SetSun(scene.Vec3{}, false); err != nil {
			t.Fatal(err)
		}
		got := drawSun(t, r, cam, md.mode, 320, 240)
		if string(got.Pix) != string(want.Pix) {
			t.Errorf("%s: the picture with the sun turned off differs from one never lit", md.name)
		}
		if string(on.Pix) == string(want.Pix) {
			t.Errorf("%s: the sun changed nothing", md.name)
		}
	}
}

// The shadow map is drawn when the sun moves or the solids change, not
// when the camera moves.
func TestShadowMapRedraws(t *testing.T) {
	solids := gridCity(3)
	r := sunRenderer(t, nil, solids, sunDir(150, 30))
	cam := scene.Camera{Target: scene.Vec3{40, 40, 0}, Heading: 20, Pitch: -30, Range: 300}
	drawSun(t, r, cam, Exact, 64, 64)
	cam.Heading += 10
	drawSun(t, r, cam, Sorted, 64, 64)
	drawSun(t, r, cam, Exact, 64, 64)
	if n := r.ShadowMapsDrawn(); n != 1 {
		t.Errorf("camera moves: %d maps drawn, want 1", n)
	}
	_ = r.SetSun(sunDir(151, 30), true)
	drawSun(t, r, cam, Exact, 64, 64)
	r.SetLayer(0, nil, gridCity(2))
	drawSun(t, r, cam, Exact, 64, 64)
	if n := r.ShadowMapsDrawn(); n != 3 {
		t.Errorf("after a sun move and a new layer: %d maps drawn, want 3", n)
	}
}

// Without MovingShadows a moving camera sees the sun's light but no
// shadows: the ground in the tower's shadow is lit.
func TestSortedWithoutShadows(t *testing.T) {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-5, -5, 0}, scene.Vec3{5, 5, 100}, grey)
	r := sunRenderer(t, nil, []scene.Mesh{m}, sunDir(180, 45))
	r.MovingShadows = false
	cam := scene.Camera{Target: scene.Vec3{0, 50, 0}, Heading: 0, Pitch: -89.9, Range: 400}
	for _, md := range modes {
		img := drawSun(t, r, cam, md.mode, 320, 320)
		pr := r.Projector(cam, 320, 320)
		x, y, _, _ := pr.Project(scene.Vec3{0, 60, 0})
		c := img.RGBAAt(int(x), int(y))
		f := r.uni["GroundShade"].(float32) // at rest: in the shadow
		if md.mode == Sorted {
			f = r.uni["GroundLit"].(float32) // moving: no shadows
		}
		want := color.RGBA{R: uint8(math.Round(float64(groundTint.R) * float64(f))), G: uint8(math.Round(float64(groundTint.G) * float64(f))), B: uint8(math.Round(float64(groundTint.B) * float64(f))), A: 255}
		if !sameColor(c, want, 2) {
			t.Errorf("%s: ground 60 m north of the tower %v, want %v", md.name, c, want)
		}
	}
}

// A scenario that changes buildings redraws the shadow map; streamed
// tiles arriving (no casters) would not.
func TestShadowMapFollowsScenario(t *testing.T) {
	sc := vectorCity(4)
	base, err := sc.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := sc.Evaluate("raze")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	meshes := GroundOnly(r.SetScene(sc, base, nil))
	if err := r.SetSun(sunDir(150, 30), true); err != nil {
		t.Fatal(err)
	}
	cam := scene.Camera{Target: scene.Vec3{0, 0, 0}, Heading: 20, Pitch: -30, Range: 300}
	drawSun(t, r, cam, Exact, 64, 64)
	drawSun(t, r, cam, Exact, 64, 64)
	if n := r.ShadowMapsDrawn(); n != 1 {
		t.Fatalf("%d maps drawn for two redraws, want 1", n)
	}
	GroundOnly(r.UpdateScene(sc, base, ev, meshes, nil))
	drawSun(t, r, cam, Exact, 64, 64)
	if n := r.ShadowMapsDrawn(); n != 2 {
		t.Errorf("%d maps drawn after a scenario switch, want 2", n)
	}
}

// Instanced meshes (trees) cast shadows too: two copies of a 100 m
// tower, each with its shadow 50 m north of it with the sun due south.
func TestInstancesCastShadows(t *testing.T) {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-5, -5, 0}, scene.Vec3{5, 5, 100}, grey)
	for _, x := range []float64{-100, 100} {
		m.Instances = append(m.Instances, scene.MeshInstance{Transform: [12]float64{1, 0, 0, x, 0, 1, 0, 0, 0, 0, 1, 0}, Feature: -1})
	}
	r := sunRenderer(t, nil, []scene.Mesh{m}, sunDir(180, 45))
	cam := scene.Camera{Target: scene.Vec3{0, 50, 0}, Heading: 0, Pitch: -89.9, Range: 600}
	img := drawSun(t, r, cam, Exact, 480, 480)
	pr := r.Projector(cam, 480, 480)
	shade := r.uni["GroundShade"].(float32)
	want := color.RGBA{R: uint8(math.Round(float64(groundTint.R) * float64(shade))), G: uint8(math.Round(float64(groundTint.G) * float64(shade))), B: uint8(math.Round(float64(groundTint.B) * float64(shade))), A: 255}
	for _, x := range []float64{-100, 100} {
		px, py, _, _ := pr.Project(scene.Vec3{x, 50, 0})
		if c := img.RGBAAt(int(px), int(py)); !sameColor(c, want, 2) {
			t.Errorf("50 m north of the copy at x %g: %v, want the shadow %v", x, c, want)
		}
	}
	px, py, _, _ := pr.Project(scene.Vec3{0, 50, 0})
	if c := img.RGBAAt(int(px), int(py)); sameColor(c, want, 2) {
		t.Errorf("between the copies: shadowed %v", c)
	}
}

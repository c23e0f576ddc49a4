package render

import (
	"image/color"
	"testing"

	"citytwin/scene"
)

var modes = []struct {
	name string
	mode Mode
}{{"exact", Exact}, {"sorted", Sorted}}

// Two separate boxes, one behind the other: the nearer one wins where they
// overlap, the farther one shows beside it. Both modes get this right.
func TestNearerBoxWins(t *testing.T) {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{40, 60, 0}, scene.Vec3{120, 80, 40}, blue) // far, wide
	addBox(&m, 1, scene.Vec3{70, 0, 0}, scene.Vec3{90, 20, 20}, red)    // near, small
	cam := scene.Camera{Target: scene.Vec3{80, 40, 10}, Heading: 0, Pitch: -10, Range: 150}
	for _, md := range modes {
		t.Run(md.name, func(t *testing.T) {
			img, r, st := draw(t, nil, []scene.Mesh{m}, cam, md.mode, 320, 240)
			if got, want := at(t, img, r, cam, scene.Vec3{80, 0, 10}), shaded(red, south); !sameColor(got, want, 3) {
				t.Errorf("overlap: got %v, want the near red box %v", got, want)
			}
			if got, want := at(t, img, r, cam, scene.Vec3{50, 60, 30}), shaded(blue, south); !sameColor(got, want, 3) {
				t.Errorf("beside: got %v, want the far blue box %v", got, want)
			}
			if st.Triangles == 0 || st.DrawCalls == 0 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// A long low slab crosses through a tower: seen from the east, the slab's
// east face shows on both sides of the tower, and the tower's east face
// in between — only an exact depth test gets both sides right.
func TestSlabThroughTower(t *testing.T) {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-5, -5, 0}, scene.Vec3{5, 5, 100}, yellow)  // tower
	addBox(&m, 1, scene.Vec3{-2, -40, 0}, scene.Vec3{2, 40, 10}, purple) // slab
	// The slab's centre is nearer than the tower's, so sorting by distance
	// would draw the slab over the tower's foot.
	cam := scene.Camera{Target: scene.Vec3{0, 0, 10}, Heading: 270, Pitch: -3, Range: 200}
	img, r, _ := draw(t, nil, []scene.Mesh{m}, cam, Exact, 400, 300)
	tests := []struct {
		name string
		p    scene.Vec3
		want color.RGBA
	}{
		{"slab south of the tower", scene.Vec3{2, -25, 5}, shaded(purple, east)},
		{"slab north of the tower", scene.Vec3{2, 25, 5}, shaded(purple, east)},
		{"tower in front of the slab", scene.Vec3{5, 0, 5}, shaded(yellow, east)},
		{"tower above the slab", scene.Vec3{5, 0, 30}, shaded(yellow, east)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := at(t, img, r, cam, tt.p); !sameColor(got, tt.want, 3) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// A roof seen from a low angle: the thin band of the top face has the top
// shade, the wall below it the wall shade.
func TestRoofFromLowAngle(t *testing.T) {
	var m scene.Mesh
	addBox(&m, 0, scene.Vec3{-20, -20, 0}, scene.Vec3{20, 20, 30}, white)
	cam := scene.Camera{Target: scene.Vec3{0, 0, 30}, Heading: 0, Pitch: -6, Range: 120}
	for _, md := range modes {
		t.Run(md.name, func(t *testing.T) {
			img, r, _ := draw(t, nil, []scene.Mesh{m}, cam, md.mode, 320, 240)
			if got, want := at(t, img, r, cam, scene.Vec3{0, 10, 30}), shaded(white, up); !sameColor(got, want, 3) {
				t.Errorf("roof: got %v, want %v", got, want)
			}
			if got, want := at(t, img, r, cam, scene.Vec3{0, -20, 15}), shaded(white, south); !sameColor(got, want, 3) {
				t.Errorf("wall: got %v, want %v", got, want)
			}
		})
	}
}

// A road (ground mesh) runs under a building and far behind the camera:
// the building covers it where it stands, it shows in front of it, and the
// part behind the camera is clipped, not dropped, so the road reaches the
// bottom edge of the picture.
func TestRoadUnderBuilding(t *testing.T) {
	var road, bld scene.Mesh
	addQuad(&road, -6, -2000, 6, 2000, 0, grey)
	addBox(&bld, 0, scene.Vec3{-15, 100, 0}, scene.Vec3{15, 130, 25}, red)
	cam := scene.Camera{Target: scene.Vec3{0, 60, 0}, Heading: 0, Pitch: -12, Range: 70}
	for _, md := range modes {
		t.Run(md.name, func(t *testing.T) {
			img, r, _ := draw(t, []scene.Mesh{road}, []scene.Mesh{bld}, cam, md.mode, 320, 240)
			roadColor := shaded(grey, up)
			if got := at(t, img, r, cam, scene.Vec3{0, 80, 0}); !sameColor(got, roadColor, 2) {
				t.Errorf("road in front: got %v, want %v", got, roadColor)
			}
			if got, want := at(t, img, r, cam, scene.Vec3{0, 100, 2}), shaded(red, south); !sameColor(got, want, 3) {
				t.Errorf("building over the road: got %v, want %v", got, want)
			}
			// Bottom centre of the picture: the road, which starts behind
			// the camera.
			b := img.Bounds()
			if got := img.RGBAAt(b.Dx()/2, b.Dy()-1); !sameColor(got, roadColor, 2) {
				t.Errorf("bottom edge: got %v, want the road %v", got, roadColor)
			}
		})
	}
}

// Ground shows under the horizon and sky over it.
func TestSkyAndGround(t *testing.T) {
	cam := scene.Camera{Heading: 0, Pitch: -10, Range: 100}
	img, _, st := draw(t, nil, nil, cam, Exact, 320, 240)
	if got, want := img.RGBAAt(160, 230), shaded(groundTint, [3]float32{}); !sameColor(got, want, 1) {
		t.Errorf("ground: got %v, want %v", got, want)
	}
	if got := img.RGBAAt(160, 2); !sameColor(got, shaded(skyTop, [3]float32{}), 6) {
		t.Errorf("sky top: got %v, want about %v", got, skyTop)
	}
	if st.Triangles != 0 {
		t.Errorf("empty scene submitted %d triangles", st.Triangles)
	}
}

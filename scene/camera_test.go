package scene

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestCameraHeadingPitchRange(t *testing.T) {
	tests := []struct {
		name    string
		cam     Camera
		wantEye Vec3
	}{
		{"looking north level", Camera{Heading: 0, Pitch: 0, Range: 100}, Vec3{0, -100, 0}},
		{"looking east level", Camera{Heading: 90, Pitch: 0, Range: 100}, Vec3{-100, 0, 0}},
		{"looking north down 45", Camera{Heading: 0, Pitch: -45, Range: 100}, Vec3{0, -70.7107, 70.7107}},
		{"straight down", Camera{Target: Vec3{5, 5, 0}, Heading: 30, Pitch: -90, Range: 50}, Vec3{5, 5, 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eye := tt.cam.Eye()
			for i := range eye {
				if !near(eye[i], tt.wantEye[i], 1e-3) {
					t.Fatalf("Eye() = %v, want %v", eye, tt.wantEye)
				}
			}
			f, r, u := tt.cam.Basis()
			if u[2] < -1e-9 {
				t.Errorf("up vector %v points down: the picture would be upside down", u)
			}
			dot := f[0]*r[0] + f[1]*r[1] + f[2]*r[2]
			if !near(dot, 0, 1e-12) {
				t.Errorf("forward·right = %g, want 0", dot)
			}
		})
	}
}

func TestProjectorCentreAndSides(t *testing.T) {
	cam := Camera{Target: Vec3{0, 0, 0}, Heading: 0, Pitch: -30, Range: 200}
	pr := NewProjector(cam, 800, 600, 1, 10000)
	x, y, d, ok := pr.Project(cam.Target)
	if !ok || !near(x, 400, 1e-6) || !near(y, 300, 1e-6) || !near(d, 200, 1e-6) {
		t.Fatalf("target projects to (%v, %v) depth %v ok %v; want centre, depth 200", x, y, d, ok)
	}
	// East is right of the screen when looking north, and up is up.
	if x, _, _, _ := pr.Project(Vec3{10, 0, 0}); x <= 400 {
		t.Errorf("a point to the east is at x=%v, want right of centre", x)
	}
	if _, y, _, _ := pr.Project(Vec3{0, 0, 10}); y >= 300 {
		t.Errorf("a point above the target is at y=%v, want above centre", y)
	}
	if _, _, _, ok := pr.Project(cam.Eye()); ok {
		t.Errorf("the eye itself must be behind the near plane")
	}
	// The vertical field of view is 45°: a point at the top edge.
	top := math.Tan(22.5 * math.Pi / 180)
	f, _, u := cam.Basis()
	eye := cam.Eye()
	p := Vec3{eye[0] + 100*(f[0]+top*u[0]), eye[1] + 100*(f[1]+top*u[1]), eye[2] + 100*(f[2]+top*u[2])}
	if _, y, _, _ := pr.Project(p); !near(y, 0, 1e-6) {
		t.Errorf("point on the top edge of a 45° view projects to y=%v, want 0", y)
	}
}

func TestProjectorRayHitsWhatProjects(t *testing.T) {
	cam := Camera{Target: Vec3{30, -20, 5}, Heading: 210, Pitch: -40, Range: 500}
	pr := NewProjector(cam, 1280, 720, 1, 1e5)
	p := Vec3{60, 10, 12}
	sx, sy, _, ok := pr.Project(p)
	if !ok {
		t.Fatal("point not in front of camera")
	}
	o, d := pr.Ray(sx, sy)
	// Distance from p to the ray must be ~0.
	v := Vec3{p[0] - o[0], p[1] - o[1], p[2] - o[2]}
	tt := v[0]*d[0] + v[1]*d[1] + v[2]*d[2]
	dist := math.Sqrt(math.Pow(v[0]-tt*d[0], 2) + math.Pow(v[1]-tt*d[1], 2) + math.Pow(v[2]-tt*d[2], 2))
	if dist > 1e-6 {
		t.Fatalf("ray through the projection of p misses it by %g m", dist)
	}
}

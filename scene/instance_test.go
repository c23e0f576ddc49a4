package scene

import "testing"

func TestMeshInstance(t *testing.T) {
	// Turn a quarter to the left about z, double, then move 100 m east.
	in := MeshInstance{Transform: [12]float64{0, -2, 0, 100, 2, 0, 0, 0, 0, 0, 2, 5}, Feature: -1}
	if got := in.Apply([3]float32{1, 0, 0}); got != (Vec3{100, 2, 5}) {
		t.Errorf("Apply(1,0,0) = %v, want (100,2,5)", got)
	}
	if in.Mirrors() {
		t.Error("a turn and a scale reported as mirroring")
	}
	mirror := MeshInstance{Transform: [12]float64{-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}}
	if !mirror.Mirrors() {
		t.Error("x → −x not reported as mirroring")
	}
	b := in.Box(Box{Min: Vec3{0, 0, 0}, Max: Vec3{1, 1, 1}})
	if want := (Box{Min: Vec3{98, 0, 5}, Max: Vec3{100, 2, 7}}); b != want {
		t.Errorf("Box = %v, want %v", b, want)
	}
	if got := in.FeatureOf(Part{Feature: 3}); got != 3 {
		t.Errorf("FeatureOf with Feature -1 = %d, want the part's 3", got)
	}
	in.Feature = 7
	if got := in.FeatureOf(Part{Feature: 3}); got != 7 {
		t.Errorf("FeatureOf = %d, want the instance's 7", got)
	}
	m := Mesh{Indices: make([]uint32, 6)}
	if m.Triangles() != 2 {
		t.Errorf("Triangles without instances = %d, want 2", m.Triangles())
	}
	m.Instances = make([]MeshInstance, 50)
	if m.Triangles() != 100 {
		t.Errorf("Triangles with 50 instances = %d, want 100", m.Triangles())
	}
}

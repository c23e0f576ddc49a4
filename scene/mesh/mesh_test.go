package mesh

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

func square(x0, y0, s float64, ccw bool) orb.Ring {
	r := orb.Ring{{x0, y0}, {x0 + s, y0}, {x0 + s, y0 + s}, {x0, y0 + s}, {x0, y0}}
	if !ccw {
		r.Reverse()
	}
	return r
}

func triArea(m *scene.Mesh, t int) float64 {
	a, b, c := m.Vertices[m.Indices[t]].Pos, m.Vertices[m.Indices[t+1]].Pos, m.Vertices[m.Indices[t+2]].Pos
	return (float64(b[0]-a[0])*float64(c[1]-a[1]) - float64(b[1]-a[1])*float64(c[0]-a[0])) / 2
}

// faceNormal returns the unit normal of triangle t (index of its first
// index) from its winding (counter-clockwise seen from the front).
func faceNormal(m *scene.Mesh, t int) [3]float64 {
	a, b, c := m.Vertices[m.Indices[t]].Pos, m.Vertices[m.Indices[t+1]].Pos, m.Vertices[m.Indices[t+2]].Pos
	u := [3]float64{float64(b[0] - a[0]), float64(b[1] - a[1]), float64(b[2] - a[2])}
	w := [3]float64{float64(c[0] - a[0]), float64(c[1] - a[1]), float64(c[2] - a[2])}
	n := [3]float64{u[1]*w[2] - u[2]*w[1], u[2]*w[0] - u[0]*w[2], u[0]*w[1] - u[1]*w[0]}
	l := math.Sqrt(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])
	return [3]float64{n[0] / l, n[1] / l, n[2] / l}
}

func TestExtrusion(t *testing.T) {
	for _, c := range []struct {
		name      string
		outerCCW  bool
		holeCCW   bool
		minHeight float64
	}{
		{"ccw outer, cw hole", true, false, 0},
		{"cw outer, ccw hole", false, true, 0},
		{"ccw both, lifted", true, true, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := orb.Polygon{square(0, 0, 10, c.outerCCW), square(3, 3, 2, c.holeCCW)}
			f := &scene.Feature{Geometry: p}
			m := AppendFeature(nil, f, scene.Look{Extruded: true, Height: 12, MinHeight: c.minHeight})
			var roof, floor float64
			minZ := math.Inf(1)
			for tr := 0; tr < len(m.Indices); tr += 3 {
				v := m.Vertices[m.Indices[tr]]
				minZ = math.Min(minZ, float64(v.Pos[2]))
				n := faceNormal(m, tr)
				switch {
				case n[2] > 0.999:
					roof += triArea(m, tr)
				case n[2] < -0.999:
					floor += triArea(m, tr)
				case math.Abs(n[2]) > 1e-6:
					t.Fatalf("triangle %d is neither a roof, a floor nor a wall: normal %v", tr/3, n)
				default:
					// wall: its winding faces away from the material
					var cx, cy float64
					for k := 0; k < 3; k++ {
						q := m.Vertices[m.Indices[tr+k]].Pos
						cx += float64(q[0]) / 3
						cy += float64(q[1]) / 3
					}
					px, py := cx+0.01*n[0], cy+0.01*n[1]
					inside := px > 0 && px < 10 && py > 0 && py < 10 && !(px > 3 && px < 5 && py > 3 && py < 5)
					if inside {
						t.Fatalf("wall facing %v at %.2f,%.2f faces into the material", n, cx, cy)
					}
				}
			}
			if math.Abs(roof-96) > 1e-3 {
				t.Fatalf("roof area %.3f, want 96", roof)
			}
			if c.minHeight > 0 {
				if math.Abs(floor+96) > 1e-3 { // faces down: clockwise seen from above
					t.Fatalf("floor area %.3f, want -96", floor)
				}
				if minZ != c.minHeight {
					t.Fatalf("lowest vertex %.2f, want the gap up to %.2f", minZ, c.minHeight)
				}
			} else if floor != 0 || minZ != 0 {
				t.Fatalf("unexpected floor %.2f / min z %.2f", floor, minZ)
			}
		})
	}
}

func TestRibbonAndMarker(t *testing.T) {
	m := AppendFeature(nil, &scene.Feature{Geometry: orb.LineString{{0, 0}, {10, 0}, {10, 10}}}, scene.Look{LineWidth: 2})
	area := 0.0
	for tr := 0; tr < len(m.Indices); tr += 3 {
		a := triArea(m, tr)
		if a <= 0 {
			t.Fatalf("ribbon triangle %d faces down (%.3f)", tr/3, a)
		}
		area += a
	}
	if math.Abs(area-40) > 0.5 { // 2 × (10 + 10) with a mitre corner
		t.Fatalf("ribbon area %.2f, want about 40", area)
	}
	m = AppendFeature(nil, &scene.Feature{Geometry: orb.Point{5, 5}}, scene.Look{PointSize: 6})
	if len(m.Indices) == 0 {
		t.Fatal("no marker")
	}
	for _, v := range m.Vertices {
		if v.Pos[2] < 0 || v.Pos[2] > 6 || math.Hypot(float64(v.Pos[0]-5), float64(v.Pos[1]-5)) > 3.001 {
			t.Fatalf("marker vertex %v outside its 6 m prism", v.Pos)
		}
	}
}

func TestBuildLayerChunksAndLimits(t *testing.T) {
	l := &scene.Layer{ID: "b"}
	for i := 0; i < 6000; i++ {
		x, y := float64(i%80)*15, float64(i/80)*15
		l.Features = append(l.Features, scene.Feature{Index: i, Properties: map[string]any{"building": "yes", "height": 10.0},
			Geometry: orb.Polygon{square(x, y, 10, true)}})
	}
	l.Features = append(l.Features, scene.Feature{Index: 6000, Properties: map[string]any{"highway": "primary"}, Geometry: orb.LineString{{0, -5}, {100, -5}}})
	lm := BuildLayer(l, nil, 3)
	if len(lm.Ground) != 1 || len(lm.Solids) < 2 {
		t.Fatalf("%d ground, %d solid meshes", len(lm.Ground), len(lm.Solids))
	}
	parts := 0
	for _, m := range lm.Solids {
		if len(m.Vertices) > MaxVertices {
			t.Fatalf("mesh has %d vertices", len(m.Vertices))
		}
		for _, p := range m.Parts {
			parts++
			if p.Count != 30 { // 2 roof + 8 wall triangles
				t.Fatalf("part of feature %d has %d indices", p.Feature, p.Count)
			}
			c := lm.Chunking.FeatureChunk[p.Feature]
			if c < 0 {
				t.Fatal("feature without chunk")
			}
		}
	}
	if parts != 6000 || lm.Triangles() != 6000*10+2 {
		t.Fatalf("%d parts, %d triangles", parts, lm.Triangles())
	}
	if len(lm.SolidChunk) != len(lm.Solids) || len(lm.GroundChunk) != len(lm.Ground) {
		t.Fatal("chunk maps do not match meshes")
	}
	// rebuilding one chunk gives the same meshes as BuildLayer for it
	g, s := BuildChunk(l, nil, 3, lm.Chunking, lm.SolidChunk[0])
	_ = g
	if len(s) == 0 || len(s[0].Indices) != len(lm.Solids[0].Indices) {
		t.Fatal("BuildChunk differs from BuildLayer")
	}
}

func TestHugeFeatureIsSplit(t *testing.T) {
	var ring orb.Ring
	const n = 40000
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / n
		ring = append(ring, orb.Point{1000 * math.Cos(a), 1000 * math.Sin(a)})
	}
	ring = append(ring, ring[0])
	l := &scene.Layer{Features: []scene.Feature{{Properties: map[string]any{"height": 5.0}, Geometry: orb.Polygon{ring}}}}
	lm := BuildLayer(l, nil, 3)
	if len(lm.Solids) < 2 {
		t.Fatalf("%d meshes", len(lm.Solids))
	}
	for _, m := range lm.Solids {
		if len(m.Vertices) > MaxVertices {
			t.Fatalf("%d vertices", len(m.Vertices))
		}
	}
	if lm.Triangles() != (n-2)+2*n {
		t.Fatalf("%d triangles", lm.Triangles())
	}
}

func FuzzTriangulate(f *testing.F) {
	f.Add([]byte{0, 0, 10, 0, 10, 10, 0, 10, 3, 3, 4, 3, 4, 4}, uint8(4))
	f.Add([]byte{0, 0, 0, 0, 0, 0}, uint8(3))
	f.Fuzz(func(t *testing.T, b []byte, outer uint8) {
		var p orb.Polygon
		var ring orb.Ring
		for i := 0; i+1 < len(b); i += 2 {
			ring = append(ring, orb.Point{float64(b[i]), float64(b[i+1])})
			if len(ring) == int(outer)%8+3 {
				p = append(p, ring)
				ring = nil
			}
		}
		if len(ring) > 0 {
			p = append(p, ring)
		}
		pts, tris, _ := Triangulate(nil, p)
		for _, ix := range tris {
			if ix < 0 || 2*ix+1 >= len(pts) {
				t.Fatalf("index %d out of %d points", ix, len(pts)/2)
			}
		}
		AppendFeature(nil, &scene.Feature{Geometry: p}, scene.Look{Extruded: true, Height: 3})
	})
}

func BenchmarkAppendFeature(b *testing.B) {
	f := &scene.Feature{Geometry: orb.Polygon{square(0, 0, 10, true), square(3, 3, 2, false)}}
	m := &scene.Mesh{}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m.Vertices, m.Indices = m.Vertices[:0], m.Indices[:0]
		AppendFeature(m, f, scene.Look{Extruded: true, Height: 10})
	}
}

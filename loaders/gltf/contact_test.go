package gltf

import (
	"bufio"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"citytwin/scene"
)

// TestContactSheet draws every loadable sample of expected-gltf.tsv into
// one PNG with a small CPU rasteriser (z-buffer, textures, vertex colours,
// simple lighting), so a person can check orientation, textures and the
// texture-transform arrows by eye. It runs when CONTACT_SHEET names the
// output file; otherwise it only checks that each thumbnail has pixels.
func TestContactSheet(t *testing.T) {
	root := sampleFS(t)
	f, err := os.Open(filepath.Join(root, "expected-gltf.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, want, _ := strings.Cut(sc.Text(), "\t")
		if name == "" || strings.HasPrefix(name, "#") || strings.HasPrefix(want, "KHR_") || strings.HasPrefix(want, "EXT_") {
			continue
		}
		names = append(names, name)
	}
	names = append(names, "city3d/plateau-shizuoka-jp/test.glb")
	const cell, cols = 240, 5
	rows := (len(names) + cols - 1) / cols
	sheet := image.NewRGBA(image.Rect(0, 0, cols*cell, rows*cell))
	draw.Draw(sheet, sheet.Bounds(), image.NewUniform(color.RGBA{40, 44, 52, 255}), image.Point{}, draw.Src)
	for i, name := range names {
		l, err := Load(os.DirFS(root), name, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		thumb := renderThumb(l, cell, cell-16)
		r := image.Rect((i%cols)*cell, (i/cols)*cell, (i%cols+1)*cell, (i/cols+1)*cell)
		draw.Draw(sheet, r, thumb, image.Point{}, draw.Over)
		label := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		if strings.Contains(name, "Embedded") {
			label += " (embedded)"
		} else if strings.HasSuffix(name, ".gltf") {
			label += " (.gltf)"
		}
		d := font.Drawer{Dst: sheet, Src: image.NewUniform(color.White), Face: basicfont.Face7x13,
			Dot: fixed.P(r.Min.X+4, r.Max.Y-4)}
		d.DrawString(label)
		if !drewSomething(thumb) {
			t.Errorf("%s: empty thumbnail", name)
		}
	}
	if out := os.Getenv("CONTACT_SHEET"); out != "" {
		w, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if err := png.Encode(w, sheet); err != nil {
			t.Fatal(err)
		}
		t.Logf("contact sheet written to %s", out)
	}
}

func drewSomething(img *image.RGBA) bool {
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 0 {
			return true
		}
	}
	return false
}

// renderThumb draws l from the south-west, 30° above the horizon, into a
// w×h image with a transparent background.
func renderThumb(l *scene.Layer, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	b := l.Bounds
	c := b.Center()
	size := math.Max(math.Hypot(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]), b.Max[2]-b.Min[2])
	cam := scene.Camera{Target: c, Heading: 30, Pitch: -25, Range: size * 1.6, FovY: 40}
	pr := scene.NewProjector(cam, float64(w), float64(h), size*0.01, size*10)
	zbuf := make([]float64, w*h)
	for i := range zbuf {
		zbuf[i] = math.Inf(1)
	}
	light := [3]float64{0.4, -0.5, 0.77}
	for _, m := range l.Meshes {
		for t := 0; t+2 < len(m.Indices); t += 3 {
			var sx, sy, z [3]float64
			ok := true
			var vs [3]scene.Vertex
			for k := 0; k < 3; k++ {
				v := m.Vertices[m.Indices[t+k]]
				vs[k] = v
				var in bool
				sx[k], sy[k], z[k], in = pr.Project(scene.Vec3{float64(v.Pos[0]), float64(v.Pos[1]), float64(v.Pos[2])})
				ok = ok && in
			}
			if !ok {
				continue
			}
			area := (sx[1]-sx[0])*(sy[2]-sy[0]) - (sx[2]-sx[0])*(sy[1]-sy[0])
			if area == 0 {
				continue
			}
			x0, x1 := int(math.Max(0, math.Floor(min(sx[0], sx[1], sx[2])))), int(math.Min(float64(w-1), math.Ceil(max(sx[0], sx[1], sx[2]))))
			y0, y1 := int(math.Max(0, math.Floor(min(sy[0], sy[1], sy[2])))), int(math.Min(float64(h-1), math.Ceil(max(sy[0], sy[1], sy[2]))))
			for y := y0; y <= y1; y++ {
				for x := x0; x <= x1; x++ {
					px, py := float64(x)+0.5, float64(y)+0.5
					w0 := ((sx[1]-px)*(sy[2]-py) - (sx[2]-px)*(sy[1]-py)) / area
					w1 := ((sx[2]-px)*(sy[0]-py) - (sx[0]-px)*(sy[2]-py)) / area
					w2 := 1 - w0 - w1
					if w0 < 0 || w1 < 0 || w2 < 0 {
						continue
					}
					// Perspective-correct weights through 1/z.
					iz := w0/z[0] + w1/z[1] + w2/z[2]
					depth := 1 / iz
					if depth >= zbuf[y*w+x] {
						continue
					}
					zbuf[y*w+x] = depth
					p0, p1, p2 := w0/z[0]/iz, w1/z[1]/iz, w2/z[2]/iz
					col := [4]float64{}
					for k, p := range [3]float64{p0, p1, p2} {
						c := vs[k].Color
						col[0] += p * float64(c.R)
						col[1] += p * float64(c.G)
						col[2] += p * float64(c.B)
					}
					if m.Texture != nil {
						u := p0*float64(vs[0].UV[0]) + p1*float64(vs[1].UV[0]) + p2*float64(vs[2].UV[0])
						v := p0*float64(vs[0].UV[1]) + p1*float64(vs[1].UV[1]) + p2*float64(vs[2].UV[1])
						tb := m.Texture.Bounds()
						tx := tb.Min.X + int((u-math.Floor(u))*float64(tb.Dx()))
						ty := tb.Min.Y + int((v-math.Floor(v))*float64(tb.Dy()))
						r, g, bb, _ := m.Texture.At(tx, ty).RGBA()
						col[0] *= float64(r) / 65535
						col[1] *= float64(g) / 65535
						col[2] *= float64(bb) / 65535
					}
					shade := 1.0
					if !m.Unlit {
						n := faceNormal64(vs[0].Pos, vs[1].Pos, vs[2].Pos)
						d := math.Abs(n[0]*light[0] + n[1]*light[1] + n[2]*light[2])
						shade = 0.35 + 0.65*d
					}
					img.SetRGBA(x, y, color.RGBA{uint8(math.Min(255, col[0]*shade)), uint8(math.Min(255, col[1]*shade)), uint8(math.Min(255, col[2]*shade)), 255})
				}
			}
		}
	}
	return img
}

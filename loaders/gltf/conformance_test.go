package gltf

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"citytwin/scene"
)

// dataDir is the shared sample data (see shared/data/SOURCES.md).
const dataDir = "../../../shared/data"

func sampleFS(t testing.TB) (root string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dataDir, "expected-gltf.tsv")); err != nil {
		t.Skipf("sample data not found: %v", err)
	}
	return dataDir
}

func triangles(l *scene.Layer) int {
	n := 0
	for i := range l.Meshes {
		n += l.Meshes[i].Triangles()
	}
	return n
}

// TestConformance walks every file listed in expected-gltf.tsv: each loads
// with exactly the expected triangle count, or is refused with an
// *InputError naming the required extension and the file.
func TestConformance(t *testing.T) {
	root := sampleFS(t)
	f, err := os.Open(filepath.Join(root, "expected-gltf.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fsys := os.DirFS(root)
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, want, _ := strings.Cut(line, "\t")
		n++
		t.Run(name, func(t *testing.T) {
			l, err := Load(fsys, name, Options{})
			if count, convErr := strconv.Atoi(want); convErr == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if got := triangles(l); got != count {
					t.Errorf("triangles = %d, want %d", got, count)
				}
				checkLayer(t, l)
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Load error = %v, want an *InputError for %s", err, want)
			}
			if ie.Extension != want || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name extension %s and file %s", err, want, name)
			}
			if !strings.Contains(err.Error(), "gltf-transform") {
				t.Errorf("error %q gives no conversion advice", err)
			}
		})
	}
	if n < 20 {
		t.Fatalf("only %d entries in expected-gltf.tsv", n)
	}
}

// checkLayer asserts the invariants every loaded layer keeps.
func checkLayer(t *testing.T, l *scene.Layer) {
	t.Helper()
	if l.Kind != scene.KindGLTF {
		t.Errorf("kind %q", l.Kind)
	}
	for mi, m := range l.Meshes {
		if len(m.Vertices) > MaxVertices {
			t.Errorf("mesh %d has %d vertices", mi, len(m.Vertices))
		}
		if len(m.Indices)%3 != 0 {
			t.Errorf("mesh %d: %d indices", mi, len(m.Indices))
		}
		for _, ix := range m.Indices {
			if int(ix) >= len(m.Vertices) {
				t.Fatalf("mesh %d: index %d out of %d vertices", mi, ix, len(m.Vertices))
			}
		}
		covered := 0
		for _, p := range m.Parts {
			if p.Feature < 0 || p.Feature >= len(l.Features) || p.First < 0 || p.First+p.Count > len(m.Indices) {
				t.Fatalf("mesh %d: bad part %+v", mi, p)
			}
			covered += p.Count
		}
		if covered != len(m.Indices) {
			t.Errorf("mesh %d: parts cover %d of %d indices", mi, covered, len(m.Indices))
		}
	}
}

// TestInvalidFiles loads every file under gltf/invalid: only valid.glb
// loads; every other one fails with an *InputError naming the file, and
// nothing panics.
func TestInvalidFiles(t *testing.T) {
	root := sampleFS(t)
	fsys := os.DirFS(root)
	var names []string
	_ = filepath.WalkDir(filepath.Join(root, "gltf/invalid"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".glb") || strings.HasSuffix(p, ".gltf")) {
			rel, _ := filepath.Rel(root, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(names) < 12 {
		t.Fatalf("found only %d invalid samples", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			l, err := Load(fsys, name, Options{})
			if strings.HasSuffix(name, "/valid.glb") {
				if err != nil {
					t.Fatalf("valid.glb: %v", err)
				}
				if triangles(l) != 0 {
					t.Errorf("valid.glb drew %d triangles", triangles(l))
				}
				return
			}
			if err == nil {
				t.Fatalf("loaded without error (%d triangles)", triangles(l))
			}
			if !IsInputError(err) || !strings.Contains(err.Error(), name) {
				t.Errorf("error %q is not an InputError naming the file", err)
			}
			t.Log(err)
		})
	}
}

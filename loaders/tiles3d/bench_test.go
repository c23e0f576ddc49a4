package tiles3d

import (
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"citytwin/scene"
)

// BenchmarkLoad loads the sample tilesets; MB/s counts the tile files'
// bytes, B/tri the memory the loaded meshes hold per triangle.
func BenchmarkLoad(b *testing.B) {
	root := city3d(b)
	for _, dir := range []string{"3dbag-sibbe-nl", "lyon-1er-fr", "plateau-shizuoka-jp"} {
		b.Run(dir, func(b *testing.B) {
			var size int64
			_ = filepath.Walk(filepath.Join(root, dir), func(_ string, fi os.FileInfo, err error) error {
				if err == nil && !fi.IsDir() {
					size += fi.Size()
				}
				return nil
			})
			fsys := os.DirFS(filepath.Join(root, dir))
			b.ReportAllocs()
			b.SetBytes(size)
			var l *scene.Layer
			for b.Loop() {
				var err error
				if l, err = Load(fsys, "tileset.json", Options{}); err != nil {
					b.Fatal(err)
				}
			}
			tris, bytes := 0, 0
			for _, m := range l.Meshes {
				tris += m.Triangles()
				bytes += len(m.Vertices)*int(unsafe.Sizeof(scene.Vertex{})) + len(m.Indices)*4
			}
			b.ReportMetric(float64(bytes)/float64(tris), "B/tri")
		})
	}
}

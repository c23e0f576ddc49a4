package open

import "testing"

// BenchmarkDemo measures loading the embedded demo (scene file, six GeoJSON
// layers, one added layer) with the real loaders.
func BenchmarkDemo(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Demo(); err != nil {
			b.Fatal(err)
		}
	}
}

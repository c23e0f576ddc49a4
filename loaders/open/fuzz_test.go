package open

import (
	"bytes"
	"io"
	"testing"
)

// FuzzClassify checks that sniffing a .json file never panics and that a
// file it cannot tell is always an input error.
func FuzzClassify(f *testing.F) {
	f.Add([]byte(`{"layers": []}`))
	f.Add([]byte(`{"type": "FeatureCollection", "features": []}`))
	f.Add([]byte(`{"asset": {"version": "1.0"}, "root": {}}`))
	f.Add([]byte(`{"type": 3}`))
	f.Add([]byte("\xef\xbb\xbf[]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := classify("x.json", func() (io.Reader, error) { return bytes.NewReader(data), nil })
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("error %v is not an input error", err)
			}
			return
		}
		if c < contentScene || c > content3DTiles {
			t.Fatalf("content %d", c)
		}
	})
}

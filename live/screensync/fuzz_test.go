package screensync

import "testing"

// FuzzParse checks that no message on a room's topic panics, and that a
// state that parses marshals into one that parses the same.
func FuzzParse(f *testing.F) {
	f.Add(State{Camera: Camera{Lon: 7.42, Lat: 43.73, Heading: 20, Pitch: -30, Range: 800}, Scenarios: []string{"a"}, View: 1}.Marshal())
	f.Add([]byte(`{"v":1,"camera":{"range":1e308},"swipe":1}`))
	f.Add([]byte(`{"v":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b)
		if err != nil {
			return
		}
		again, err := Parse(s.Marshal())
		if err != nil || !again.Equal(s) {
			t.Fatalf("%s → %+v → %v (%+v)", b, s, err, again)
		}
	})
}

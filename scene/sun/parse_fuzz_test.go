package sun

import (
	"testing"
	"time"
)

// FuzzParseLocal: any string either fails or gives a time that prints back
// as the minutes it was read from.
func FuzzParseLocal(f *testing.F) {
	for _, s := range []string{"2026-06-21T14:00", "2026-06-21T14:00:30", "2026-03-29T02:30", "0000-01-01T00:00", "x"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Monaco")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseLocal(s, time.UTC)
		if err != nil {
			return
		}
		if got := u.Format(LocalLayout); got != s[:len(LocalLayout)] {
			t.Errorf("%q read as %s", s, got)
		}
		if _, err := ParseLocal(s, loc); err != nil {
			t.Errorf("%q: fine in UTC, not in Monaco: %v", s, err)
		}
	})
}

package viewflags

import (
	"bytes"
	"flag"
	"strings"
	"testing"
	"time"
)

func TestSunFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		want time.Time
		err  string
	}{
		{nil, time.Time{}, ""},
		{[]string{"-sun", "2026-06-21T14:00"}, time.Date(2026, 6, 21, 14, 0, 0, 0, time.UTC), ""},
		{[]string{"--sun=2026-12-21T09:30:15"}, time.Date(2026, 12, 21, 9, 30, 15, 0, time.UTC), ""},
		{[]string{"-sun", "2026-06-21"}, time.Time{}, `invalid value "2026-06-21" for flag -sun: want a local date and time like 2026-06-21T14:00`},
		{[]string{"-sun", "2026-06-21T25:00"}, time.Time{}, "want a local date and time"},
	} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		var out bytes.Buffer
		fs.SetOutput(&out)
		o, err := Parse(c.args, fs)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%v: err %v, want %q", c.args, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%v: %v", c.args, err)
		case c.err == "" && !o.Sun.Equal(c.want):
			t.Errorf("%v: sun %v, want %v", c.args, o.Sun, c.want)
		}
	}
	// The time zone database is embedded: scene zones load anywhere.
	if _, err := time.LoadLocation("Europe/Monaco"); err != nil {
		t.Error(err)
	}
}

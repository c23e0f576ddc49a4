package sun

import (
	"fmt"
	"time"
)

// LocalLayout is the form of a local date-time in the scene file's "sun"
// field and the -sun flag: a date and a clock time with no zone.
const LocalLayout = "2006-01-02T15:04"

// DateLayout is the form of a date in the -date flag.
const DateLayout = "2006-01-02"

// ParseLocal reads s, a local date-time "YYYY-MM-DDTHH:MM" (seconds
// ":SS" allowed), as wall-clock time in loc (nil is UTC). In the hour a
// daylight-saving change skips or repeats, time.Date's choice applies.
func ParseLocal(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	for _, layout := range []string{LocalLayout, LocalLayout + ":05"} {
		// Go reads a one-digit hour for "15": the length keeps the form strict.
		if len(s) != len(layout) {
			continue
		}
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("want a local date and time like 2026-06-21T14:00, got %q", s)
}

// ParseDate reads s, a date "YYYY-MM-DD", as the start of that day in loc
// (nil is UTC).
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, err := time.ParseInLocation(DateLayout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date like 2026-03-20, got %q", s)
	}
	return t, nil
}

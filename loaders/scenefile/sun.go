package scenefile

import (
	"fmt"
	"time"

	"citytwin/scene/sun"
)

// SunSettings returns the scene's time zone ("timezone", an IANA name;
// UTC when absent) and the instant of its "sun" (the local date-time read
// in that zone; the zero Time when absent). A bad value is an *InputError
// whose Path names the field. Time zones come from the system's zoneinfo
// or, where it is missing, from the tz database the commands embed
// (time/tzdata).
func (f *File) SunSettings() (*time.Location, time.Time, error) {
	loc := time.UTC
	if f.TimeZone != "" {
		l, err := time.LoadLocation(f.TimeZone)
		if err != nil || f.TimeZone == "Local" {
			return nil, time.Time{}, &InputError{Path: "timezone", Reason: fmt.Sprintf("unknown time zone %q (want an IANA name such as Europe/Monaco, or UTC)", f.TimeZone)}
		}
		loc = l
	}
	if f.Sun == "" {
		return loc, time.Time{}, nil
	}
	t, err := sun.ParseLocal(f.Sun, loc)
	if err != nil {
		return nil, time.Time{}, &InputError{Path: "sun", Reason: err.Error()}
	}
	return loc, t, nil
}

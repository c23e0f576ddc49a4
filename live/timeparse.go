package live

import (
	"strings"
	"time"
)

// parseTime reads the date-times feeds send without allocating:
// RFC 3339 ("2026-11-26T10:00:00Z", "...+01:00", with any fraction), the same
// with a space instead of 'T', and a date alone ("2026-11-26", midnight).
// A time without a zone is taken to be UTC. The result is in UTC.
func parseTime(b []byte) (time.Time, bool) {
	n := len(b)
	if n < 10 || b[4] != '-' || b[7] != '-' {
		return time.Time{}, false
	}
	year, ok1 := atoiN(b[0:4])
	month, ok2 := atoiN(b[5:7])
	day, ok3 := atoiN(b[8:10])
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	if n == 10 {
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true
	}
	if n < 16 || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') || b[13] != ':' {
		return time.Time{}, false
	}
	hour, ok1 := atoiN(b[11:13])
	minute, ok2 := atoiN(b[14:16])
	if !ok1 || !ok2 || hour > 24 || minute > 59 {
		return time.Time{}, false
	}
	i := 16
	sec, nsec := 0, 0
	if i < n && b[i] == ':' {
		if i+3 > n {
			return time.Time{}, false
		}
		var ok bool
		if sec, ok = atoiN(b[i+1 : i+3]); !ok || sec > 60 {
			return time.Time{}, false
		}
		i += 3
		if i < n && (b[i] == '.' || b[i] == ',') {
			i++
			scale := 100000000
			start := i
			for i < n && b[i] >= '0' && b[i] <= '9' {
				if scale > 0 {
					nsec += int(b[i]-'0') * scale
					scale /= 10
				}
				i++
			}
			if i == start {
				return time.Time{}, false
			}
		}
	}
	offset := 0
	switch {
	case i == n:
	case b[i] == 'Z' || b[i] == 'z':
		if i+1 != n {
			return time.Time{}, false
		}
	case b[i] == '+' || b[i] == '-':
		rest := b[i+1:]
		var hh, mm int
		var ok bool
		switch len(rest) {
		case 5: // hh:mm
			if rest[2] != ':' {
				return time.Time{}, false
			}
			hh, ok = atoiN(rest[0:2])
			if ok {
				mm, ok = atoiN(rest[3:5])
			}
		case 4: // hhmm
			hh, ok = atoiN(rest[0:2])
			if ok {
				mm, ok = atoiN(rest[2:4])
			}
		case 2: // hh
			hh, ok = atoiN(rest)
		}
		if !ok || hh > 23 || mm > 59 {
			return time.Time{}, false
		}
		offset = (hh*60 + mm) * 60
		if b[i] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

func atoiN(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, len(b) > 0
}

// parseObservedTime reads a time that may be an ISO 8601 interval
// "start/end" (Smart Data Models dateObserved); an interval gives its end,
// when the value became known.
func parseObservedTime(s string) (time.Time, bool) {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		if t, ok := parseTime([]byte(s[i+1:])); ok {
			return t, true
		}
		return parseTime([]byte(s[:i]))
	}
	return parseTime([]byte(s))
}

package live

import (
	"errors"
	"fmt"
	"time"
)

// decodeNative reads a native message: one object or an array of them.
// With auto set, an object without "values" returns errNotNative.
func (d *Decoder) decodeNative(msg []byte, auto bool) error {
	s := scanner{b: msg}
	switch s.peek() {
	case '{':
		r := d.next()
		if err := d.nativeObject(&s, r, auto); err != nil {
			d.out = d.out[:0]
			return err
		}
	case '[':
		s.i++
		if s.peek() == ']' {
			s.i++
			break
		}
		bad, first := 0, error(nil)
		for k := 0; ; k++ {
			if s.peek() != '{' {
				d.out = d.out[:0]
				return s.errf("batch element %d is not an object", k)
			}
			r := d.next()
			start := s.i
			if err := d.nativeObject(&s, r, auto); err != nil {
				d.out = d.out[:len(d.out)-1]
				if auto && errors.Is(err, errNotNative) && k == 0 {
					return err
				}
				// Skip the rest of a bad element so the batch goes on.
				s.i = start
				if serr := s.skip(0); serr != nil {
					d.out = d.out[:0]
					return fmt.Errorf("batch element %d: %w", k, serr)
				}
				bad++
				if first == nil {
					first = fmt.Errorf("batch element %d: %w", k, err)
				}
			}
			done, err := s.more(']')
			if err != nil {
				d.out = d.out[:0]
				return err
			}
			if done {
				break
			}
		}
		if s.peek() != 0 {
			d.out = d.out[:0]
			return s.errf("data after the message")
		}
		if bad > 0 {
			return fmt.Errorf("%d of %d batch elements unusable, first: %w", bad, bad+len(d.out), first)
		}
		return nil
	case 0:
		return errors.New("empty message")
	default:
		return s.errf("a message must be a JSON object or array")
	}
	if s.peek() != 0 {
		d.out = d.out[:0]
		return s.errf("data after the message")
	}
	return nil
}

// nativeObject reads {"id", "lon", "lat", "alt", "time", "type", "name",
// "values", "units"} into r; other members are skipped.
func (d *Decoder) nativeObject(s *scanner, r *Reading, auto bool) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	d.units = d.units[:0]
	var hasLon, hasLat, hasValues, hasContext bool
	if s.peek() == '}' {
		s.i++
		if auto {
			return errNotNative
		}
		return errors.New("empty object")
	}
	for {
		key, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		switch string(key) {
		case "id":
			switch c := s.peek(); {
			case c == '"':
				v, err := s.str()
				if err != nil {
					return err
				}
				r.Sensor = d.intern(v)
			case c == '-' || (c >= '0' && c <= '9'):
				v, err := s.numberSpan()
				if err != nil {
					return err
				}
				r.Sensor = d.intern(v)
			default:
				return s.errf("id must be a string or a number")
			}
		case "lon", "lat", "alt":
			if s.peek() == 'n' {
				if _, err := s.literal(); err != nil {
					return err
				}
				break // a null coordinate is ignored
			}
			f, err := s.number()
			if err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			switch key[1] {
			case 'o':
				r.Lon, hasLon = f, true
			case 'a':
				r.Lat, hasLat = f, true
			default:
				r.Alt = f
			}
		case "time":
			if c := s.peek(); c == '-' || (c >= '0' && c <= '9') {
				// Unix time: seconds, or milliseconds when above 1e11.
				f, err := s.number()
				if err != nil {
					return fmt.Errorf("time: %w", err)
				}
				t, ok := unixTime(f)
				if !ok {
					return fmt.Errorf("time %g is out of range", f)
				}
				r.Time = t
				break
			}
			v, err := s.str()
			if err != nil {
				return fmt.Errorf("time: %w", err)
			}
			t, ok := parseTime(v)
			if !ok {
				return fmt.Errorf("time %q is not RFC 3339", v)
			}
			r.Time = t
		case "type", "name":
			if s.peek() != '"' {
				if err := s.skip(0); err != nil {
					return err
				}
				break
			}
			v, err := s.str()
			if err != nil {
				return err
			}
			if key[0] == 't' {
				r.Type = d.intern(v)
			} else {
				r.Name = d.intern(v)
			}
		case "values":
			if s.peek() != '{' {
				return s.errf("values must be an object")
			}
			hasValues = true
			if err := d.nativeValues(s, r); err != nil {
				return fmt.Errorf("values: %w", err)
			}
		case "units":
			if s.peek() != '{' {
				if err := s.skip(0); err != nil {
					return err
				}
				break
			}
			if err := d.nativeUnits(s); err != nil {
				return fmt.Errorf("units: %w", err)
			}
		case "@context":
			hasContext = true
			if err := s.skip(0); err != nil {
				return err
			}
		default:
			if err := s.skip(0); err != nil {
				return err
			}
		}
		done, err := s.more('}')
		if err != nil {
			return err
		}
		if done {
			break
		}
	}
	if !hasValues || hasContext {
		if auto {
			return errNotNative
		}
		return errors.New("no \"values\" object")
	}
	if r.Sensor == "" {
		return errors.New("no \"id\"")
	}
	if hasLon != hasLat {
		return errors.New("lon and lat must come together")
	}
	if hasLon {
		if !validPos(r.Lon, r.Lat) {
			return fmt.Errorf("position %g,%g out of range", r.Lon, r.Lat)
		}
		r.HasPos = true
	}
	for _, u := range d.units {
		for i := range r.Values {
			if r.Values[i].Quantity == u.Quantity {
				r.Values[i].Unit = u.Value
			}
		}
	}
	return nil
}

// nativeValues reads {"q": number|string|bool|null|{"value": n, "unit": u}}.
func (d *Decoder) nativeValues(s *scanner, r *Reading) error {
	s.i++ // '{'
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		key, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		switch c := s.peek(); {
		case c == '-' || (c >= '0' && c <= '9'):
			f, err := s.number()
			if err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			if len(r.Values) < maxQuantities {
				r.Values = append(r.Values, Value{Quantity: d.intern(key), Value: f})
			}
		case c == '"':
			v, err := s.str()
			if err != nil {
				return err
			}
			if len(r.Categories) < maxQuantities {
				r.Categories = append(r.Categories, Category{Quantity: d.intern(key), Value: d.intern(v)})
			}
		case c == 't' || c == 'f' || c == 'n':
			lit, err := s.literal()
			if err != nil {
				return err
			}
			if lit != "null" && len(r.Categories) < maxQuantities {
				r.Categories = append(r.Categories, Category{Quantity: d.intern(key), Value: lit})
			}
		case c == '{':
			if err := d.nativeValueObject(s, r, key); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		default:
			if err := s.skip(0); err != nil {
				return err
			}
		}
		done, err := s.more('}')
		if err != nil || done {
			return err
		}
	}
}

// nativeValueObject reads {"value": n, "unit": "u"}; other shapes are skipped.
func (d *Decoder) nativeValueObject(s *scanner, r *Reading, key []byte) error {
	s.i++
	var v Value
	has := false
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		k, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		switch {
		case string(k) == "value" && (s.peek() == '-' || (s.peek() >= '0' && s.peek() <= '9')):
			if v.Value, err = s.number(); err != nil {
				return err
			}
			has = true
		case string(k) == "unit" && s.peek() == '"':
			u, err := s.str()
			if err != nil {
				return err
			}
			v.Unit = d.intern(u)
		default:
			if err := s.skip(1); err != nil {
				return err
			}
		}
		done, err := s.more('}')
		if err != nil {
			return err
		}
		if done {
			break
		}
	}
	if has && len(r.Values) < maxQuantities {
		v.Quantity = d.intern(key)
		r.Values = append(r.Values, v)
	}
	return nil
}

// nativeUnits reads {"q": "unit"} into d.units.
func (d *Decoder) nativeUnits(s *scanner) error {
	s.i++
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		k, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if s.peek() == '"' {
			u, err := s.str()
			if err != nil {
				return err
			}
			if len(d.units) < maxQuantities {
				d.units = append(d.units, Category{Quantity: d.intern(k), Value: d.intern(u)})
			}
		} else if err := s.skip(1); err != nil {
			return err
		}
		done, err := s.more('}')
		if err != nil || done {
			return err
		}
	}
}

// unixTime reads a Unix time in seconds, or in milliseconds when above
// 1e11 (year 5138 in seconds), between 1970 and 2200.
func unixTime(f float64) (time.Time, bool) {
	if f > 1e11 {
		f /= 1000
	}
	if !(f >= 0 && f < 7258118400) {
		return time.Time{}, false
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
}

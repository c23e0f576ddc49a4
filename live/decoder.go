package live

import (
	"errors"
	"fmt"
)

// maxInterned bounds the Decoder's string table so a feed inventing new ids
// forever cannot grow memory without limit (it then allocates instead).
const maxInterned = 1 << 17

// maxQuantities bounds the values and categories kept from one reading.
const maxQuantities = 64

// errNotNative says an object has no "values" member: in FormatAuto the
// message is then read as NGSI.
var errNotNative = errors.New("no \"values\" object")

// Decoder turns live messages into Readings. It reuses its buffers and
// interns ids and quantity names, so decoding a steady native feed allocates
// nothing. A Decoder is not safe for concurrent use: give each Source its own.
type Decoder struct {
	// Format is the form expected; FormatAuto decides per message.
	Format Format

	strs  map[string]string
	out   []Reading
	units []Category // native "units" of the object being read
}

// NewDecoder returns a Decoder for messages in format f.
func NewDecoder(f Format) *Decoder {
	return &Decoder{Format: f, strs: make(map[string]string)}
}

// Decode reads one message (the payload of one WebSocket text frame) and
// returns its readings. The returned slice and the Values and Categories in
// it are owned by d and valid until the next call to Decode.
//
// A batch whose elements are partly unusable returns the usable readings
// together with an error describing the rest; an unusable message returns no
// readings and an error saying why.
func (d *Decoder) Decode(msg []byte) ([]Reading, error) {
	if d.strs == nil {
		d.strs = make(map[string]string)
	}
	d.out = d.out[:0]
	switch d.Format {
	case FormatNative:
		err := d.decodeNative(msg, false)
		if err != nil {
			err = fmt.Errorf("native: %w", err)
		}
		return d.out, err
	case FormatNGSI:
		err := d.decodeNGSI(msg)
		if err != nil {
			err = fmt.Errorf("ngsi: %w", err)
		}
		return d.out, err
	}
	err := d.decodeNative(msg, true)
	if errors.Is(err, errNotNative) {
		d.out = d.out[:0]
		if err = d.decodeNGSI(msg); err != nil {
			err = fmt.Errorf("ngsi: %w", err)
		}
		return d.out, err
	}
	if err != nil {
		err = fmt.Errorf("native: %w", err)
	}
	return d.out, err
}

// Decode is a convenience for one message: it returns readings that own
// their slices (safe to keep), at the cost of allocating.
func Decode(msg []byte, f Format) ([]Reading, error) {
	rs, err := NewDecoder(f).Decode(msg)
	return rs, err
}

// intern returns b as a string, shared with earlier equal strings.
func (d *Decoder) intern(b []byte) string {
	if s, ok := d.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(d.strs) < maxInterned {
		d.strs[s] = s
	}
	return s
}

func (d *Decoder) internString(s string) string {
	if v, ok := d.strs[s]; ok {
		return v
	}
	if len(d.strs) < maxInterned {
		d.strs[s] = s
	}
	return s
}

// next appends a cleared Reading to d.out, reusing its slices.
func (d *Decoder) next() *Reading {
	if len(d.out) < cap(d.out) {
		d.out = d.out[:len(d.out)+1]
		r := &d.out[len(d.out)-1]
		*r = Reading{Values: r.Values[:0], Categories: r.Categories[:0]}
		return r
	}
	d.out = append(d.out, Reading{})
	return &d.out[len(d.out)-1]
}

func validPos(lon, lat float64) bool {
	return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}

// Package touch reads real multi-touch from the Linux kernel's input
// devices (evdev, multi-touch protocol type B: ABS_MT_SLOT,
// ABS_MT_TRACKING_ID, ABS_MT_POSITION_X/Y, framed by SYN_REPORT), which
// Ebiten on the desktop does not deliver (it turns a touchscreen into one
// emulated mouse pointer). The Decoder is pure: it turns struct
// input_event records into contacts going down, moving and up, and is
// tested with recorded byte streams and fuzzed. The device reader
// (Open, Linux only) finds the multi-touch devices under /dev/input and
// feeds a Decoder per device. It imports nothing of ours and no Ebiten;
// the viewer (citytwin/render/viewer) maps contacts onto its window and
// hands them to scene/navigate.
//
//	var d touch.Decoder
//	for _, e := range touch.ParseEvents(buf) {
//		for _, c := range d.Feed(e) { /* c.Kind, c.ID, c.X, c.Y */ }
//	}
package touch

import (
	"encoding/binary"
	"time"
)

// Linux input event types and codes (linux/input-event-codes.h).
const (
	EvSyn = 0x00
	EvKey = 0x01
	EvAbs = 0x03

	SynReport  = 0
	SynDropped = 3

	AbsMTSlot       = 0x2f
	AbsMTPositionX  = 0x35
	AbsMTPositionY  = 0x36
	AbsMTTrackingID = 0x39
)

const (
	maxSlots      = 64 // more slots than any panel has; larger ones are ignored
	timevalSize64 = 16 // struct timeval on 64-bit Linux
)

// Event is one struct input_event.
type Event struct {
	Time  time.Duration // the kernel's timestamp (since the epoch)
	Type  uint16
	Code  uint16
	Value int32
}

// EventSize is the size in bytes of one struct input_event on 64-bit
// Linux, the layout ParseEvents reads.
const EventSize = 24

// ParseEvents decodes whole struct input_event records (64-bit layout:
// seconds and microseconds as 64-bit integers, type, code, value) from b,
// little-endian; a partial record at the end is ignored.
func ParseEvents(b []byte) []Event {
	return AppendEvents(nil, b)
}

// AppendEvents appends the records of b to dst and returns it.
func AppendEvents(dst []Event, b []byte) []Event {
	for ; len(b) >= EventSize; b = b[EventSize:] {
		sec := int64(binary.LittleEndian.Uint64(b[0:]))
		usec := int64(binary.LittleEndian.Uint64(b[8:]))
		dst = append(dst, Event{
			Time:  time.Duration(sec)*time.Second + time.Duration(usec)*time.Microsecond,
			Type:  binary.LittleEndian.Uint16(b[timevalSize64:]),
			Code:  binary.LittleEndian.Uint16(b[timevalSize64+2:]),
			Value: int32(binary.LittleEndian.Uint32(b[timevalSize64+4:])),
		})
	}
	return dst
}

// AppendRecord appends e as a struct input_event to dst (for tests and
// recordings).
func AppendRecord(dst []byte, e Event) []byte {
	var b [EventSize]byte
	binary.LittleEndian.PutUint64(b[0:], uint64(e.Time/time.Second))
	binary.LittleEndian.PutUint64(b[8:], uint64(e.Time%time.Second/time.Microsecond))
	binary.LittleEndian.PutUint16(b[16:], e.Type)
	binary.LittleEndian.PutUint16(b[18:], e.Code)
	binary.LittleEndian.PutUint32(b[20:], uint32(e.Value))
	return append(dst, b[:]...)
}

// Kind is what happened to a contact.
type Kind uint8

// Contact changes.
const (
	Down Kind = iota + 1
	Move
	Up
)

// Contact is a change of one finger, in device units.
type Contact struct {
	Kind Kind
	// ID is the kernel's tracking id: unique while the finger is down.
	ID   int32
	X, Y int32
	Time time.Duration
}

// slot is the state of one slot: the contact it holds (ID ≥ 0) and where,
// as reported so far and as last handed out.
type slot struct {
	id, x, y     int32
	sentID       int32 // the id handed out as down (-1: none)
	sentX, sentY int32
}

// Decoder turns a device's events into contact changes. The zero value is
// ready (slot 0 current, no contacts). It is not safe for concurrent use.
type Decoder struct {
	slots   [maxSlots]slot
	cur     int32
	dropped bool // SYN_DROPPED: ignore until the next SYN_REPORT
	init    bool
	out     []Contact
}

func (d *Decoder) setup() {
	if !d.init {
		for i := range d.slots {
			d.slots[i] = slot{id: -1, sentID: -1}
		}
		d.init = true
	}
}

// SetSlot sets the current slot (as EVIOCGABS(ABS_MT_SLOT) reports it
// when a device is opened).
func (d *Decoder) SetSlot(s int32) { d.setup(); d.cur = s }

// Feed takes one event and returns the contact changes it completes: at
// each SYN_REPORT, an Up for every contact lifted, a Down for every new
// one and a Move for every one moved (the slice is reused by the next
// call). After SYN_DROPPED (the kernel's buffer overran) every contact
// is lifted, and the events up to the next SYN_REPORT are ignored.
func (d *Decoder) Feed(e Event) []Contact {
	d.setup()
	d.out = d.out[:0]
	switch e.Type {
	case EvSyn:
		switch e.Code {
		case SynReport:
			if d.dropped {
				d.dropped = false
				return d.out
			}
			d.report(e.Time)
		case SynDropped:
			d.dropped = true
			for i := range d.slots {
				s := &d.slots[i]
				if s.sentID >= 0 {
					d.out = append(d.out, Contact{Kind: Up, ID: s.sentID, X: s.sentX, Y: s.sentY, Time: e.Time})
				}
				*s = slot{id: -1, sentID: -1}
			}
		}
	case EvAbs:
		if d.dropped {
			return d.out
		}
		if e.Code == AbsMTSlot {
			d.cur = e.Value
			return d.out
		}
		if d.cur < 0 || d.cur >= maxSlots {
			return d.out
		}
		s := &d.slots[d.cur]
		switch e.Code {
		case AbsMTTrackingID:
			s.id = max(e.Value, -1)
		case AbsMTPositionX:
			s.x = e.Value
		case AbsMTPositionY:
			s.y = e.Value
		}
	}
	return d.out
}

// report hands out the changes since the last report.
func (d *Decoder) report(t time.Duration) {
	// Lifts first, so that a finger lifted and another put down in the
	// same slot in one frame are an Up then a Down.
	for i := range d.slots {
		s := &d.slots[i]
		if s.sentID >= 0 && s.id != s.sentID {
			d.out = append(d.out, Contact{Kind: Up, ID: s.sentID, X: s.sentX, Y: s.sentY, Time: t})
			s.sentID = -1
		}
	}
	for i := range d.slots {
		s := &d.slots[i]
		switch {
		case s.id >= 0 && s.sentID < 0 && d.down(s.id):
			// Another slot holds this tracking id (a broken device or a
			// hostile stream): one contact per id, the first one's.
		case s.id >= 0 && s.sentID < 0:
			d.out = append(d.out, Contact{Kind: Down, ID: s.id, X: s.x, Y: s.y, Time: t})
			s.sentID, s.sentX, s.sentY = s.id, s.x, s.y
		case s.id >= 0 && (s.x != s.sentX || s.y != s.sentY):
			d.out = append(d.out, Contact{Kind: Move, ID: s.id, X: s.x, Y: s.y, Time: t})
			s.sentX, s.sentY = s.x, s.y
		}
	}
}

// down reports whether a slot has handed out id as a contact that is down.
func (d *Decoder) down(id int32) bool {
	for i := range d.slots {
		if d.slots[i].sentID == id {
			return true
		}
	}
	return false
}

// Axis is the range of a device axis (EVIOCGABS: minimum and maximum).
type Axis struct{ Min, Max int32 }

// Scale maps v from the axis onto [0, size) pixels.
func (a Axis) Scale(v int32, size float64) float64 {
	if a.Max <= a.Min {
		return 0
	}
	f := float64(v-a.Min) / float64(a.Max-a.Min)
	return min(max(f, 0), 1) * size
}

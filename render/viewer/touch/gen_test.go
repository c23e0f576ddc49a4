package touch

import (
	"math"
	"os"
	"testing"
	"time"
)

// TestWriteRecording rewrites testdata/table-two-people.evdev when
// CITYTWIN_UPDATE_TOUCH=1: a pinch by one person (slots 0, 1), a second
// person's three fingers landing mid-pinch (slots 2–4), as a 4096×4096
// panel reports it at 100 Hz.
func TestWriteRecording(t *testing.T) {
	if os.Getenv("CITYTWIN_UPDATE_TOUCH") != "1" {
		t.Skip("set CITYTWIN_UPDATE_TOUCH=1 to rewrite the recording")
	}
	var b []byte
	now := 5000 * time.Second
	put := func(typ, code uint16, v int32) {
		b = AppendRecord(b, Event{Time: now, Type: typ, Code: code, Value: v})
	}
	cur := int32(-1)
	slot := func(s int32) {
		if s != cur {
			put(EvAbs, AbsMTSlot, s)
			cur = s
		}
	}
	id := int32(300)
	for f := 0; f < 60; f++ {
		r := 600 + 10*float64(f)
		for s := int32(0); s < 2; s++ {
			slot(s)
			if f == 0 {
				put(EvAbs, AbsMTTrackingID, id+s)
			}
			if f == 59 {
				put(EvAbs, AbsMTTrackingID, -1)
				continue
			}
			a := float64(s)*math.Pi + 0.01*float64(f)
			put(EvAbs, AbsMTPositionX, int32(2048+r*math.Cos(a)))
			put(EvAbs, AbsMTPositionY, int32(2048+r*math.Sin(a)))
		}
		if f >= 20 && f <= 45 {
			for s := int32(2); s < 5; s++ {
				slot(s)
				if f == 20 {
					put(EvAbs, AbsMTTrackingID, id+s)
				}
				if f == 45 {
					put(EvAbs, AbsMTTrackingID, -1)
					continue
				}
				put(EvAbs, AbsMTPositionX, int32(500+100*s+5*int32(f)))
				put(EvAbs, AbsMTPositionY, int32(3500-3*int32(f)))
			}
		}
		put(EvSyn, SynReport, 0)
		now += 10 * time.Millisecond
	}
	if err := os.WriteFile("testdata/table-two-people.evdev", b, 0o644); err != nil {
		t.Fatal(err)
	}
}

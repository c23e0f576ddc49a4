package touch

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// stream builds a byte stream of struct input_event records from a
// compact script: "slot N", "id N", "x N", "y N", "syn", "dropped",
// "tick" (10 ms later).
func stream(t *testing.T, script ...string) []byte {
	t.Helper()
	var b []byte
	now := 1000 * time.Second
	for _, s := range script {
		var word string
		var n int32
		fmt.Sscan(s, &word, &n)
		e := Event{Time: now, Type: EvAbs, Value: n}
		switch word {
		case "slot":
			e.Code = AbsMTSlot
		case "id":
			e.Code = AbsMTTrackingID
		case "x":
			e.Code = AbsMTPositionX
		case "y":
			e.Code = AbsMTPositionY
		case "syn":
			e = Event{Time: now, Type: EvSyn, Code: SynReport}
		case "dropped":
			e = Event{Time: now, Type: EvSyn, Code: SynDropped}
		case "tick":
			now += 10 * time.Millisecond
			continue
		case "key": // BTN_TOUCH, ignored
			e = Event{Time: now, Type: EvKey, Code: 0x14a, Value: n}
		default:
			t.Fatalf("script: %q", s)
		}
		b = AppendRecord(b, e)
	}
	return b
}

func decodeAll(b []byte) []Contact {
	var d Decoder
	var out []Contact
	for _, e := range ParseEvents(b) {
		out = append(out, d.Feed(e)...)
	}
	return out
}

func TestDecoder(t *testing.T) {
	tests := []struct {
		name   string
		script []string
		want   []Contact
	}{
		{"two fingers down, pinch, lift (the kernel doc's example)", []string{
			"slot 0", "id 45", "x 100", "y 200", "slot 1", "id 46", "x 300", "y 200", "key 1", "syn", "tick",
			"slot 0", "x 90", "slot 1", "x 310", "syn", "tick",
			"slot 0", "id -1", "syn", "tick",
			"slot 1", "id -1", "key 0", "syn",
		}, []Contact{
			{Down, 45, 100, 200, 0}, {Down, 46, 300, 200, 0},
			{Move, 45, 90, 200, 10}, {Move, 46, 310, 200, 10},
			{Up, 45, 90, 200, 20},
			{Up, 46, 310, 200, 30},
		}},
		{"a slot reused in one frame is an up then a down", []string{
			"id 7", "x 5", "y 5", "syn", "tick",
			"id 8", "x 50", "y 60", "syn",
		}, []Contact{{Down, 7, 5, 5, 0}, {Up, 7, 5, 5, 10}, {Down, 8, 50, 60, 10}}},
		{"nothing before a report", []string{"id 1", "x 1", "y 1"}, nil},
		{"a report without change is silent", []string{"id 1", "x 1", "y 1", "syn", "tick", "syn", "tick", "x 1", "syn"},
			[]Contact{{Down, 1, 1, 1, 0}}},
		{"dropped lifts all and skips to the next report", []string{
			"id 3", "x 10", "y 10", "syn", "tick",
			"dropped", "x 999", "syn", "tick",
			"slot 0", "id 4", "x 20", "y 20", "syn",
		}, []Contact{{Down, 3, 10, 10, 0}, {Up, 3, 10, 10, 10}, {Down, 4, 20, 20, 20}}},
		{"slots out of range are ignored", []string{"slot 999", "id 5", "x 1", "syn", "slot -3", "id 6", "syn"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := decodeAll(stream(t, tc.script...))
			for i := range tc.want {
				tc.want[i].Time = 1000*time.Second + tc.want[i].Time*time.Millisecond
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

// TestRecordedStream decodes a recorded stream of a touch table (two
// people, five fingers at most) and checks that every down is matched by
// one up and no id is down twice.
func TestRecordedStream(t *testing.T) {
	b, err := os.ReadFile("testdata/table-two-people.evdev")
	if err != nil {
		t.Fatal(err)
	}
	down := map[int32]bool{}
	n := map[Kind]int{}
	for _, c := range decodeAll(b) {
		n[c.Kind]++
		switch c.Kind {
		case Down:
			if down[c.ID] {
				t.Fatalf("%d down twice", c.ID)
			}
			down[c.ID] = true
		case Move:
			if !down[c.ID] {
				t.Fatalf("%d moves while up", c.ID)
			}
		case Up:
			if !down[c.ID] {
				t.Fatalf("%d up while up", c.ID)
			}
			delete(down, c.ID)
		}
	}
	if len(down) != 0 || n[Down] != 5 || n[Move] < 50 {
		t.Errorf("left down %v; counts %v: want 5 downs, all up, many moves", down, n)
	}
}

func TestAxisScale(t *testing.T) {
	a := Axis{0, 4095}
	if got := a.Scale(4095, 1920); got != 1920 {
		t.Errorf("max → %g", got)
	}
	if got := a.Scale(-10, 1920); got != 0 {
		t.Errorf("under → %g", got)
	}
	if got := (Axis{5, 5}).Scale(5, 100); got != 0 {
		t.Errorf("empty axis → %g", got)
	}
}

func FuzzDecoder(f *testing.F) {
	f.Add(AppendRecord(AppendRecord(nil, Event{Type: EvAbs, Code: AbsMTTrackingID, Value: 1}), Event{Type: EvSyn}))
	if b, err := os.ReadFile("testdata/table-two-people.evdev"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Decoder
		down := map[int32]bool{}
		for _, e := range ParseEvents(b) {
			for _, c := range d.Feed(e) {
				switch c.Kind {
				case Down:
					if down[c.ID] || c.ID < 0 {
						t.Fatalf("bad down %v", c)
					}
					down[c.ID] = true
				case Move:
					if !down[c.ID] {
						t.Fatalf("move of a contact that is up: %v", c)
					}
				case Up:
					if !down[c.ID] {
						t.Fatalf("up of a contact that is up: %v", c)
					}
					delete(down, c.ID)
				}
			}
		}
	})
}

// TestOpen opens this machine's multi-touch devices: none (with a reason)
// on a build machine, the panels on a touch table.
func TestOpen(t *testing.T) {
	ds, err := Open()
	if err != nil {
		if err.Error() == "" {
			t.Error("an error without a reason")
		}
		t.Logf("no devices: %v", err)
		return
	}
	for _, d := range ds {
		t.Logf("%s %q x %v y %v", d.Path, d.Name, d.X, d.Y)
		d.Close()
	}
}

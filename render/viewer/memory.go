package viewer

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// gcHeadroom is how far (bytes) the heap may grow past what is live before
// the collector runs, once a big scene is loaded.
const gcHeadroom = 128 << 20

// gcPercent returns the GOGC value that lets a live heap of live bytes
// grow by gcHeadroom: 100 (Go's default) for heaps up to gcHeadroom,
// less for bigger ones, never under 25.
func gcPercent(live uint64) int {
	if live <= gcHeadroom {
		return 100
	}
	return max(25, int(100*gcHeadroom/live))
}

// memoryTuner sets the collector's target from the live heap, in the
// viewer and bench. With Go's default the heap grows to twice what is live
// before a collection; a 100k-building city holds over 300 MB live, and
// the frame loop makes little garbage, so that was 300 MB more resident
// for nothing. The target follows the live heap (read every second from
// the last collection), so streamed tiles growing it are not collected in
// a loop as they would be under a fixed memory limit. A GOGC set in the
// environment is left alone.
type memoryTuner struct {
	off     bool
	last    time.Time
	percent int
}

// loaded runs once the scene is loaded: it collects what loading left,
// returns it to the system and sets the first target.
func (m *memoryTuner) loaded() {
	if m.off = os.Getenv("GOGC") != ""; m.off {
		return
	}
	debug.FreeOSMemory()
	m.tune(time.Now())
}

// tick sets the target again when a second has passed.
func (m *memoryTuner) tick(now time.Time) {
	if m.off || now.Sub(m.last) < time.Second {
		return
	}
	m.tune(now)
}

func (m *memoryTuner) tune(now time.Time) {
	m.last = now
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	if p := gcPercent(s[0].Value.Uint64()); p != m.percent {
		debug.SetGCPercent(p)
		m.percent = p
	}
}

package live

import (
	"fmt"
	"time"
)

// State is where a Source stands.
type State int

const (
	// StateConnecting: dialling for the first time.
	StateConnecting State = iota
	// StateLive: connected and messages arrive.
	StateLive
	// StateStale: connected, but nothing arrived for longer than StaleAfter.
	StateStale
	// StateReconnecting: the connection broke or could not be made; the next
	// attempt is at Status.RetryAt.
	StateReconnecting
	// StateFailed: the source cannot work as configured (Status.Reason says
	// why) and has stopped trying.
	StateFailed
	// StateStopped: Run returned because its context ended.
	StateStopped
)

// String returns the state's name as the status panel and report show it.
func (s State) String() string {
	switch s {
	case StateConnecting:
		return "connecting"
	case StateLive:
		return "live"
	case StateStale:
		return "stale"
	case StateReconnecting:
		return "reconnecting"
	case StateFailed:
		return "failed"
	case StateStopped:
		return "stopped"
	}
	return "unknown"
}

// Rejection is one message that could not be used.
type Rejection struct {
	Time   time.Time
	Reason string
	// Sample is the start of the message (at most 120 bytes), for the panel.
	Sample string
}

// Status is a snapshot of a Source, safe to keep.
type Status struct {
	// ID and URL name the source, with any credentials or access keys in
	// them redacted (RedactURL): they are shown and logged as they are.
	ID, URL string
	State   State
	// Reason says why the source is reconnecting or failed ("" otherwise).
	Reason string
	// LastError is why the last connection ended or failed, kept across
	// states ("" if none did).
	LastError string
	// RetryAt is when the next connection attempt starts (StateReconnecting).
	RetryAt time.Time
	// Since is when the current state began; LastMessage when the last
	// message arrived (zero if none yet).
	Since, LastMessage time.Time
	// Messages counts messages received, Rejected those unusable (a batch
	// with unusable elements counts once), Readings the readings decoded.
	Messages, Rejected, Readings uint64
	// Connects counts successful connections.
	Connects uint64
	// Rejections are the last few rejections, oldest first.
	Rejections []Rejection
	// History says what the history fill before the feed read ("history:
	// 600 readings of 25 sensors (3 pages)") or why it failed; "" when the
	// source has no history to read.
	History string
}

// Label describes the status for people at time now: "live",
// "stale (no message for 12 s)", "reconnecting in 3 s (dial: connection
// refused)", "failed: token variable CITY_TOKEN is empty".
func (s Status) Label(now time.Time) string {
	switch s.State {
	case StateStale:
		if s.LastMessage.IsZero() {
			return fmt.Sprintf("stale (no message since connecting %s ago)", roundSeconds(now.Sub(s.Since)))
		}
		return fmt.Sprintf("stale (no message for %s)", roundSeconds(now.Sub(s.LastMessage)))
	case StateReconnecting:
		in := s.RetryAt.Sub(now)
		if in < 0 {
			in = 0
		}
		if s.Reason != "" {
			return fmt.Sprintf("reconnecting in %s (%s)", roundSeconds(in), s.Reason)
		}
		return fmt.Sprintf("reconnecting in %s", roundSeconds(in))
	case StateFailed:
		return "failed: " + s.Reason
	}
	return s.State.String()
}

func roundSeconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
}

package live

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// RecordLine is one line of a JSON Lines recording:
// {"t": RFC 3339 receive time, "msg": the message as JSON}. A message that
// was not valid JSON is kept as a string in "text" instead. Lines with
// neither (such as a leading {"attribution": "..."}) carry no message.
type RecordLine struct {
	T    time.Time       `json:"t"`
	Msg  json.RawMessage `json:"msg,omitempty"`
	Text string          `json:"text,omitempty"`
}

// Payload returns the message bytes of the line (nil for none).
func (l *RecordLine) Payload() []byte {
	if len(l.Msg) > 0 {
		return l.Msg
	}
	if l.Text != "" {
		return []byte(l.Text)
	}
	return nil
}

// AppendRecordLine appends the JSON Lines form of msg received at t to dst.
func AppendRecordLine(dst []byte, t time.Time, msg []byte) []byte {
	dst = append(dst, `{"t":"`...)
	dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
	if json.Valid(msg) {
		dst = append(dst, `","msg":`...)
		dst = appendCompact(dst, msg)
	} else {
		txt, _ := json.Marshal(string(msg))
		dst = append(dst, `","text":`...)
		dst = append(dst, txt...)
	}
	return append(dst, "}\n"...)
}

func appendCompact(dst, msg []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, msg); err != nil {
		return append(dst, msg...)
	}
	return append(dst, b.Bytes()...)
}

// Record connects to a live feed and writes every message it receives to w
// as JSON Lines (see RecordLine) until duration has passed (0: until ctx
// ends). It reconnects when the connection breaks, like any Source. It
// returns the number of messages written; an error for a bad URL, a source
// that failed for good or never connected, or a write error.
func Record(ctx context.Context, url string, w io.Writer, duration time.Duration) (int, error) {
	return RecordSource(ctx, SourceOptions{URL: url}, w, duration)
}

// RecordSource is Record with full source options (token, format...).
func RecordSource(ctx context.Context, opts SourceOptions, w io.Writer, duration time.Duration) (int, error) {
	bw := bufio.NewWriter(w)
	var mu sync.Mutex
	var line []byte
	n := 0
	var werr error
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if duration > 0 {
		rctx, cancel = context.WithTimeout(rctx, duration)
		defer cancel()
	}
	opts.Registry = nil
	opts.OnMessage = func(msg []byte, received time.Time) {
		mu.Lock()
		defer mu.Unlock()
		if werr != nil {
			return
		}
		line = AppendRecordLine(line[:0], received, msg)
		if _, err := bw.Write(line); err != nil {
			werr = err
			cancel()
			return
		}
		n++
	}
	src, err := NewSource(opts)
	if err != nil {
		return 0, err
	}
	runErr := src.Run(rctx)
	mu.Lock()
	defer mu.Unlock()
	if err := bw.Flush(); err != nil && werr == nil {
		werr = err
	}
	if werr != nil {
		return n, fmt.Errorf("record: %w", werr)
	}
	if runErr == nil && n == 0 {
		if st := src.Status(); st.Connects == 0 {
			reason := st.LastError
			if reason == "" {
				reason = "no connection within the time given"
			}
			return 0, fmt.Errorf("record: never connected to %s: %s", RedactURL(opts.URL), reason)
		}
	}
	return n, runErr
}

// ReadRecording reads a JSON Lines recording, skipping blank lines and lines
// that carry no message. Lines must be in time order only for a faithful
// replay; they are returned as they are.
func ReadRecording(r io.Reader) ([]RecordLine, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var out []RecordLine
	for ln := 1; sc.Scan(); ln++ {
		b := sc.Bytes()
		if len(trimSpace(b)) == 0 {
			continue
		}
		var l RecordLine
		if err := json.Unmarshal(b, &l); err != nil {
			return out, fmt.Errorf("recording line %d: %w", ln, err)
		}
		if l.Payload() == nil {
			continue
		}
		if l.T.IsZero() {
			return out, fmt.Errorf("recording line %d: no \"t\" time", ln)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("recording: %w", err)
	}
	if len(out) == 0 {
		return nil, errors.New("recording holds no messages")
	}
	return out, nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// Package votes keeps visitors' votes for scenarios: one CSV line each
// (time, scenario, reason, lang; CONTRACTS.md), appended and synced to
// disk per vote so that a crash or a power cut loses none, read back
// leniently (a line torn by a crash is skipped and counted), and
// summarised per scenario for the planners. No personal data: a vote is
// a time, a choice, an optional reason from the scene's list and the
// interface language. It imports nothing of ours.
//
//	f, _ := votes.Open("votes.csv")
//	f.Append(votes.Vote{Time: now, Scenario: "park", Reason: "More shade", Lang: "de"})
//	vs, torn, _ := votes.Read(file)
//	s := votes.Summarise(vs)
package votes

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"
)

// Header is the CSV header line's fields.
var Header = []string{"time", "scenario", "reason", "lang"}

// Vote is one visitor's vote.
type Vote struct {
	Time     time.Time
	Scenario string // a scenario id, "baseline" for today
	Reason   string // one of the scene's kiosk.vote_reasons, or ""
	Lang     string // the interface language's code
}

// File is a votes file open for appending. It is safe for concurrent use.
type File struct {
	mu sync.Mutex
	f  *os.File
}

// Open opens (creating it with the header if new or empty) the votes file
// at path for appending.
func Open(path string) (*File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("votes: %w", err)
	}
	st, err := f.Stat()
	if err == nil && st.Size() == 0 {
		err = writeLine(f, Header)
	} else if err == nil {
		err = endLine(path, st.Size(), f)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("votes: %s: %w", path, err)
	}
	return &File{f: f}, nil
}

// endLine adds a line end when a crash left the file's last line torn,
// so the next vote starts a line of its own.
func endLine(path string, size int64, w io.Writer) error {
	r, err := os.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	b := make([]byte, 1)
	if _, err := r.ReadAt(b, size-1); err != nil {
		return err
	}
	if b[0] != '\n' {
		_, err = w.Write([]byte("\n"))
	}
	return err
}

// writeLine writes one CSV record and syncs it to disk.
func writeLine(f *os.File, rec []string) error {
	w := csv.NewWriter(f)
	if err := w.Write(rec); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Sync()
}

// Append writes v as one line and syncs the file, so the vote is on disk
// when Append returns.
func (f *File) Append(v Vote) error {
	if v.Scenario == "" {
		return errors.New("votes: a vote without a scenario")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	rec := []string{v.Time.UTC().Format(time.RFC3339), v.Scenario, v.Reason, v.Lang}
	if err := writeLine(f.f, rec); err != nil {
		return fmt.Errorf("votes: %w", err)
	}
	return nil
}

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// Read reads votes from a votes file. Lines that cannot be used (torn by
// a crash, a bad time, too few fields) are skipped and counted in bad;
// err is only for a reader that fails.
func Read(r io.Reader) (vs []Vote, bad int, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for line := 0; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return vs, bad, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad++
			continue
		}
		if err != nil {
			return vs, bad, fmt.Errorf("votes: %w", err)
		}
		if line == 0 && slices.Equal(rec, Header) {
			continue
		}
		if len(rec) != len(Header) || rec[1] == "" {
			bad++
			continue
		}
		t, err := time.Parse(time.RFC3339, rec[0])
		if err != nil {
			bad++
			continue
		}
		vs = append(vs, Vote{Time: t, Scenario: rec[1], Reason: rec[2], Lang: rec[3]})
	}
}

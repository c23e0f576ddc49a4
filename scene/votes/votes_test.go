package votes

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAppendSurvivesACrashAndSummarises(t *testing.T) {
	path := filepath.Join(t.TempDir(), "votes.csv")
	t0 := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []Vote{
		{Scenario: "park", Reason: "More shade", Lang: "de"},
		{Scenario: "park", Reason: "More shade", Lang: "en"},
		{Scenario: "baseline", Lang: "el"},
		{Scenario: "towers", Reason: "Homes, \"affordable\", please", Lang: "fr"},
	} {
		v.Time = t0.Add(time.Duration(i) * time.Minute)
		if err := f.Append(v); err != nil {
			t.Fatal(err)
		}
	}
	// A crash: the process dies without closing, mid-way through a line.
	raw, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	raw.WriteString("2026-12-06T10:09:00Z,pa")
	raw.Close()
	// The kiosk restarts and goes on voting.
	f2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f2.Append(Vote{Time: t0.Add(10 * time.Minute), Scenario: "park", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	f2.Close()
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "time,scenario,reason,lang\n") {
		t.Errorf("no header: %q", b)
	}
	vs, bad, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 5 || bad != 1 {
		t.Fatalf("read %d votes, %d bad; want 5 and 1 (the torn line)\n%s", len(vs), bad, b)
	}
	s := Summarise(vs, bad, map[string]string{"park": "A park on the car park"})
	if s.Scenarios[0].Scenario != "park" || s.Scenarios[0].Votes != 3 || s.Scenarios[0].Reasons[0] != (ReasonCnt{"More shade", 2}) {
		t.Errorf("summary %+v", s.Scenarios)
	}
	var md bytes.Buffer
	s.Markdown(&md)
	for _, want := range []string{"5 votes", "| A park on the car park (`park`) | 3 | 60 % | More shade (2) |", "1 unreadable lines"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	if _, err := json.Marshal(s); err != nil {
		t.Error(err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("time,scenario,reason,lang\n2026-12-06T10:00:00Z,park,,en\n"))
	f.Add([]byte("\"unterminated\n,,,\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		vs, _, err := Read(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err) // a bytes.Reader never fails
		}
		for _, v := range vs {
			if v.Scenario == "" {
				t.Fatal("a vote without a scenario")
			}
		}
		Summarise(vs, 0, nil)
	})
}

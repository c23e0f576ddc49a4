package votes

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Summary is the votes per scenario, most votes first.
type Summary struct {
	Votes     int         `json:"votes"`
	Skipped   int         `json:"skipped_lines"`
	First     *time.Time  `json:"first,omitempty"`
	Last      *time.Time  `json:"last,omitempty"`
	Scenarios []Tally     `json:"scenarios"`
	Languages []ReasonCnt `json:"languages"`
}

// Tally is one scenario's votes.
type Tally struct {
	Scenario string      `json:"scenario"`
	Title    string      `json:"title,omitempty"`
	Votes    int         `json:"votes"`
	Share    float64     `json:"share"` // of all votes, 0–1
	Reasons  []ReasonCnt `json:"reasons"`
}

// ReasonCnt is how often a reason (or a language) was given.
type ReasonCnt struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Summarise counts vs per scenario and reason; titles names scenarios
// (nil: ids only). skipped is the count of unusable lines (from Read).
func Summarise(vs []Vote, skipped int, titles map[string]string) Summary {
	s := Summary{Votes: len(vs), Skipped: skipped, Scenarios: []Tally{}, Languages: []ReasonCnt{}}
	per := map[string]*Tally{}
	reasons := map[string]map[string]int{}
	langs := map[string]int{}
	for _, v := range vs {
		t := per[v.Scenario]
		if t == nil {
			t = &Tally{Scenario: v.Scenario, Title: titles[v.Scenario]}
			per[v.Scenario] = t
			reasons[v.Scenario] = map[string]int{}
		}
		t.Votes++
		if v.Reason != "" {
			reasons[v.Scenario][v.Reason]++
		}
		langs[v.Lang]++
		if s.First == nil || v.Time.Before(*s.First) {
			tm := v.Time
			s.First = &tm
		}
		if s.Last == nil || v.Time.After(*s.Last) {
			tm := v.Time
			s.Last = &tm
		}
	}
	for id, t := range per {
		t.Share = float64(t.Votes) / float64(len(vs))
		t.Reasons = counts(reasons[id])
		s.Scenarios = append(s.Scenarios, *t)
	}
	slices.SortFunc(s.Scenarios, func(a, b Tally) int {
		return cmp.Or(b.Votes-a.Votes, strings.Compare(a.Scenario, b.Scenario))
	})
	s.Languages = counts(langs)
	return s
}

// counts lists m most first, then by name.
func counts(m map[string]int) []ReasonCnt {
	out := []ReasonCnt{}
	for k, n := range m {
		out = append(out, ReasonCnt{k, n})
	}
	slices.SortFunc(out, func(a, b ReasonCnt) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Name, b.Name)) })
	return out
}

// Markdown writes s as a table ready for a council paper.
func (s Summary) Markdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Visitors' votes\n\n%d votes", s.Votes)
	if s.First != nil {
		fmt.Fprintf(&b, " from %s to %s", s.First.Format("2006-01-02 15:04"), s.Last.Format("2006-01-02 15:04"))
	}
	if s.Skipped > 0 {
		fmt.Fprintf(&b, " (%d unreadable lines skipped)", s.Skipped)
	}
	b.WriteString(".\n\n| Scenario | Votes | Share | Reasons given |\n| --- | ---: | ---: | --- |\n")
	for _, t := range s.Scenarios {
		name := t.Scenario
		if t.Title != "" {
			name = t.Title + " (`" + t.Scenario + "`)"
		}
		var rs []string
		for _, r := range t.Reasons {
			rs = append(rs, fmt.Sprintf("%s (%d)", r.Name, r.Count))
		}
		fmt.Fprintf(&b, "| %s | %d | %.0f %% | %s |\n", cell(name), t.Votes, 100*t.Share, cell(strings.Join(rs, ", ")))
	}
	if len(s.Languages) > 0 {
		b.WriteString("\nLanguages: ")
		for i, l := range s.Languages {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %d", cmp.Or(l.Name, "?"), l.Count)
		}
		b.WriteString(".\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell escapes a table cell's pipes.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

package scene

import (
	"fmt"
	"strconv"
	"strings"
)

// UnmatchedIDs returns one warning for each scenario change (hide, set or
// adjust) whose ids name features that its layer does not hold, naming the
// scenario, the change and the ids (the first ten). Layers whose features
// are only known tile by tile (streamed tilesets) and layers with no
// features at all (not loaded: they have their own warning) are not
// checked. A layer added by an earlier change of the same scenario counts.
func (s *Scene) UnmatchedIDs() []string {
	var out []string
	for _, sc := range s.Scenarios {
		added := map[string]*Layer{}
		for j, ch := range sc.Changes {
			if ch.Added != nil {
				added[ch.Added.ID] = ch.Added
			}
			kind, sel := "", (*Selection)(nil)
			switch {
			case ch.Hide != nil:
				kind, sel = "hide", ch.Hide
			case ch.Set != nil:
				kind, sel = "set", &ch.Set.Selection
			case ch.Adjust != nil:
				kind, sel = "adjust", &ch.Adjust.Selection
			}
			if sel == nil || len(sel.IDs) == 0 {
				continue
			}
			l := added[sel.Layer]
			if l == nil {
				l = s.Layer(sel.Layer)
			}
			if l == nil || l.Tiles != nil || len(l.Features) == 0 {
				continue
			}
			have := make(map[string]bool, len(l.Features))
			for i := range l.Features {
				have[l.Features[i].ID] = true
			}
			var missing []string
			for _, id := range sel.IDs {
				if !have[id] {
					missing = append(missing, strconv.Quote(id))
				}
			}
			if len(missing) == 0 {
				continue
			}
			n := len(missing)
			if n > 10 {
				missing = append(missing[:10], fmt.Sprintf("and %d more", n-10))
			}
			what := "id " + missing[0] + " matches"
			if n > 1 {
				what = "ids " + strings.Join(missing, ", ") + " match"
			}
			out = append(out, fmt.Sprintf("scenario %q change %d (%s on layer %q): %s no feature", sc.ID, j, kind, sel.Layer, what))
		}
	}
	return out
}

package viewer

import (
	"time"

	"citytwin/render/ui"
	"citytwin/scene/votes"
)

// voteWait is how long the reasons wait for a tap before the vote is
// saved without one.
const voteWait = 20 * time.Second

// votePanel is the visitors' voice: open, then a scenario, then
// (optionally) a reason.
type votePanel struct {
	open   bool
	chosen string // the scenario chosen ("": none yet)
	at     time.Time
	file   *votes.File
}

// layoutVote records the "Your voice" button (bottom left) and, while
// open, the panel of choices.
func (v *viewer) layoutVote() {
	if v.opts.Rooms.Votes == "" {
		return
	}
	vp := &v.rooms.vote
	th := v.theme
	t, p, lh := th.Target(), th.Pad(), th.LineH()
	label := v.tr("Your voice")
	b := ui.Rect{X: 2 * p, Y: float64(v.h) - lh - 4*p - t, W: th.Measure(label) + 4*p, H: t}
	if v.ui.Button("vote.open", b, label, vp.open, ui.Title) {
		if vp.open {
			v.saveVote("") // closing after a choice keeps it
		}
		vp.open, vp.chosen = !vp.open, ""
	}
	if !vp.open {
		return
	}
	if vp.chosen != "" && v.now().Sub(vp.at) > voteWait {
		v.saveVote("")
		return
	}
	type choice struct{ id, label string }
	var cs []choice
	title := v.tr("Which future do you prefer?")
	if vp.chosen == "" {
		cs = append(cs, choice{"baseline", v.tr("Today")})
		for _, s := range v.sc.Scenarios {
			cs = append(cs, choice{s.ID, cmpOr(s.Title, s.ID)})
		}
	} else {
		title = v.tr("Why? (optional)")
		for _, r := range v.sc.Kiosk.VoteReasons {
			cs = append(cs, choice{r, r})
		}
		cs = append(cs, choice{"", v.tr("No reason")})
	}
	w := min(float64(v.w)-4*p-b.W, th.Dp(420))
	h := lh + 2*p + float64(len(cs))*(t+p)
	r := ui.Rect{X: b.X, Y: b.Y - p - h, W: w, H: h}
	if r.Y < 2*p { // many scenarios on a small window: next to the button
		r.X, r.Y = b.X+b.W+p, 2*p
	}
	v.ui.Panel(r)
	col := ui.Column{Area: r.Inset(p), Gap: p}
	v.ui.Label(col.Next(lh), title, ui.Title)
	for i, c := range cs {
		if !v.ui.Button(voteID(i), col.Next(t), c.label, false, ui.Plain) {
			continue
		}
		if vp.chosen == "" {
			vp.chosen, vp.at = c.id, v.now()
			if len(v.sc.Kiosk.VoteReasons) == 0 {
				v.saveVote("")
			}
		} else {
			v.saveVote(c.id)
		}
	}
}

var voteIDs [64]string

// voteID is the widget id of the i-th choice.
func voteID(i int) string {
	if i >= len(voteIDs) {
		return "vote.more"
	}
	if voteIDs[i] == "" {
		voteIDs[i] = "vote." + string(rune('a'+i%26)) + string(rune('0'+i/26))
	}
	return voteIDs[i]
}

// saveVote appends the chosen scenario with reason to the votes file and
// thanks the visitor; the panel closes.
func (v *viewer) saveVote(reason string) {
	vp := &v.rooms.vote
	chosen := vp.chosen
	vp.open, vp.chosen = false, ""
	if chosen == "" {
		return
	}
	if vp.file == nil {
		f, err := votes.Open(v.opts.Rooms.Votes)
		if err != nil {
			v.log.Error("votes", "err", err)
			v.showToast(v.tr("Your vote could not be saved"))
			return
		}
		vp.file = f
	}
	err := vp.file.Append(votes.Vote{Time: v.now(), Scenario: chosen, Reason: reason, Lang: v.rooms.lang.Code()})
	if err != nil {
		v.log.Error("votes", "err", err)
		v.showToast(v.tr("Your vote could not be saved"))
		return
	}
	v.log.Info("vote", "scenario", chosen, "reason", reason)
	v.showToast(v.tr("Thank you! Your vote is counted."))
}

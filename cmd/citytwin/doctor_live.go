package main

import (
	"citytwin/live"
	"citytwin/scene"
	"context"
	"fmt"
	"strings"
	"time"
)

// checkLive connects to every live source of the scene and every -live
// URL for up to timeout, and reports each one's state.
func (d *doctor) checkLive(sc *scene.Scene, urls []string, timeout time.Duration) {
	var opts []live.SourceOptions
	if sc != nil {
		for i, ls := range sc.Live {
			f, err := live.ParseFormat(ls.Format)
			if err != nil {
				d.problem("live "+ls.ID, err.Error(), fmt.Sprintf("fix live[%d].format", i))
				continue
			}
			opts = append(opts, live.SourceOptions{ID: ls.ID, URL: ls.URL, Format: f, TokenEnv: ls.TokenEnv, CAPEM: ls.CAPEM})
		}
	}
	for _, u := range urls {
		opts = append(opts, live.SourceOptions{URL: u})
	}
	if len(opts) == 0 {
		return
	}
	var srcs []*live.Source
	for i := range opts {
		o := &opts[i]
		o.HandshakeTimeout, o.MinBackoff, o.MaxBackoff = timeout, timeout, timeout
		o.MaxAttempts = 1
		s, err := live.NewSource(*o)
		if err != nil {
			d.problem("live source", err.Error(), "correct the URL")
			continue
		}
		srcs = append(srcs, s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, len(srcs))
	for _, s := range srcs {
		go func() { _ = s.Run(ctx); done <- struct{}{} }()
	}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		settled := true
		for _, s := range srcs {
			if st := s.Status(); st.State == live.StateConnecting {
				settled = false
			}
		}
		if settled {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	statuses := make([]live.Status, len(srcs))
	for i, s := range srcs {
		statuses[i] = s.Status()
	}
	cancel()
	for range srcs {
		<-done
	}
	now := time.Now()
	for _, st := range statuses {
		what := "live " + st.ID
		if st.ID == st.URL {
			what = "live source"
		}
		switch {
		case st.Connects > 0 && (st.State == live.StateLive || st.State == live.StateStale):
			d.ok(what, fmt.Sprintf("%s: connected (%s, %d messages so far)", st.URL, st.Label(now), st.Messages))
		case st.State == live.StateConnecting:
			d.problem(what, fmt.Sprintf("%s: no connection within %s", st.URL, timeout),
				"check the network path to the server (firewall, proxy), or give -timeout more time")
		default:
			reason := st.Reason
			if reason == "" {
				reason = st.LastError
			}
			reason = strings.TrimPrefix(reason, "gave up after 1 attempts: ")
			d.problem(what, fmt.Sprintf("%s: %s", st.URL, reason), liveFix(reason))
		}
	}
}

// liveFix suggests what to do about a source that did not connect.
func liveFix(reason string) string {
	switch {
	case strings.Contains(reason, "token variable"):
		return "set the token's environment variable for the kiosk's user"
	case strings.Contains(reason, "certificate"):
		return "name the city's CA certificate in the scene's live[].ca_file, or fix the server's certificate"
	case strings.Contains(reason, "refused"), strings.Contains(reason, "no such host"), strings.Contains(reason, "timeout"):
		return "start the server, or correct the host and port"
	case strings.Contains(reason, "handshake"), strings.Contains(reason, "CONNACK"):
		return "the URL reaches a server that is not the live feed: correct the path, or the broker's credentials"
	}
	return "see the reason, and check the URL"
}

package live

import (
	"context"
	"net/http"
	"time"
)

// fillHistory reads the source's history (SourceOptions.History) into its
// registry before the feed starts. Whatever goes wrong is the status's
// History line and a log entry, never a failure of the source.
func (s *Source) fillHistory(ctx context.Context) {
	h := s.opts.History
	if h == nil || s.opts.Registry == nil {
		return
	}
	opts := *h
	s.setState(StateConnecting, "reading history", time.Time{})
	if tok, err := s.token(); err != nil {
		s.setHistory("history: " + err.Error())
		return
	} else if tok != "" {
		opts.Header = opts.Header.Clone()
		if opts.Header == nil {
			opts.Header = http.Header{}
		}
		opts.Header.Set("Authorization", "Bearer "+tok)
	}
	if opts.Client == nil && s.opts.TLSConfig != nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = s.opts.TLSConfig
		opts.Client = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	}
	res, err := FillHistory(ctx, opts, s.opts.Registry, s.opts.ID)
	if err != nil {
		s.log.Warn("history", "err", err, "read", res.String())
		s.setHistory(res.String() + "; stopped: " + err.Error())
		return
	}
	for _, p := range res.Problems {
		s.log.Warn("history", "entity", p)
	}
	s.log.Info("history", "read", res.String())
	s.setHistory(res.String())
}

// setHistory sets the status's History line.
func (s *Source) setHistory(line string) {
	s.mu.Lock()
	s.st.History = line
	s.mu.Unlock()
}

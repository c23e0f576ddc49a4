package live

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// SourceOptions configure a Source. Zero fields take the defaults.
type SourceOptions struct {
	// ID names the source in the registry and the status panel; default the
	// URL. Both are shown redacted (RedactURL) in statuses, logs and errors.
	ID string
	// URL is ws://, wss:// (system CAs), mqtt+ws:// / mqtt+wss:// with
	// ?topic=... (MQTT 5 over WebSocket), or mqtt:// / mqtts:// with
	// ?topic=... (MQTT 5 over TCP, or TLS; ports 1883 and 8883 by default).
	URL string
	// Format of the messages; default FormatAuto.
	Format Format
	// TokenEnv names an environment variable holding a bearer token, sent as
	// "Authorization: Bearer ..." (WebSocket) or as the MQTT password. The
	// token itself never appears in a scene file, a log or a status.
	TokenEnv string
	// Header adds HTTP headers to the WebSocket handshake.
	Header http.Header
	// ReadLimit is the largest message accepted, in bytes; default 1 MiB. A
	// larger frame is rejected and the connection re-established.
	ReadLimit int64
	// StaleAfter is how long without a message makes a live source stale;
	// default 10 s.
	StaleAfter time.Duration
	// PingInterval is how often a ping is sent; the connection is dropped
	// when no pong or message arrives for twice as long. Default 15 s.
	PingInterval time.Duration
	// HandshakeTimeout bounds dialling and the handshake; default 10 s.
	HandshakeTimeout time.Duration
	// MinBackoff and MaxBackoff bound the reconnect wait, which doubles
	// per failed attempt with jitter; defaults 0.5 s and 30 s.
	MinBackoff, MaxBackoff time.Duration
	// MaxAttempts is how many consecutive failed attempts make the source
	// fail for good; 0 retries forever.
	MaxAttempts int
	// Registry receives the decoded readings; nil decodes nothing.
	Registry *Registry
	// OnMessage, when set, sees every raw message (for recording) before it
	// is decoded. msg is only valid during the call.
	OnMessage func(msg []byte, received time.Time)
	// TLSConfig overrides the TLS settings of wss://, mqtt+wss:// and
	// mqtts:// (nil: system CAs).
	TLSConfig *tls.Config
	// CAPEM holds PEM CA certificates trusted for wss://, mqtt+wss:// and
	// mqtts:// besides the system's (or TLSConfig's RootCAs): a
	// city-internal authority. CAFile names a PEM file to read them from.
	CAPEM  []byte
	CAFile string
	// Logger receives connection events; nil discards them.
	Logger *slog.Logger
	// History, when set, is read into Registry before the feed starts
	// (FillHistory; its Header gets the token, Client the TLS settings).
	History *TemporalOptions
}

// maxRejections is how many rejection reasons a Source keeps.
const maxRejections = 8

// Source is one live feed: it connects, reads, decodes into its Registry
// and reconnects when the connection breaks. Status is safe for concurrent
// use with Run.
type Source struct {
	opts SourceOptions
	u    *url.URL
	dec  *Decoder
	log  *slog.Logger

	mu sync.Mutex
	st Status
}

// NewSource checks opts and returns a Source ready to Run. It fails on a URL
// that is not ws://, wss://, mqtt+ws://, mqtt+wss://, mqtt:// or mqtts://.
func NewSource(opts SourceOptions) (*Source, error) {
	shown := RedactURL(opts.URL)
	u, err := url.Parse(opts.URL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text holds the URL unredacted
		}
		return nil, fmt.Errorf("live source %q: %w", shown, err)
	}
	switch u.Scheme {
	case "ws", "wss":
	case "mqtt+ws", "mqtt+wss", "mqtt", "mqtts":
		if u.Query().Get("topic") == "" {
			return nil, fmt.Errorf("live source %q: an MQTT URL needs ?topic=", shown)
		}
	default:
		return nil, fmt.Errorf("live source %q: scheme %q is not ws, wss, mqtt+ws, mqtt+wss, mqtt or mqtts", shown, u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("live source %q: no host", shown)
	}
	if opts.ID == "" {
		opts.ID = opts.URL
	}
	opts.ID = RedactURL(opts.ID) // the ID is shown and logged
	if opts.ReadLimit <= 0 {
		opts.ReadLimit = 1 << 20
	}
	if opts.StaleAfter <= 0 {
		opts.StaleAfter = 10 * time.Second
	}
	if opts.PingInterval <= 0 {
		opts.PingInterval = 15 * time.Second
	}
	if opts.HandshakeTimeout <= 0 {
		opts.HandshakeTimeout = 10 * time.Second
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 500 * time.Millisecond
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(30*time.Second, opts.MinBackoff)
	}
	if opts.CAFile != "" || len(opts.CAPEM) > 0 {
		cfg, err := withCAs(opts.TLSConfig, opts.CAPEM, opts.CAFile)
		if err != nil {
			return nil, fmt.Errorf("live source %q: %w", shown, err)
		}
		opts.TLSConfig = cfg
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Source{opts: opts, u: u, dec: NewDecoder(opts.Format), log: log.With("source", opts.ID)}
	s.st = Status{ID: opts.ID, URL: shown, State: StateConnecting, Since: time.Now()}
	return s, nil
}

// Status returns a snapshot of the source's state and counters.
func (s *Source) Status() Status {
	s.mu.Lock()
	st := s.st
	st.Rejections = append([]Rejection(nil), s.st.Rejections...)
	s.mu.Unlock()
	if st.State == StateLive {
		last := st.LastMessage
		if last.Before(st.Since) {
			last = st.Since
		}
		if time.Since(last) > s.opts.StaleAfter {
			st.State = StateStale
		}
	}
	return st
}

func (s *Source) setState(state State, reason string, retryAt time.Time) {
	s.mu.Lock()
	if s.st.State != state || s.st.Reason != reason {
		s.st.Since = time.Now()
	}
	s.st.State, s.st.Reason, s.st.RetryAt = state, reason, retryAt
	s.mu.Unlock()
}

// redactedError is err with the source's URL redacted in its text.
type redactedError struct {
	err  error
	text string
}

func (e redactedError) Error() string { return e.text }
func (e redactedError) Unwrap() error { return e.err }

// errFatal marks errors that retrying cannot fix.
type errFatal struct{ error }

// Run connects and reads until ctx ends (returning nil) or the source fails
// for good (returning why). It reconnects after every break with capped
// exponential backoff and jitter.
func (s *Source) Run(ctx context.Context) error {
	s.fillHistory(ctx)
	attempt := 0
	for {
		if ctx.Err() != nil {
			s.setState(StateStopped, "", time.Time{})
			return nil
		}
		s.setState(StateConnecting, "", time.Time{})
		var heard bool
		var err error
		start := time.Now()
		if strings.HasPrefix(s.u.Scheme, "mqtt") {
			heard, err = s.sessionMQTT(ctx)
		} else {
			heard, err = s.sessionWS(ctx)
		}
		if ctx.Err() != nil {
			if err != nil && !heard {
				s.mu.Lock()
				s.st.LastError = err.Error()
				s.mu.Unlock()
			}
			s.setState(StateStopped, "", time.Time{})
			return nil
		}
		if err != nil && strings.Contains(err.Error(), s.opts.URL) {
			err = redactedError{err, strings.ReplaceAll(err.Error(), s.opts.URL, s.st.URL)}
		}
		var fatal errFatal
		if errors.As(err, &fatal) {
			s.log.Error("live source failed", "err", err)
			s.mu.Lock()
			s.st.LastError = err.Error()
			s.mu.Unlock()
			s.setState(StateFailed, err.Error(), time.Time{})
			return err
		}
		if heard && time.Since(start) > s.opts.MaxBackoff {
			attempt = 0 // a connection that worked for a while: start afresh
		}
		attempt++
		if s.opts.MaxAttempts > 0 && attempt >= s.opts.MaxAttempts && !heard {
			err = fmt.Errorf("gave up after %d attempts: %w", attempt, err)
			s.setState(StateFailed, err.Error(), time.Time{})
			return err
		}
		wait := backoff(attempt-1, s.opts.MinBackoff, s.opts.MaxBackoff)
		reason := "connection closed"
		if err != nil {
			reason = err.Error()
		}
		s.mu.Lock()
		s.st.LastError = reason
		s.mu.Unlock()
		s.log.Info("live source reconnecting", "in", wait, "reason", reason)
		s.setState(StateReconnecting, reason, time.Now().Add(wait))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
	}
}

func (s *Source) token() (string, error) {
	if s.opts.TokenEnv == "" {
		return "", nil
	}
	tok := os.Getenv(s.opts.TokenEnv)
	if tok == "" {
		return "", errFatal{fmt.Errorf("token variable %s is empty", s.opts.TokenEnv)}
	}
	return tok, nil
}

// sessionWS dials once and reads until the connection ends. heard reports
// whether any message arrived.
func (s *Source) sessionWS(ctx context.Context) (heard bool, err error) {
	hdr := http.Header{}
	for k, v := range s.opts.Header {
		hdr[k] = v
	}
	tok, err := s.token()
	if err != nil {
		return false, err
	}
	if tok != "" {
		hdr.Set("Authorization", "Bearer "+tok)
	}
	d := websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: s.opts.HandshakeTimeout,
		TLSClientConfig:  s.opts.TLSConfig,
		ReadBufferSize:   16 << 10,
	}
	conn, resp, err := d.DialContext(ctx, s.opts.URL, hdr)
	if err != nil {
		if resp != nil {
			return false, fmt.Errorf("handshake: HTTP %s", resp.Status)
		}
		return false, fmt.Errorf("dial: %w", err)
	}
	defer conn.Close()
	s.mu.Lock()
	s.st.Connects++
	s.mu.Unlock()
	s.setState(StateLive, "", time.Time{})
	s.log.Info("live source connected")

	done := make(chan struct{})
	defer close(done)
	pongWait := 2 * s.opts.PingInterval
	conn.SetReadLimit(s.opts.ReadLimit)
	_ = conn.SetReadDeadline(time.Now().Add(pongWait))
	conn.SetPongHandler(func(string) error {
		return conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	go func() {
		t := time.NewTicker(s.opts.PingInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				_ = conn.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
				conn.Close()
				return
			case <-t.C:
				if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)); err != nil {
					conn.Close()
					return
				}
			}
		}
	}()

	var buf bytes.Buffer
	for {
		_, r, err := conn.NextReader()
		if err == nil {
			buf.Reset()
			_, err = buf.ReadFrom(r)
		}
		if errors.Is(err, websocket.ErrReadLimit) {
			reason := fmt.Sprintf("message larger than %d bytes", s.opts.ReadLimit)
			s.reject(time.Now(), reason, buf.Bytes())
			return heard, errors.New(reason)
		}
		if err != nil {
			return heard, readError(err)
		}
		_ = conn.SetReadDeadline(time.Now().Add(pongWait))
		heard = true
		s.handle(buf.Bytes(), time.Now())
		if buf.Cap() > 4*int(min(s.opts.ReadLimit, 1<<20)) {
			buf = bytes.Buffer{} // do not keep a huge buffer around
		}
	}
}

func readError(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		if ce.Text != "" {
			return fmt.Errorf("closed by server: %d %s", ce.Code, ce.Text)
		}
		return fmt.Errorf("closed by server: %d", ce.Code)
	}
	return fmt.Errorf("read: %w", err)
}

// handle counts, records and decodes one message.
func (s *Source) handle(msg []byte, now time.Time) {
	if s.opts.OnMessage != nil {
		s.opts.OnMessage(msg, now)
	}
	var rs []Reading
	var err error
	if s.opts.Registry != nil {
		rs, err = s.dec.Decode(msg)
		if len(rs) > 0 {
			s.opts.Registry.Apply(s.opts.ID, rs, now)
		}
	}
	s.mu.Lock()
	s.st.Messages++
	s.st.Readings += uint64(len(rs))
	s.st.LastMessage = now
	s.mu.Unlock()
	if err != nil {
		s.reject(now, err.Error(), msg)
	}
}

func (s *Source) reject(now time.Time, reason string, msg []byte) {
	sample := msg
	if len(sample) > 120 {
		sample = sample[:120]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Rejected++
	if len(s.st.Rejections) == maxRejections {
		copy(s.st.Rejections, s.st.Rejections[1:])
		s.st.Rejections = s.st.Rejections[:maxRejections-1]
	}
	s.st.Rejections = append(s.st.Rejections, Rejection{Time: now, Reason: reason, Sample: strings.ToValidUTF8(string(sample), "?")})
}

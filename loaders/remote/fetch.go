package remote

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

// maxBody bounds one body (decoded): a tile or a tileset JSON.
const maxBody = 1 << 30

// errStatus is an HTTP answer that is neither a success nor a 304.
type errStatus struct{ code int }

func (e errStatus) Error() string { return fmt.Sprintf("HTTP %d %s", e.code, http.StatusText(e.code)) }

// fetch returns the body at u, from the server or, when it answers 304 or
// cannot be reached, from the cache.
func (f *FS) fetch(ctx context.Context, u string) ([]byte, time.Time, error) {
	var cached *entry
	if c := f.opts.Cache; c != nil {
		cached = c.get(u)
		if cached != nil && f.isOffline() {
			return cached.body, cached.mod(), nil
		}
	}
	var err error
	for attempt := 0; ; attempt++ {
		var body []byte
		var hdr http.Header
		var notModified bool
		body, hdr, notModified, err = f.once(ctx, u, cached)
		switch {
		case err == nil && notModified:
			f.setOffline(false)
			f.opts.Cache.touch(u)
			return cached.body, cached.mod(), nil
		case err == nil:
			f.setOffline(false)
			e := &entry{URL: u, ETag: hdr.Get("ETag"), LastModified: hdr.Get("Last-Modified"), body: body}
			if c := f.opts.Cache; c != nil {
				if perr := c.put(e); perr != nil {
					f.warn("cannot cache", u, perr)
				}
			}
			return body, e.mod(), nil
		}
		if ctx.Err() != nil {
			return nil, time.Time{}, ctx.Err()
		}
		if !transient(err) || attempt >= f.opts.Retries {
			break
		}
		wait := f.opts.Backoff << attempt
		if wait > f.opts.MaxBackoff || wait <= 0 {
			wait = f.opts.MaxBackoff
		}
		f.warn(fmt.Sprintf("retrying in %v (try %d of %d)", wait, attempt+2, f.opts.Retries+1), u, err)
		select {
		case <-ctx.Done():
			return nil, time.Time{}, ctx.Err()
		case <-time.After(wait):
		}
	}
	var st errStatus
	unreachable := transient(err) && !errors.As(err, &st)
	if unreachable {
		f.setOffline(true)
	}
	if cached != nil && transient(err) {
		f.warn("server unavailable; using the cached copy", u, err)
		return cached.body, cached.mod(), nil
	}
	if errors.As(err, &st) && (st.code == http.StatusNotFound || st.code == http.StatusGone) {
		return nil, time.Time{}, fmt.Errorf("%s: %w (%v)", Redact(u), fs.ErrNotExist, err)
	}
	return nil, time.Time{}, fmt.Errorf("%s: %w", Redact(u), err)
}

// once sends one request for u (conditional when cached is not nil) and
// reads the body, decoded.
func (f *FS) once(ctx context.Context, u string, cached *entry) (body []byte, hdr http.Header, notModified bool, err error) {
	if err := f.lim.acquire(ctx); err != nil {
		return nil, nil, false, err
	}
	defer f.lim.release()
	rctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, false, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	if f.token != "" {
		req.Header.Set("Authorization", "Bearer "+f.token)
	}
	if cached != nil {
		if cached.ETag != "" {
			req.Header.Set("If-None-Match", cached.ETag)
		}
		if cached.LastModified != "" {
			req.Header.Set("If-Modified-Since", cached.LastModified)
		}
	}
	resp, err := f.opts.Client.Do(req)
	if err != nil {
		return nil, nil, false, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && cached != nil:
		return nil, resp.Header, true, nil
	case resp.StatusCode != http.StatusOK:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, nil, false, errStatus{resp.StatusCode}
	}
	var r io.Reader = resp.Body
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, nil, false, fmt.Errorf("gzip: %w", truncated(err))
		}
		defer zr.Close()
		r = zr
	}
	body, err = io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, nil, false, fmt.Errorf("reading the body: %w", truncated(err))
	}
	if len(body) > maxBody {
		return nil, nil, false, fmt.Errorf("body over %d MiB", maxBody>>20)
	}
	return body, resp.Header, false, nil
}

// errTruncated marks a body that ended early.
var errTruncated = errors.New("truncated body")

// truncated marks an early end of body as errTruncated (transient).
func truncated(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: %v", errTruncated, err)
	}
	return err
}

// transient reports whether err may pass if the request is sent again: a
// 5xx or 429 answer, a timeout, a broken connection, a truncated body.
func transient(err error) bool {
	var st errStatus
	if errors.As(err, &st) {
		return st.code >= 500 || st.code == http.StatusTooManyRequests || st.code == http.StatusRequestTimeout
	}
	if errors.Is(err, context.Canceled) {
		return false
	}
	return true // network errors, timeouts (DeadlineExceeded of the request), truncated bodies
}

// warn logs a problem with u (query removed).
func (f *FS) warn(msg, u string, err error) {
	if f.opts.Logger != nil {
		f.opts.Logger.Warn("remote: "+msg, "url", Redact(u), "err", err)
	}
}

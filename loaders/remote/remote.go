package remote

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"time"
)

// Options configure New. The zero value is usable.
type Options struct {
	// TokenEnv names an environment variable holding a bearer token, sent
	// as "Authorization: Bearer …" with every request ("": none). It is
	// read once, by New.
	TokenEnv string
	// Timeout bounds each request, body included (0: 30 s).
	Timeout time.Duration
	// Retries is how many times a request is tried again after a 5xx
	// answer, a timeout, a broken connection or a truncated body (0: 3;
	// negative: never).
	Retries int
	// Backoff is the wait before the first retry, doubled for each next
	// one up to MaxBackoff (0: 250 ms and 4 s).
	Backoff, MaxBackoff time.Duration
	// Concurrency is how many requests may be in flight at once (0: 4).
	Concurrency int
	// Cache keeps bodies on disk for revalidation and offline use (nil:
	// none). One Cache may serve several FS values.
	Cache *Cache
	// Client sends the requests (nil: a client of its own).
	Client *http.Client
	// Logger receives a warning for each retry and each body served from
	// the cache because the server could not be reached; nil discards them.
	Logger *slog.Logger
}

// FS is an fs.FS, fs.ReadFileFS and fs.StatFS over the folder of a tileset
// URL. It is safe for concurrent use. Bodies are not kept in memory: each
// Open or ReadFile asks the server (or the Cache) again.
type FS struct {
	base  *url.URL // the tileset's folder, ending in "/", without query
	query url.Values
	token string
	opts  Options
	lim   *limiter

	mu      sync.Mutex
	offline time.Time // until when the server is taken as unreachable
}

// IsURL reports whether s is an http:// or https:// URL, the form New
// takes (checked by scheme only, case-insensitively).
func IsURL(s string) bool {
	ls := strings.ToLower(s)
	return strings.HasPrefix(ls, "http://") || strings.HasPrefix(ls, "https://")
}

// New returns an FS over the folder of tilesetURL (an http:// or https://
// URL of a tileset JSON file) and the name of that file in it, to pass to
// tiles3d.Open or Load. Nothing is fetched yet.
func New(tilesetURL string, opts Options) (*FS, string, error) {
	u, err := url.Parse(tilesetURL)
	if err != nil {
		return nil, "", fmt.Errorf("remote: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, "", fmt.Errorf("remote: %s: want an http:// or https:// URL", Redact(tilesetURL))
	}
	name := path.Base(u.Path)
	if u.Path == "" || strings.HasSuffix(u.Path, "/") {
		return nil, "", fmt.Errorf("remote: %s: want the URL of a tileset file, such as …/tileset.json", Redact(tilesetURL))
	}
	base := *u
	base.Path = path.Dir(u.Path)
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	base.RawPath, base.RawQuery, base.Fragment = "", "", ""
	f := &FS{base: &base, query: u.Query(), opts: opts}
	if opts.TokenEnv != "" {
		f.token = os.Getenv(opts.TokenEnv)
	}
	if f.opts.Timeout <= 0 {
		f.opts.Timeout = 30 * time.Second
	}
	if f.opts.Retries == 0 {
		f.opts.Retries = 3
	}
	if f.opts.Backoff <= 0 {
		f.opts.Backoff = 250 * time.Millisecond
	}
	if f.opts.MaxBackoff <= 0 {
		f.opts.MaxBackoff = 4 * time.Second
	}
	if f.opts.Concurrency <= 0 {
		f.opts.Concurrency = 4
	}
	if f.opts.Client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = f.opts.Concurrency // keep every slot's connection
		tr.DisableCompression = true                // we ask for gzip and decode it ourselves
		f.opts.Client = &http.Client{Transport: tr}
	}
	f.lim = newLimiter(f.opts.Concurrency)
	return f, name, nil
}

// URL returns the URL name resolves to: the tileset's folder joined with
// name, with name's own query (if any) followed by the tileset URL's.
func (f *FS) URL(name string) string {
	p, q, _ := strings.Cut(name, "?")
	u := *f.base
	u.Path = f.base.Path + p
	vals, _ := url.ParseQuery(q)
	if vals == nil {
		vals = url.Values{}
	}
	for k, vs := range f.query {
		if _, ok := vals[k]; !ok {
			vals[k] = vs
		}
	}
	u.RawQuery = vals.Encode()
	return u.String()
}

// Redact returns rawURL without its query string and user information
// (they may hold access keys), for messages.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		if i := strings.IndexAny(rawURL, "?#"); i >= 0 {
			return rawURL[:i]
		}
		return rawURL
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment = nil, "", false, ""
	return u.String()
}

// Open fetches name: fs.FS's Open, with context.Background.
func (f *FS) Open(name string) (fs.File, error) {
	return f.OpenContext(context.Background(), name)
}

// OpenContext fetches name (whole, then served from memory) as ctx allows:
// cancelling ctx abandons the request, and its priority (WithPriority)
// orders it among those waiting for a slot. Errors are *fs.PathError
// values; a name the server does not have (404, 410) is fs.ErrNotExist.
func (f *FS) OpenContext(ctx context.Context, name string) (fs.File, error) {
	data, mod, err := f.read(ctx, "open", name)
	if err != nil {
		return nil, err
	}
	return newFile(name, data, mod), nil
}

// ReadFile fetches name: fs.ReadFileFS's ReadFile, with
// context.Background. The caller owns the returned slice.
func (f *FS) ReadFile(name string) ([]byte, error) {
	return f.ReadFileContext(context.Background(), name)
}

// ReadFileContext is ReadFile as ctx allows (see OpenContext).
func (f *FS) ReadFileContext(ctx context.Context, name string) ([]byte, error) {
	data, _, err := f.read(ctx, "read", name)
	return data, err
}

// WithPriority is the package's WithPriority, as a method, so that
// loaders holding only an fs.FS can pass on a priority.
func (f *FS) WithPriority(ctx context.Context, p float64) context.Context {
	return WithPriority(ctx, p)
}

// Stat fetches name and describes it (fs.StatFS).
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	data, mod, err := f.read(context.Background(), "stat", name)
	if err != nil {
		return nil, err
	}
	return fileInfo{name: path.Base(name), size: int64(len(data)), mod: mod}, nil
}

// read checks name and fetches it.
func (f *FS) read(ctx context.Context, op, name string) ([]byte, time.Time, error) {
	p, _, _ := strings.Cut(name, "?")
	if !fs.ValidPath(p) || p == "." {
		return nil, time.Time{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	data, mod, err := f.fetch(ctx, f.URL(name))
	if err != nil {
		return nil, time.Time{}, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return data, mod, nil
}

// isOffline reports whether the server failed to answer lately.
func (f *FS) isOffline() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return time.Now().Before(f.offline)
}

// setOffline records the server as unreachable for a while (or, with
// false, as reachable).
func (f *FS) setOffline(off bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if off {
		f.offline = time.Now().Add(offlineFor)
	} else {
		f.offline = time.Time{}
	}
}

// offlineFor is how long cached bodies are served without asking a server
// that could not be reached.
const offlineFor = 30 * time.Second

package remote

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const dataDir = "../../../shared/data"

// sample returns the folder of a shared 3D Tiles sample, or skips.
func sample(t testing.TB, name string) string {
	t.Helper()
	d := filepath.Join(dataDir, "city3d", name)
	if _, err := os.Stat(filepath.Join(d, "tileset.json")); err != nil {
		t.Skipf("sample data not found: %v", err)
	}
	return d
}

// server is a test HTTP server over a folder with injectable faults.
type server struct {
	dir     string
	key     string        // required ?key= value ("": none)
	token   string        // required bearer token ("": none)
	gzip    bool          // gzip bodies when asked
	latency time.Duration // before each answer

	mu        sync.Mutex
	fail      map[string]int // path suffix → 500s still to answer (-1: always)
	truncate  map[string]bool
	requests  int
	missing   []string // requests without the key or the token
	revalid   int      // conditional requests answered 304
	srv       *httptest.Server
	fileSrv   http.Handler
	lastQuery string
}

func newServer(t *testing.T, dir string) *server {
	s := &server{dir: dir, fail: map[string]int{}, truncate: map[string]bool{}, fileSrv: http.FileServer(http.Dir(dir))}
	s.srv = httptest.NewServer(s)
	t.Cleanup(s.srv.Close)
	return s
}

// counts returns the requests seen, those without the key or token, and
// the 304 answers.
func (s *server) counts() (requests int, missing []string, revalidated int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, append([]string(nil), s.missing...), s.revalid
}

// setFail makes the next n requests for paths ending in suffix fail
// (-1: all of them).
func (s *server) setFail(suffix string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[suffix] = n
}

// url is the tileset URL, with the key when there is one.
func (s *server) url() string {
	u := s.srv.URL + "/tileset.json"
	if s.key != "" {
		u += "?key=" + s.key
	}
	return u
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.lastQuery = r.URL.RawQuery
	if s.key != "" && r.URL.Query().Get("key") != s.key || s.token != "" && r.Header.Get("Authorization") != "Bearer "+s.token {
		s.missing = append(s.missing, r.URL.String())
		s.mu.Unlock()
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	fail, trunc := 0, false
	for suffix, n := range s.fail {
		if strings.HasSuffix(r.URL.Path, suffix) && n != 0 {
			fail = n
			if n > 0 {
				s.fail[suffix] = n - 1
			}
		}
	}
	for suffix := range s.truncate {
		trunc = trunc || strings.HasSuffix(r.URL.Path, suffix)
	}
	s.mu.Unlock()
	if s.latency > 0 {
		time.Sleep(s.latency)
	}
	if fail != 0 {
		http.Error(w, "injected failure", http.StatusInternalServerError)
		return
	}
	if trunc {
		data, _ := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(r.URL.Path)))
		w.Header().Set("Content-Length", itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(data[:len(data)/2])
		return // the server closes the connection: the body is short
	}
	rec := &recorder{header: http.Header{}}
	s.fileSrv.ServeHTTP(rec, r)
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	if rec.code == http.StatusNotModified {
		s.mu.Lock()
		s.revalid++
		s.mu.Unlock()
	}
	body := rec.body.Bytes()
	if s.gzip && rec.code == http.StatusOK && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		var zb bytes.Buffer
		zw := gzip.NewWriter(&zb)
		_, _ = zw.Write(body)
		_ = zw.Close()
		body = zb.Bytes()
		rec.header.Set("Content-Encoding", "gzip")
		rec.header.Set("Content-Length", itoa(len(body)))
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.code)
	_, _ = w.Write(body)
}

// recorder keeps what the file server answers.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.code = code }

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

// logBuffer is a logger whose output a test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

var _ io.Writer = (*logBuffer)(nil)

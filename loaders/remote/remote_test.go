package remote

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"citytwin/loaders/tiles3d"
	"citytwin/scene"
)

// summary is what a loaded tileset layer must match between the local
// folder and the server.
type summary struct {
	triangles, features int
	bounds              scene.Box
	origin              scene.Geo
	warnings            string
}

func summarize(l *scene.Layer) summary {
	s := summary{features: len(l.Features), bounds: l.Bounds, origin: l.Origin}
	var tiles []string
	for _, w := range l.Warnings { // the tiles warned about: the messages differ
		tile, _, _ := strings.Cut(w, ":")
		tiles = append(tiles, tile)
	}
	s.warnings = strings.Join(tiles, "; ")
	for i := range l.Meshes {
		s.triangles += l.Meshes[i].Triangles()
	}
	return s
}

// loadLocal loads a sample from its folder.
func loadLocal(t *testing.T, dir string) summary {
	t.Helper()
	l, err := tiles3d.Load(os.DirFS(dir), "tileset.json", tiles3d.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return summarize(l)
}

// fastOptions retry quickly.
func fastOptions() Options {
	return Options{Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Timeout: 5 * time.Second}
}

func TestTilesetOverHTTP(t *testing.T) {
	for _, name := range []string{"3dbag-sibbe-nl", "plateau-shizuoka-jp"} {
		dir := sample(t, name)
		want := loadLocal(t, dir)
		for _, tt := range []struct {
			name    string
			gzip    bool
			key     string
			token   string
			latency time.Duration
		}{
			{name: "plain"},
			{name: "gzip", gzip: true},
			{name: "key and token", key: "s3cr3t", token: "tok"},
			{name: "latency", latency: 30 * time.Millisecond, gzip: true},
		} {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				s := newServer(t, dir)
				s.gzip, s.key, s.token, s.latency = tt.gzip, tt.key, tt.token, tt.latency
				opts := fastOptions()
				if tt.token != "" {
					t.Setenv("CITYTWIN_TEST_TOKEN", tt.token)
					opts.TokenEnv = "CITYTWIN_TEST_TOKEN"
				}
				fsys, file, err := New(s.url(), opts)
				if err != nil {
					t.Fatal(err)
				}
				l, err := tiles3d.Load(fsys, file, tiles3d.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if got := summarize(l); got != want {
					t.Errorf("over HTTP:\n got %+v\nwant %+v", got, want)
				}
				requests, missing, _ := s.counts()
				if len(missing) > 0 {
					t.Errorf("requests without the key or token: %v", missing)
				}
				if requests < 2 {
					t.Errorf("%d requests", requests)
				}
			})
		}
	}
}

func TestRetriedThenWarning(t *testing.T) {
	dir := sample(t, "3dbag-sibbe-nl")
	want := loadLocal(t, dir)
	s := newServer(t, dir)
	s.setFail("content/1_1_0.glb", 2) // passes on the third try
	var log logBuffer
	opts := fastOptions()
	opts.Logger = log.logger()
	fsys, file, _ := New(s.url(), opts)
	l, err := tiles3d.Load(fsys, file, tiles3d.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := summarize(l); got != want {
		t.Errorf("after retries:\n got %+v\nwant %+v", got, want)
	}
	if !strings.Contains(log.String(), "content/1_1_0.glb") || !strings.Contains(log.String(), "retrying") {
		t.Errorf("no retry warning naming the tile in %q", log.String())
	}

	s.setFail("content/2_2_3.glb", -1) // always
	l, err = tiles3d.Load(fsys, file, tiles3d.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if w := strings.Join(l.Warnings, "; "); !strings.Contains(w, "content/2_2_3.glb") || !strings.Contains(w, "500") {
		t.Errorf("warnings %q do not name the failing tile and its status", w)
	}
	if got := summarize(l); got.features == 0 || got.features >= want.features {
		t.Errorf("%d features with one tile failing, want some but fewer than %d", got.features, want.features)
	}
}

func TestTruncatedBody(t *testing.T) {
	dir := sample(t, "3dbag-sibbe-nl")
	s := newServer(t, dir)
	s.truncate["content/2_3_2.glb"] = true
	fsys, file, _ := New(s.url(), fastOptions())
	done := make(chan struct{})
	var l *scene.Layer
	var err error
	go func() {
		defer close(done)
		l, err = tiles3d.Load(fsys, file, tiles3d.Options{})
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("a truncated body hangs the load")
	}
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(l.Warnings, "; ")
	if !strings.Contains(w, "content/2_3_2.glb") || !strings.Contains(w, "truncated") {
		t.Errorf("warnings %q do not name the truncated tile", w)
	}
}

func TestNotFound(t *testing.T) {
	s := newServer(t, sample(t, "plateau-shizuoka-jp"))
	fsys, _, _ := New(s.url(), fastOptions())
	_, err := fsys.ReadFile("nothing.glb")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
	if n, _, _ := s.counts(); n != 1 {
		t.Errorf("%d requests for a 404, want 1 (no retry)", n)
	}
}

func TestCancel(t *testing.T) {
	s := newServer(t, sample(t, "plateau-shizuoka-jp"))
	s.latency = 2 * time.Second
	fsys, _, _ := New(s.url(), fastOptions())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := fsys.ReadFileContext(ctx, "test.glb")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancelled request returned after %v", d)
	}
}

func TestTimeoutRetried(t *testing.T) {
	s := newServer(t, sample(t, "plateau-shizuoka-jp"))
	s.latency = 300 * time.Millisecond
	opts := fastOptions()
	opts.Timeout, opts.Retries = 50*time.Millisecond, 2
	fsys, _, _ := New(s.url(), opts)
	_, err := fsys.ReadFile("test.glb")
	if err == nil || !strings.Contains(err.Error(), "test.glb") {
		t.Errorf("err = %v, want a timeout naming the file", err)
	}
	if n, _, _ := s.counts(); n != 3 {
		t.Errorf("%d requests, want 3 (two retries)", n)
	}
}

func TestURL(t *testing.T) {
	fsys, name, err := New("https://example.org/a/b/tileset.json?key=k&x=1", Options{})
	if err != nil || name != "tileset.json" {
		t.Fatal(name, err)
	}
	for in, want := range map[string]string{
		"content/1.glb":        "https://example.org/a/b/content/1.glb?key=k&x=1",
		"tile.b3dm?v=2":        "https://example.org/a/b/tile.b3dm?key=k&v=2&x=1",
		"sub/tileset.json":     "https://example.org/a/b/sub/tileset.json?key=k&x=1",
		"x.glb?key=other":      "https://example.org/a/b/x.glb?key=other&x=1",
		"with space/1.glb":     "https://example.org/a/b/with%20space/1.glb?key=k&x=1",
		"subtrees/0_0.subtree": "https://example.org/a/b/subtrees/0_0.subtree?key=k&x=1",
	} {
		if got := fsys.URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Redact("https://u:p@example.org/t.json?key=k"); got != "https://example.org/t.json" {
		t.Errorf("Redact = %q", got)
	}
	for _, bad := range []string{"ftp://x/t.json", "https://example.org/", "nothing"} {
		if _, _, err := New(bad, Options{}); err == nil {
			t.Errorf("New(%q) accepted", bad)
		}
	}
}

func TestStreamedOverHTTP(t *testing.T) {
	dir := sample(t, "3dbag-sibbe-nl")
	local, err := tiles3d.Open(os.DirFS(dir), "tileset.json", tiles3d.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, dir)
	s.gzip, s.key = true, "k"
	fsys, file, _ := New(s.url(), fastOptions())
	remote, err := tiles3d.Open(fsys, file, tiles3d.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if remote.Bounds != local.Bounds || remote.Origin != local.Origin {
		t.Errorf("streamed bounds %v origin %v, want %v %v", remote.Bounds, remote.Origin, local.Bounds, local.Origin)
	}
	got, want := walkTree(t, remote.Tiles), walkTree(t, local.Tiles)
	if got != want || want.loaded == 0 {
		t.Errorf("streamed over HTTP: %+v, want %+v", got, want)
	}
}

// treeSum is what every tile of a streamed tree holds.
type treeSum struct{ nodes, loaded, failed, triangles, features int }

// walkTree expands and loads every tile of tree, as a view of everything
// would.
func walkTree(t *testing.T, tree *scene.TileTree) treeSum {
	t.Helper()
	var s treeSum
	for i := 0; i < len(tree.Nodes); i++ {
		if tree.Nodes[i].Unexpanded && tree.Expand != nil {
			e, err := tree.Expand(i)
			if err != nil {
				e = nil
			}
			tree.Graft(int32(i), e)
		}
		if !tree.Nodes[i].HasContent {
			continue
		}
		l, err := tree.Load(i)
		if err != nil {
			s.failed++
			continue
		}
		s.loaded++
		s.features += len(l.Features)
		for j := range l.Meshes {
			s.triangles += l.Meshes[j].Triangles()
		}
	}
	s.nodes = len(tree.Nodes)
	return s
}

// The FS is what loaders/tiles3d looks for to read tiles as a streamer's
// contexts allow (cancelled when they leave the view, ordered by urgency).
var _ interface {
	ReadFileContext(ctx context.Context, name string) ([]byte, error)
	WithPriority(ctx context.Context, p float64) context.Context
} = (*FS)(nil)

package remote

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"citytwin/loaders/tiles3d"
)

func TestCacheRevalidateAndOffline(t *testing.T) {
	dir := sample(t, "3dbag-sibbe-nl")
	want := loadLocal(t, dir)
	cacheDir := t.TempDir()
	s := newServer(t, dir)
	s.key = "k"
	load := func(c *Cache, log *logBuffer) summary {
		t.Helper()
		opts := fastOptions()
		opts.Cache = c
		if log != nil {
			opts.Logger = log.logger()
		}
		fsys, file, _ := New(s.url(), opts)
		l, err := tiles3d.Load(fsys, file, tiles3d.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return summarize(l)
	}
	c, err := OpenCache(cacheDir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := load(c, nil); got != want {
		t.Fatalf("first run:\n got %+v\nwant %+v", got, want)
	}
	if !c.Has(s.url()) || c.Size() == 0 {
		t.Fatalf("the tileset was not cached (%d bytes)", c.Size())
	}
	// Second run, a new process: every body is revalidated (304).
	c, _ = OpenCache(cacheDir, 0)
	if got := load(c, nil); got != want {
		t.Errorf("revalidated run:\n got %+v\nwant %+v", got, want)
	}
	if _, _, n := s.counts(); n == 0 {
		t.Error("no conditional request answered 304")
	}
	// The server is gone: the kiosk starts from the cache.
	s.srv.Close()
	c, _ = OpenCache(cacheDir, 0)
	var log logBuffer
	start := time.Now()
	if got := load(c, &log); got != want {
		t.Errorf("offline run:\n got %+v\nwant %+v", got, want)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("offline start took %v", d)
	}
	if log.String() == "" {
		t.Error("no warning that the cached copy was used")
	}
}

func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenCache(dir, 3000)
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 900)
	for _, u := range []string{"http://h/a", "http://h/b", "http://h/c"} {
		if err := c.put(&entry{URL: u, ETag: `"1"`, body: body}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if c.get("http://h/a") == nil { // a is now the most recently used
		t.Fatal("a not cached")
	}
	if err := c.put(&entry{URL: "http://h/d", body: body}); err != nil {
		t.Fatal(err)
	}
	for u, want := range map[string]bool{"http://h/a": true, "http://h/b": false, "http://h/c": true, "http://h/d": true} {
		if c.Has(u) != want {
			t.Errorf("Has(%s) = %v, want %v", u, !want, want)
		}
	}
	if c.Size() > 3000 {
		t.Errorf("size %d over the cap", c.Size())
	}
	// Reopened, the cache knows its entries and their order.
	c2, err := OpenCache(dir, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Size() > 2000 || c2.Has("http://h/c") || !c2.Has("http://h/d") {
		t.Errorf("reopened smaller: size %d, c %v, d %v", c2.Size(), c2.Has("http://h/c"), c2.Has("http://h/d"))
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 4 { // two entries, body and meta each
		t.Errorf("%d files left: %v", len(files), files)
	}
	if _, err := os.Stat(filepath.Join(dir, key("http://h/d")+".body")); err != nil {
		t.Error(err)
	}
}

func TestPriorityOrder(t *testing.T) {
	l := newLimiter(1)
	if err := l.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []float64
	var wg sync.WaitGroup
	for _, p := range []float64{1, 5, 3} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.acquire(WithPriority(context.Background(), p)); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, p)
			mu.Unlock()
			l.release()
		}()
		time.Sleep(20 * time.Millisecond) // queued in this order
	}
	ctx, cancel := context.WithCancel(context.Background())
	gone := make(chan error)
	go func() { gone <- l.acquire(WithPriority(ctx, 10)) }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if err := <-gone; err == nil {
		t.Error("a cancelled waiter got a slot")
	}
	l.release()
	wg.Wait()
	if len(order) != 3 || order[0] != 5 || order[1] != 3 || order[2] != 1 {
		t.Errorf("served in order %v, want [5 3 1]", order)
	}
}

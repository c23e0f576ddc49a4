package remote

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultCacheMiB is the size of a Cache unless -cache-mb says otherwise.
const DefaultCacheMiB = 1024

// Cache keeps fetched bodies in a folder, keyed by URL (query included),
// each with the ETag and Last-Modified the server gave, so that FS can
// revalidate them and serve them when the server cannot be reached. It
// holds at most its size in bytes: storing past it removes the entries
// used least recently (by access time, kept in the files' modification
// times, so it survives restarts). It is safe for concurrent use, and for
// one process at a time per folder.
type Cache struct {
	dir string
	max int64

	mu    sync.Mutex
	items map[string]*item // by key
	size  int64
}

// item is what the cache knows of an entry without reading it.
type item struct {
	size int64
	used time.Time
}

// entry is one cached body and its validators.
type entry struct {
	URL          string `json:"url"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	body         []byte
}

// mod is the entry's Last-Modified time, or the zero time.
func (e *entry) mod() time.Time {
	t, _ := http.ParseTime(e.LastModified)
	return t
}

// OpenCache opens (creating it if needed) the cache folder dir, holding at
// most maxBytes (≤ 0: DefaultCacheMiB MiB). It reads the sizes and access
// times of the entries already there.
func OpenCache(dir string, maxBytes int64) (*Cache, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheMiB << 20
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	c := &Cache{dir: dir, max: maxBytes, items: map[string]*item{}}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	for _, de := range ents {
		if strings.HasPrefix(de.Name(), ".tmp-") { // left by a process that died while writing
			_ = os.Remove(filepath.Join(dir, de.Name()))
			continue
		}
		key, ok := strings.CutSuffix(de.Name(), ".body")
		if !ok {
			continue
		}
		info, err := de.Info()
		if err != nil {
			continue
		}
		it := &item{size: info.Size(), used: info.ModTime()}
		if mi, err := os.Stat(filepath.Join(dir, key+".meta")); err == nil {
			it.size += mi.Size()
		} else {
			_ = os.Remove(filepath.Join(dir, de.Name()))
			continue
		}
		c.items[key] = it
		c.size += it.size
	}
	c.mu.Lock()
	c.evictLocked()
	c.mu.Unlock()
	return c, nil
}

// Size returns the bytes the cache holds on disk.
func (c *Cache) Size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// Has reports whether the cache holds a body for rawURL.
func (c *Cache) Has(rawURL string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[key(rawURL)] != nil
}

// key names a URL's files.
func key(u string) string {
	h := sha256.Sum256([]byte(u))
	return hex.EncodeToString(h[:16])
}

// get returns the entry of u, or nil, and marks it used.
func (c *Cache) get(u string) *entry {
	k := key(u)
	c.mu.Lock()
	it := c.items[k]
	c.mu.Unlock()
	if it == nil {
		return nil
	}
	meta, err := os.ReadFile(filepath.Join(c.dir, k+".meta"))
	if err != nil {
		return nil
	}
	var e entry
	if json.Unmarshal(meta, &e) != nil || e.URL != u {
		return nil
	}
	if e.body, err = os.ReadFile(filepath.Join(c.dir, k+".body")); err != nil {
		return nil
	}
	c.touch(u)
	return &e
}

// touch marks u's entry as used now (on disk too). A nil cache does
// nothing.
func (c *Cache) touch(u string) {
	if c == nil {
		return
	}
	k := key(u)
	now := time.Now()
	c.mu.Lock()
	if it := c.items[k]; it != nil {
		it.used = now
	}
	c.mu.Unlock()
	_ = os.Chtimes(filepath.Join(c.dir, k+".body"), now, now)
}

// put stores e (written to temporary files, then renamed) and evicts the
// least recently used entries past the size.
func (c *Cache) put(e *entry) error {
	k := key(e.URL)
	meta, err := json.Marshal(e)
	if err != nil {
		return err
	}
	size := int64(len(meta) + len(e.body))
	if size > c.max {
		return nil // never fits
	}
	if err := writeFile(filepath.Join(c.dir, k+".meta"), meta); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(c.dir, k+".body"), e.body); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.items[k]; old != nil {
		c.size -= old.size
	}
	c.items[k] = &item{size: size, used: time.Now()}
	c.size += size
	c.evictLocked()
	return nil
}

// evictLocked removes the least recently used entries until the cache
// holds at most its size.
func (c *Cache) evictLocked() {
	if c.size <= c.max {
		return
	}
	keys := make([]string, 0, len(c.items))
	for k := range c.items {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return c.items[keys[i]].used.Before(c.items[keys[j]].used) })
	for _, k := range keys {
		if c.size <= c.max {
			break
		}
		_ = os.Remove(filepath.Join(c.dir, k+".body"))
		_ = os.Remove(filepath.Join(c.dir, k+".meta"))
		c.size -= c.items[k].size
		delete(c.items, k)
	}
}

// writeFile writes data to name through a temporary file and a rename, so
// a reader never sees half a file.
func writeFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

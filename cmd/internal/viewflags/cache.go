package viewflags

import (
	"flag"
	"fmt"
	"log/slog"

	"citytwin/loaders/open"
	"citytwin/loaders/remote"
)

// CacheFlags are -cache and -cache-mb: where tilesets read over HTTP(S)
// are kept on disk, and how much.
type CacheFlags struct {
	Dir string // "": no disk cache
	MiB int64
}

// DefineCache adds -cache and -cache-mb to fs, writing into c (defaults
// set). citytwin report uses it too.
func DefineCache(fs *flag.FlagSet, c *CacheFlags) {
	*c = CacheFlags{MiB: remote.DefaultCacheMiB}
	fs.StringVar(&c.Dir, "cache", "", "keep 3D Tiles read over HTTP(S) in `DIR` (revalidated; used offline when the server cannot be reached)")
	fs.Int64Var(&c.MiB, "cache-mb", c.MiB, "at most this many `MiB` in the -cache folder (least recently used dropped first)")
}

// Check checks -cache-mb.
func (c CacheFlags) Check() error {
	if c.MiB <= 0 || c.MiB > 1<<24 {
		return fmt.Errorf("-cache-mb %d: want MiB between 1 and 16777216", c.MiB)
	}
	return nil
}

// Remote returns the options of tilesets read over HTTP(S): with -cache,
// the cache folder opened (created if needed).
func (c CacheFlags) Remote(log *slog.Logger) (remote.Options, error) {
	ro := remote.Options{Logger: log}
	if c.Dir == "" {
		return ro, nil
	}
	cache, err := remote.OpenCache(c.Dir, c.MiB<<20)
	if err != nil {
		return ro, fmt.Errorf("-cache %s: %w", c.Dir, err)
	}
	ro.Cache = cache
	return ro, nil
}

// OpenOptions returns the options the window commands open their files
// with: -tiles, and -cache / -cache-mb for tilesets read over HTTP(S).
func (o *Options) OpenOptions(log *slog.Logger) (open.Options, error) {
	mode, err := open.ParseTileMode(o.Tiles)
	if err != nil {
		return open.Options{}, err
	}
	ro, err := o.Cache.Remote(log)
	if err != nil {
		return open.Options{}, err
	}
	return open.Options{Logger: log, Tiles: mode, Remote: ro, Limits: o.Limits()}, nil
}

package viewflags

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"citytwin/loaders/open"
	"citytwin/loaders/remote"
)

func TestCacheFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tiles-cache")
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	o, err := Parse([]string{"-cache", dir, "-cache-mb", "64", "-tiles", "stream", "https://example.org/c/tileset.json"}, fs)
	if err != nil {
		t.Fatal(err)
	}
	if o.Cache.Dir != dir || o.Cache.MiB != 64 {
		t.Errorf("cache flags %+v", o.Cache)
	}
	oo, err := o.OpenOptions(nil)
	if err != nil {
		t.Fatal(err)
	}
	if oo.Tiles != open.TilesStream || oo.Remote.Cache == nil {
		t.Errorf("open options %+v", oo)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("cache folder not created: %v", err)
	}

	fs = flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := Parse([]string{"-cache-mb", "0"}, fs); err == nil {
		t.Error("-cache-mb 0 accepted")
	}
	fs = flag.NewFlagSet("test", flag.ContinueOnError)
	o, _ = Parse(nil, fs)
	if o.Cache.Dir != "" || o.Cache.MiB != remote.DefaultCacheMiB {
		t.Errorf("cache defaults %+v", o.Cache)
	}
}

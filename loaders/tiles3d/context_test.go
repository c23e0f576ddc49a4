package tiles3d

import (
	"context"
	"errors"
	"io/fs"
	"sync"
	"testing"

	"citytwin/scene"
)

// ctxFS is a file system with ReadFileContext (as loaders/remote's) that
// records the priority of each read and fails reads whose context is
// done.
type ctxFS struct {
	fs.FS
	mu    sync.Mutex
	prios map[string]float64
}

func (c *ctxFS) ReadFileContext(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	c.mu.Lock()
	c.prios[name], _ = ctx.Value(prioKey{}).(float64)
	c.mu.Unlock()
	return fs.ReadFile(c.FS, name)
}

type prioKey struct{}

func (c *ctxFS) WithPriority(ctx context.Context, p float64) context.Context {
	return context.WithValue(ctx, prioKey{}, p)
}

func TestTreeOnAContextFSLoadsThroughIt(t *testing.T) {
	g := implicitGen{levels: 3, subLevels: 2, content: genB3DM(t)}
	fsys := &ctxFS{FS: mapFS(g.files()), prios: map[string]float64{}}
	l, err := Open(fsys, "tileset.json", Options{Frame: genFrame})
	if err != nil {
		t.Fatal(err)
	}
	tr := l.Tiles
	if tr.LoadContext == nil || tr.ExpandContext == nil {
		t.Fatal("no LoadContext or ExpandContext on a tree read through ReadFileContext")
	}
	ctx := scene.WithTilePriority(context.Background(), 7)
	if _, err := tr.LoadContext(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if len(fsys.prios) == 0 {
		t.Fatal("LoadContext did not read through ReadFileContext")
	}
	for name, p := range fsys.prios {
		if p != 7 && name != "tileset.json" && name != "s/0_0_0.subtree" {
			t.Errorf("%s read at priority %g, want 7", name, p)
		}
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.ExpandContext(gone, 1); err == nil {
		t.Errorf("expansion with a cancelled context: %v", err)
	}
	if _, err := tr.LoadContext(gone, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("load with a cancelled context: %v", err)
	}

	// A plain file system keeps the plain tree.
	if l, err = Open(mapFS(g.files()), "tileset.json", Options{Frame: genFrame}); err != nil {
		t.Fatal(err)
	}
	if l.Tiles.LoadContext != nil || l.Tiles.ExpandContext != nil {
		t.Error("a local tree has LoadContext")
	}
}

package live

import (
	"context"
	"sync"
)

// Feed runs several Sources into one Registry: what the viewer holds for a
// scene's live[] entries.
type Feed struct {
	// Registry receives every source's readings.
	Registry *Registry
	// Sources are the running sources, in the order given.
	Sources []*Source

	wg sync.WaitGroup
}

// StartFeed starts one Source per option set, all feeding reg (their
// Registry fields are overwritten), and returns at once. It fails, starting
// nothing, when an option set is unusable (a bad URL). Sources stop when ctx
// ends; Wait waits for that.
func StartFeed(ctx context.Context, reg *Registry, opts []SourceOptions) (*Feed, error) {
	f := &Feed{Registry: reg}
	for _, o := range opts {
		o.Registry = reg
		s, err := NewSource(o)
		if err != nil {
			return nil, err
		}
		f.Sources = append(f.Sources, s)
	}
	for _, s := range f.Sources {
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			_ = s.Run(ctx)
		}()
	}
	return f, nil
}

// Statuses appends every source's Status to dst and returns it.
func (f *Feed) Statuses(dst []Status) []Status {
	for _, s := range f.Sources {
		dst = append(dst, s.Status())
	}
	return dst
}

// Wait blocks until every source has stopped (after ctx ended).
func (f *Feed) Wait() { f.wg.Wait() }

package remote

import (
	"container/heap"
	"context"
	"sync"
)

// priorityKey is the context key of WithPriority.
type priorityKey struct{}

// WithPriority returns a context whose requests go before those of lower
// priority when they wait for a free slot (higher first; equal priorities
// in arrival order). The default priority is 0.
func WithPriority(ctx context.Context, p float64) context.Context {
	return context.WithValue(ctx, priorityKey{}, p)
}

// priorityOf is the priority WithPriority stored in ctx, or 0.
func priorityOf(ctx context.Context) float64 {
	p, _ := ctx.Value(priorityKey{}).(float64)
	return p
}

// limiter lets at most n holders in at a time, waiters by priority.
type limiter struct {
	mu      sync.Mutex
	free    int
	waiting waiters
	seq     int64
}

// waiter is one caller waiting for a slot.
type waiter struct {
	prio  float64
	seq   int64
	ready chan struct{}
	index int // in the heap; -1 once granted or gone
}

func newLimiter(n int) *limiter { return &limiter{free: n} }

// acquire waits for a slot, or returns ctx's error when it is done first.
func (l *limiter) acquire(ctx context.Context) error {
	l.mu.Lock()
	if l.free > 0 && len(l.waiting) == 0 {
		l.free--
		l.mu.Unlock()
		return nil
	}
	w := &waiter{prio: priorityOf(ctx), seq: l.seq, ready: make(chan struct{})}
	l.seq++
	heap.Push(&l.waiting, w)
	l.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		defer l.mu.Unlock()
		if w.index < 0 { // granted meanwhile: pass the slot on
			l.releaseLocked()
		} else {
			heap.Remove(&l.waiting, w.index)
		}
		return ctx.Err()
	}
}

// release gives a slot back.
func (l *limiter) release() {
	l.mu.Lock()
	l.releaseLocked()
	l.mu.Unlock()
}

func (l *limiter) releaseLocked() {
	if len(l.waiting) > 0 {
		w := heap.Pop(&l.waiting).(*waiter)
		close(w.ready)
		return
	}
	l.free++
}

// waiters is a heap: highest priority, then earliest, first.
type waiters []*waiter

func (h waiters) Len() int { return len(h) }
func (h waiters) Less(i, j int) bool {
	if h[i].prio != h[j].prio {
		return h[i].prio > h[j].prio
	}
	return h[i].seq < h[j].seq
}
func (h waiters) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waiters) Push(x any) {
	w := x.(*waiter)
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *waiters) Pop() any {
	old := *h
	w := old[len(old)-1]
	*h = old[:len(old)-1]
	w.index = -1
	return w
}

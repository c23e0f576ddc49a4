package viewer

import "testing"

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100}, {gcHeadroom, 100}, {2 * gcHeadroom, 50}, {3 * gcHeadroom, 33}, {100 * gcHeadroom, 25},
	} {
		if got := gcPercent(c.live); got != c.want {
			t.Errorf("gcPercent(%d MiB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}

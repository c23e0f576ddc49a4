package live

import (
	"math/rand/v2"
	"time"
)

// backoff returns the wait before reconnect attempt n (0-based): doubling
// from min, capped at max, with "equal jitter" (half fixed, half random) so
// that many viewers cut off together do not reconnect in lockstep.
func backoff(n int, min, max time.Duration) time.Duration {
	d := min
	for i := 0; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

package live

import (
	"strings"
	"testing"
	"time"
)

func TestNewSourceChecksURL(t *testing.T) {
	for _, tc := range []struct {
		url, errPart string
	}{
		{"ws://127.0.0.1:8765", ""},
		{"wss://example.org/feed", ""},
		{"mqtt+ws://127.0.0.1:9001/mqtt?topic=city/%23", ""},
		{"mqtt+wss://broker.example.org/mqtt?topic=a", ""},
		{"http://example.org", "scheme \"http\""},
		{"mqtt+ws://127.0.0.1:9001/mqtt", "needs ?topic="},
		{"ws://", "no host"},
		{"::", "missing protocol scheme"},
	} {
		_, err := NewSource(SourceOptions{URL: tc.url})
		if tc.errPart == "" && err != nil {
			t.Errorf("%s: %v", tc.url, err)
		}
		if tc.errPart != "" && (err == nil || !strings.Contains(err.Error(), tc.errPart)) {
			t.Errorf("%s: err %v, want %q", tc.url, err, tc.errPart)
		}
	}
}

func TestStatusLabel(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		st   Status
		want string
	}{
		{Status{State: StateConnecting}, "connecting"},
		{Status{State: StateLive}, "live"},
		{Status{State: StateStale, LastMessage: now.Add(-12 * time.Second)}, "stale (no message for 12 s)"},
		{Status{State: StateReconnecting, RetryAt: now.Add(3 * time.Second), Reason: "dial: refused"}, "reconnecting in 3 s (dial: refused)"},
		{Status{State: StateFailed, Reason: "token variable X is empty"}, "failed: token variable X is empty"},
	} {
		if got := tc.st.Label(now); got != tc.want {
			t.Errorf("label %q, want %q", got, tc.want)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	min, max := 500*time.Millisecond, 30*time.Second
	for n := 0; n < 20; n++ {
		want := min << n
		if want > max || want <= 0 {
			want = max
		}
		for k := 0; k < 50; k++ {
			d := backoff(n, min, max)
			if d < want/2 || d > want {
				t.Fatalf("attempt %d: %v not in [%v, %v]", n, d, want/2, want)
			}
		}
	}
}

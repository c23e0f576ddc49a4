package live

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ws://127.0.0.1:8765", "ws://127.0.0.1:8765"},
		{"mqtt+ws://broker:9001/mqtt?topic=city/%23", "mqtt+ws://broker:9001/mqtt?topic=city/%23"},
		{"mqtt://alice:s3cret@broker:1883?topic=city/%23", "mqtt://alice:REDACTED@broker:1883?topic=city/%23"},
		{"mqtts://tok3n@broker?topic=a&password=pw", "mqtts://REDACTED@broker?topic=a&password=REDACTED"},
		{"wss://alice:s3cret@example.org/feed", "wss://alice:REDACTED@example.org/feed"},
		{"wss://abcdef0123@example.org/feed", "wss://REDACTED@example.org/feed"},
		{"wss://example.org/feed?token=abc&x=1", "wss://example.org/feed?token=REDACTED&x=1"},
		{"wss://example.org/f?Access_Token=abc&API-KEY=k&apikey=q&Sig=s&key=v&topic=a/b",
			"wss://example.org/f?Access_Token=REDACTED&API-KEY=REDACTED&apikey=REDACTED&Sig=REDACTED&key=REDACTED&topic=a/b"},
		{"https://b.blob.core.windows.net/c?sv=2020&sig=AbC%2Fd&se=2026", "https://b.blob.core.windows.net/c?sv=2020&sig=REDACTED&se=2026"},
		{"wss://h/p?X-Amz-Credential=AK%2F1&X-Amz-Signature=ff&client_secret=cs&password=pw",
			"wss://h/p?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&client_secret=REDACTED&password=REDACTED"},
		{"wss://u:p@h/p?token=t#access_token=z", "wss://u:REDACTED@h/p?token=REDACTED#REDACTED"},
		{"ws://h/a@b", "ws://h/a@b"},
		{"::not a url ws://x:y@z", "::not a url ws://x:REDACTED@z"},
		{"air-quality", "air-quality"},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSourceNeverShowsSecrets: statuses, labels, reasons, logs, errors and
// the report summary of a source whose URL carries credentials show them
// redacted, and the token from the environment appears nowhere.
func TestSourceNeverShowsSecrets(t *testing.T) {
	t.Setenv("CITYTWIN_TEST_TOKEN", "envtoken-XYZ")
	secrets := []string{"s3cret", "qs-TOKEN", "envtoken-XYZ", "sig-ABC"}
	check := func(where, text string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s shows secret %q: %s", where, s, text)
			}
		}
	}
	for _, scheme := range []string{"ws", "mqtt+ws", "mqtt", "mqtts"} {
		raw := fmt.Sprintf("%s://alice:s3cret@127.0.0.1:%d/feed?topic=x&access_token=qs-TOKEN&SIG=sig-ABC", scheme, freePort(t))
		var logs bytes.Buffer
		src, err := NewSource(SourceOptions{URL: raw, TokenEnv: "CITYTWIN_TEST_TOKEN", MinBackoff: 10 * time.Millisecond,
			MaxBackoff: 20 * time.Millisecond, HandshakeTimeout: time.Second,
			Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); _ = src.Run(ctx) }()
		waitFor(t, "a failed attempt", func() bool { return src.Status().Connects == 0 && src.Status().LastError != "" })
		st := src.Status()
		cancel()
		<-done
		b, _ := json.Marshal(Summarize(&View{}, []Status{st}))
		check(scheme+" status", fmt.Sprintf("%+v", st))
		check(scheme+" label", st.Label(time.Now()))
		check(scheme+" summary", string(b))
		check(scheme+" log", logs.String())
		if !strings.Contains(st.URL, "alice:REDACTED@") || !strings.Contains(st.URL, "access_token=REDACTED") {
			t.Errorf("status URL %q", st.URL)
		}
	}
	for _, bad := range []string{"http://bob:s3cret@h/?token=qs-TOKEN", "ws://bob:s3cret@h:notaport/?token=qs-TOKEN",
		"mqtt+ws://bob:s3cret@h/?token=qs-TOKEN", "mqtt://bob:s3cret@h?token=qs-TOKEN", "mqtts://bob:s3cret@h:x?topic=a&token=qs-TOKEN"} {
		_, err := NewSource(SourceOptions{URL: bad})
		if err == nil {
			t.Fatalf("%s: no error", bad)
		}
		check("NewSource error", err.Error())
	}
}

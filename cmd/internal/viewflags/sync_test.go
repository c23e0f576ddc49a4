package viewflags

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestSyncFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // error text; "" none
	}{
		{nil, ""},
		{[]string{"-sync", "mqtt+ws://127.0.0.1:9001/?topic=room1", "-sync-role", "leader"}, ""},
		{[]string{"--sync=mqtt+wss://broker/mqtt?topic=room1"}, ""},
		{[]string{"-sync", "ws://127.0.0.1:9001/?topic=room1"}, "mqtt+ws"},
		{[]string{"-sync", "mqtt+ws://127.0.0.1:9001/"}, "topic"},
		{[]string{"-sync-role", "boss"}, "leader or follower"},
	} {
		fs := flag.NewFlagSet("view", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		o, err := Parse(tc.args, fs)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v: %v", tc.args, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%v: error %v, want one saying %q", tc.args, err, tc.want)
		case tc.want == "" && len(tc.args) > 1 && tc.args[0] == "-sync" && (o.Sync.URL != tc.args[1] || o.Sync.Role != "leader"):
			t.Errorf("%v: %+v", tc.args, o.Sync)
		}
	}
}

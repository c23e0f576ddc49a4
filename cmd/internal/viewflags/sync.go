package viewflags

import (
	"flag"
	"fmt"
	"net/url"
)

// SyncFlags are -sync and -sync-role: the MQTT room through which a
// presenter's viewer (the leader) drives other screens (followers).
type SyncFlags struct {
	URL  string // "": no screen sync
	Role string // "leader" or "follower"
}

// DefineSync adds -sync and -sync-role to fs, writing into s.
func DefineSync(fs *flag.FlagSet, s *SyncFlags) {
	*s = SyncFlags{Role: "follower"}
	fs.StringVar(&s.URL, "sync", "", "drive or follow other screens through an MQTT broker: `URL` mqtt+ws://host:port/path?topic=ROOM (or mqtt+wss://)")
	fs.StringVar(&s.Role, "sync-role", s.Role, "with -sync: leader (publishes camera, scenarios, view and swipe) or follower (shows the leader's)")
}

// Check checks -sync and -sync-role.
func (s SyncFlags) Check() error {
	if s.Role != "leader" && s.Role != "follower" {
		return fmt.Errorf("-sync-role %q: want leader or follower", s.Role)
	}
	if s.URL == "" {
		return nil
	}
	u, err := url.Parse(s.URL)
	if err != nil {
		return fmt.Errorf("-sync: %w", err)
	}
	if u.Scheme != "mqtt+ws" && u.Scheme != "mqtt+wss" {
		return fmt.Errorf("-sync %s: want an mqtt+ws:// or mqtt+wss:// URL", u.Redacted())
	}
	if u.Query().Get("topic") == "" {
		return fmt.Errorf("-sync %s: the URL needs ?topic=ROOM", u.Redacted())
	}
	return nil
}

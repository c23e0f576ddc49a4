package live

import (
	"net/url"
	"strings"
)

// Redacted replaces secrets in what RedactURL returns.
const Redacted = "REDACTED"

// secretQueryKeys are the parts of query parameter names (compared in lower
// case) that mark the value as a secret: token=, access_token=, key=,
// apikey=, api_key=, sig=, signature=, X-Amz-Signature=, password=,
// client_secret=, auth=, credential=, session=...
var secretQueryKeys = []string{"token", "key", "sig", "secret", "pass", "pwd", "auth", "credential", "session"}

// RedactURL returns raw with its secrets replaced by "REDACTED", for
// printing in logs, statuses, errors and reports: the password of
// user:password@ (a user name alone, often a token itself, is redacted
// whole) and the values of query parameters whose names contain token, key,
// sig, secret, pass, pwd, auth, credential or session (case-insensitive).
// Everything else, the order of parameters included, is kept as written.
// A string that is not a URL is returned with any "//…@" user part
// redacted. It is safe for concurrent use.
func RedactURL(raw string) string {
	rest, frag, hasFrag := strings.Cut(raw, "#")
	base, query, hasQuery := strings.Cut(rest, "?")
	if i := strings.Index(base, "//"); i >= 0 {
		auth := base[i+2:]
		if j := strings.IndexAny(auth, "/"); j >= 0 {
			auth = auth[:j]
		}
		if at := strings.LastIndex(auth, "@"); at >= 0 {
			user := auth[:at]
			if name, _, hasPass := strings.Cut(user, ":"); hasPass {
				user = name + ":" + Redacted
			} else {
				user = Redacted
			}
			base = base[:i+2] + user + base[i+2+at:]
		}
	}
	out := base
	if hasQuery {
		parts := strings.Split(query, "&")
		for k, p := range parts {
			name, _, hasValue := strings.Cut(p, "=")
			if !hasValue {
				continue
			}
			if dec, err := url.QueryUnescape(name); err == nil {
				name = dec
			}
			if secretQueryKey(name) {
				parts[k] = p[:strings.IndexByte(p, '=')+1] + Redacted
			}
		}
		out += "?" + strings.Join(parts, "&")
	}
	if hasFrag {
		if strings.Contains(frag, "=") { // an OAuth implicit-flow fragment
			frag = Redacted
		}
		out += "#" + frag
	}
	return out
}

func secretQueryKey(name string) bool {
	name = strings.ToLower(name)
	for _, k := range secretQueryKeys {
		if strings.Contains(name, k) {
			return true
		}
	}
	return false
}

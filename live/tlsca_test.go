package live

import (
	"citytwin/internal/wsstest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWSSWithCAFile: a wss:// server whose certificate no system CA signs is
// refused with the reason, and trusted once its CA file is named.
func TestWSSWithCAFile(t *testing.T) {
	url, ca := wsstest.Start(t, `{"id":"tls-1","lon":7.42,"lat":43.73,"values":{"no2":5}}`)
	caFile := filepath.Join(t.TempDir(), "city-ca.pem")
	if err := os.WriteFile(caFile, ca, 0o644); err != nil {
		t.Fatal(err)
	}

	src, _ := runSource(t, SourceOptions{URL: url})
	waitFor(t, "refusal", func() bool { return src.Status().State == StateReconnecting })
	if r := src.Status().Reason; !strings.Contains(r, "certificate") {
		t.Errorf("reason %q does not name the certificate", r)
	}

	src, reg := runSource(t, SourceOptions{URL: url, CAFile: caFile})
	waitFor(t, "the reading over wss", func() bool { return reg.Snapshot().Find("tls-1") != nil })

	pemBytes, _ := os.ReadFile(caFile)
	src2, reg2 := runSource(t, SourceOptions{URL: url, CAPEM: pemBytes})
	waitFor(t, "the reading over wss (CAPEM)", func() bool { return reg2.Snapshot().Find("tls-1") != nil })
	_, _ = src, src2

	if _, err := NewSource(SourceOptions{URL: url, CAFile: filepath.Join(t.TempDir(), "missing.pem")}); err == nil {
		t.Error("a missing CA file is accepted")
	}
	if _, err := NewSource(SourceOptions{URL: url, CAPEM: []byte("not a certificate")}); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("a CA file without certificates: %v", err)
	}
}

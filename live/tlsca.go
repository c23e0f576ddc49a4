package live

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// withCAs returns a copy of base (nil: defaults) whose RootCAs are base's
// (or the system's) plus the certificates in pem and in the PEM file
// caFile. It fails when the file cannot be read or holds no certificate.
func withCAs(base *tls.Config, pem []byte, caFile string) (*tls.Config, error) {
	if caFile != "" {
		b, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("CA file: %w", err)
		}
		pem = append(append([]byte(nil), pem...), b...)
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if base != nil {
		cfg = base.Clone()
	}
	pool := cfg.RootCAs
	if pool == nil {
		var err error
		if pool, err = x509.SystemCertPool(); err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
	} else {
		pool = pool.Clone()
	}
	if !pool.AppendCertsFromPEM(pem) {
		what := "the CA certificates given"
		if caFile != "" {
			what = "CA file " + caFile
		}
		return nil, errors.New(what + " hold no PEM certificate")
	}
	cfg.RootCAs = pool
	return cfg, nil
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportMaxFileMB: a file over the size limit is refused at once with
// exit 2, the limit and the flag that raises it; -max-file-mb raises it.
func TestReportMaxFileMB(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.geojson")
	if err := os.WriteFile(p, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 3<<20); err != nil { // sparse
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, "report", "-max-file-mb", "2", p)
	if code != 2 || !strings.Contains(errOut, "over the limit for GeoJSON files (2 MiB); raise it with -max-file-mb 3") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// raised: the file is read, and fails on its trailing zeros instead
	_, errOut, code = runCLI(t, "report", "-max-file-mb", "3", p)
	if code != 2 || strings.Contains(errOut, "over the limit") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, _, code := runCLI(t, "report", "-max-file-mb", "-1", p); code != 2 {
		t.Errorf("-max-file-mb -1: exit %d", code)
	}
}

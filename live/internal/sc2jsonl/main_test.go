package main

import (
	"bytes"
	"os"
	"testing"
)

// TestConvertReproducesTestdata regenerates the committed Aberdeen recording
// from the shared CSV files and checks it is byte for byte the same.
func TestConvertReproducesTestdata(t *testing.T) {
	const dir = "../../../../shared/data/sensors/sensor-community-aberdeen/2019-05-24"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared data not here: %v", err)
	}
	want, err := os.ReadFile("../../testdata/aberdeen-2019-05-24.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := Convert(dir, 3, &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("conversion gives %d bytes, testdata has %d: regenerate with the command in main.go's doc", got.Len(), len(want))
	}
	if err := Convert(t.TempDir(), 1, &got); err == nil {
		t.Error("an empty folder must be an error")
	}
}

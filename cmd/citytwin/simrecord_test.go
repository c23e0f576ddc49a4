package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citytwin/live"
)

func TestSimRecordUsage(t *testing.T) {
	tests := []struct {
		name string
		run  func([]string) int
		args []string
		want int
	}{
		{"sim help", runSim, []string{"-h"}, exitOK},
		{"sim bad format", runSim, []string{"-format", "xml"}, exitUsage},
		{"sim bad center", runSim, []string{"-center", "7.4"}, exitUsage},
		{"sim bad bbox", runSim, []string{"-bbox", "2,2,1,1"}, exitUsage},
		{"sim bad rate", runSim, []string{"-rate", "0"}, exitUsage},
		{"sim unknown flag", runSim, []string{"-nope"}, exitUsage},
		{"sim missing replay", runSim, []string{"-replay", filepath.Join(t.TempDir(), "none.jsonl")}, exitUsage},
		{"record help", runRecord, []string{"-h"}, exitOK},
		{"record no url", runRecord, []string{"-o", "x.jsonl"}, exitUsage},
		{"record bad url", runRecord, []string{"-live", "http://x", "-o", "x.jsonl"}, exitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.run(tc.args); got != tc.want {
				t.Errorf("exit %d, want %d", got, tc.want)
			}
		})
	}
}

// TestSimThenRecord serves `citytwin sim` and records it with `citytwin
// record`, both in-process, and checks the recording replays as readings.
func TestSimThenRecord(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	simDone := make(chan int)
	go func() {
		simDone <- runSim([]string{"-listen", addr, "-sensors", "8", "-rate", "10", "-format", "ngsi-ld", "-duration", "3s"})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("sim did not start listening")
		}
		time.Sleep(10 * time.Millisecond)
	}
	out := filepath.Join(t.TempDir(), "rec.jsonl")
	if code := runRecord([]string{"-live", "ws://" + addr, "-o", out, "-duration", "1s"}); code != exitOK {
		t.Fatalf("record exit %d", code)
	}
	if code := <-simDone; code != exitOK {
		t.Errorf("sim exit %d", code)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := live.ReadRecording(bufio.NewReader(f))
	if err != nil || len(lines) == 0 {
		t.Fatalf("recording: %d lines, %v", len(lines), err)
	}
	ids := map[string]bool{}
	for _, l := range lines {
		rs, err := live.Decode(l.Payload(), live.FormatAuto)
		if err != nil {
			t.Fatalf("recorded message does not decode: %v", err)
		}
		for _, r := range rs {
			ids[r.Sensor] = true
			if !strings.HasPrefix(r.Sensor, "urn:ngsi-ld:") {
				t.Errorf("sensor %q in an ngsi-ld feed", r.Sensor)
			}
		}
	}
	if len(ids) != 8 {
		t.Errorf("%d sensors recorded, want 8: %v", len(ids), fmt.Sprint(ids))
	}
}

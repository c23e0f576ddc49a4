package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"citytwin/cmd/internal/viewflags"
)

// viewerName is the window executable that citytwin starts for the viewer,
// snapshot and bench commands.
const viewerName = "citytwin-view"

// findViewer returns the path of citytwin-view: beside this executable
// first, then on PATH.
func findViewer() (string, error) {
	name := viewerName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		p := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("cannot find %s beside citytwin or on PATH; build both with `go install ./cmd/...` (or `go build -o bin/ ./cmd/...`)", name)
}

// runView starts citytwin-view with mode ("" for the window, "snapshot" or
// "bench") and args, passing its standard streams and exit status through.
//
// The flags are checked here first, so usage (-h) and bad flags are answered
// where no display exists; then a missing display is reported in words
// rather than as the window library's panic.
func runView(mode string, args []string) int {
	var argv []string
	if mode != "" {
		argv = append(argv, "-"+mode)
	}
	argv = append(argv, args...)
	prefix := strings.TrimSpace("citytwin " + mode)
	fs := flag.NewFlagSet(prefix, flag.ContinueOnError)
	viewflags.Usage(fs, mode)
	var o viewflags.Options
	viewflags.Define(fs, &o)
	if err := fs.Parse(argv); err != nil { // the flag package has said what is wrong
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if err := o.Check(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", prefix, err)
		return exitUsage
	}
	viewer, err := findViewer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin:", err)
		return exitFailure
	}
	if noDisplay() {
		fmt.Fprintf(os.Stderr, "%s: no display (DISPLAY is not set): the window commands need one; "+
			"on a machine without a screen run it under Xvfb: xvfb-run -a %s ...\n", prefix, prefix)
		return exitFailure
	}
	if mode == "" && o.Kiosk {
		return superviseKiosk(viewer, argv, o.CrashLog) // supervise.go
	}
	cmd := exec.Command(viewer, argv...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() >= 0 {
			return exit.ExitCode()
		}
		fmt.Fprintf(os.Stderr, "citytwin: running %s: %v\n", viewer, err)
		return exitFailure
	}
	return exitOK
}

// noDisplay reports whether the window library would find no display: on
// X11 systems (not Windows or macOS) DISPLAY must be set (XWayland sets it
// too).
func noDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "android", "js":
		return false
	}
	return os.Getenv("DISPLAY") == ""
}

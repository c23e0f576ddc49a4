package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
func runView(mode string, args []string) int {
	viewer, err := findViewer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin:", err)
		return exitFailure
	}
	var argv []string
	if mode != "" {
		argv = append(argv, "-"+mode)
	}
	argv = append(argv, args...)
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

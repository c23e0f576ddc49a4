// Command citytwin-view is citytwin's window program: the viewer, snapshot
// and bench. The citytwin command starts it with the same arguments; it
// links Ebiten and so needs a display (Xvfb works). Its flags are those of
// package citytwin/cmd/internal/viewflags, which citytwin checks first.
//
// Live sensors come from the scene's live[] sources and every -live URL.
// With no FILE the viewer shows the built-in demo with the live simulator
// running in-process (so does a snapshot of the demo given -wait); bench
// connects only to the sources named.
//
// Usage:
//
//	citytwin-view [flags] FILE...
//	citytwin-view -snapshot -o OUT.png [-size WxH] [-camera LON,LAT,ALT,HEADING,PITCH,RANGE] [-view NAME] [-scenario ID]... [-fov DEG] [-live URL]... [-wait 2s] FILE...
//	citytwin-view -bench [-frames N] [-size WxH] [-orbit] [-live URL]... FILE...
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// Command citytwin-view is citytwin's window program: the viewer, snapshot
// and bench. The citytwin command starts it with the same arguments; it
// links Ebiten and so needs a display (Xvfb works).
//
// Usage:
//
//	citytwin-view [flags] FILE...
//	citytwin-view -snapshot -o OUT.png [-size WxH] [-camera LON,LAT,ALT,HEADING,PITCH,RANGE] [-view NAME] [-scenario ID]... [-fov DEG] FILE...
//	citytwin-view -bench [-frames N] [-size WxH] [-orbit] FILE...
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

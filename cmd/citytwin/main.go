// Command citytwin is the city digital-twin viewer's command line: it opens
// the viewer window, renders snapshots, prints reports and benchmarks, runs
// the live-feed simulator and records live feeds.
//
// This executable never links Ebiten, so report, sim and record run where no
// display exists. The window commands (the viewer, snapshot and bench) run
// in the companion executable citytwin-view, found beside this one, which
// citytwin starts with the same arguments.
//
// Usage:
//
//	citytwin [-kiosk | -present] [-live URL]... [-lang CODE] [-votes FILE] [FILE...]
//	citytwin snapshot -o OUT.png [-size WxH] [-view NAME] [-camera ...] [-scenario ID]... [-live URL]... [-wait 2s] FILE...
//	citytwin report [-format json|markdown] [-date YYYY-MM-DD] [-live URL -wait 2s] [FILE...]
//	citytwin report -votes FILE [-format json|markdown] [FILE...]
//	citytwin sim [-listen ADDR] [-sensors N] [-rate R] [-format native|ngsi-ld] [-replay FILE.jsonl]
//	citytwin record -live URL -o FILE.jsonl [-duration D]
//	citytwin tile -o DIR FILE...
//	citytwin bench [-frames N] [-size WxH] [-orbit] [-live URL]... FILE...
//	citytwin doctor [-lang CODE] [-votes FILE] [-cache DIR] [-live URL]... [-no-display] [FILE...]
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	_ "time/tzdata" // scene time zones where the system has no zoneinfo

	"citytwin/loaders/remote"
)

// Exit statuses (CONTRACTS.md).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// command is one subcommand: it takes the arguments after its name and
// returns the process exit status.
type command struct {
	name    string
	summary string
	run     func(args []string) int
}

func commands() []command {
	return []command{
		{"snapshot", "render one frame of a scene to a PNG and exit (needs a display; Xvfb works)", func(a []string) int { return runView("snapshot", a) }},
		{"report", "print what a scene holds and its key figures per scenario (no display needed)", runReport},
		{"sim", "serve simulated (or replayed) sensor readings over WebSocket", runSim},
		{"record", "record a live feed to JSON Lines for later replay", runRecord},
		{"tile", "write GeoJSON buildings and models as a 3D Tiles 1.1 tileset (-o DIR)", runTile},
		{"bench", "measure the viewer's frame times on this machine and print JSON", func(a []string) int { return runView("bench", a) }},
		{"doctor", "check this machine's set-up for the viewer: display, font, scene files, live sources, folders", runDoctor},
		{"help", "print this help, or a command's usage: citytwin help CMD", runHelp},
	}
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 {
		for _, c := range commands() {
			if args[0] == c.name {
				return c.run(args[1:])
			}
		}
		if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			usage(os.Stdout)
			return exitOK
		}
		if !strings.HasPrefix(args[0], "-") && !looksLikeFile(args[0]) {
			fmt.Fprintf(os.Stderr, "citytwin: unknown command or file %q\n\n", args[0])
			usage(os.Stderr)
			return exitUsage
		}
	}
	return runView("", args)
}

// looksLikeFile reports whether arg names a file the viewer can open (it
// exists, or has a known extension), as opposed to a mistyped command.
func looksLikeFile(arg string) bool {
	if _, err := os.Stat(arg); err == nil || remote.IsURL(arg) {
		return true
	}
	lower := strings.ToLower(arg)
	for _, ext := range []string{".json", ".geojson", ".glb", ".gltf"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

func usage(w io.Writer) {
	fmt.Fprint(w, `citytwin — a viewer for a city's local digital twin

Usage:
  citytwin [-kiosk | -present] [-live URL]... [-lang CODE] [-votes FILE] [FILE...]
      Open the viewer window. FILE is a scene file (.json), a model (.glb, .gltf),
      a 3D Tiles tileset (tileset.json, or an http(s):// URL of one) or a layer (.geojson). With no FILE it opens
      the built-in demo district with a simulated live feed.
  citytwin COMMAND [flags] [FILE...]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "citytwin COMMAND -h" for a command's flags.
Exit status: 0 success, 1 runtime failure, 2 bad usage or unusable input.
`)
}

func runHelp(args []string) int {
	if len(args) == 0 {
		usage(os.Stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"-h"})
		}
	}
	fmt.Fprintf(os.Stderr, "citytwin help: unknown command %q\n", args[0])
	return exitUsage
}

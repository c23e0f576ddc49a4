package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"citytwin/loaders/limit"
	"citytwin/loaders/remote"
	"citytwin/scene/votes"
)

// wantsVotes reports whether report's args ask for the votes summary
// (-votes FILE), which runVotesReport answers instead of the scene
// report.
func wantsVotes(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name := strings.TrimLeft(a, "-")
		if strings.HasPrefix(a, "-") && (name == "votes" || strings.HasPrefix(name, "votes=")) {
			return true
		}
	}
	return false
}

// runVotesReport is `citytwin report -votes FILE [-format json|markdown]
// [SCENE...]`: visitors' votes summarised per scenario (titles from the
// scene, the built-in demo when none is named).
func runVotesReport(args []string) int {
	fs := flag.NewFlagSet("citytwin report", flag.ContinueOnError)
	path := fs.String("votes", "", "summarise the visitors' votes in `FILE` (CSV written by citytwin -votes)")
	format := fs.String("format", "json", "output `format`: json or markdown")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: citytwin report -votes FILE [-format json|markdown] [FILE...]\n\n"+
			"Summarises visitors' votes per scenario (titles from the scene FILE, or the demo).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if *format != "json" && *format != "markdown" {
		fmt.Fprintf(os.Stderr, "citytwin report: -format %q: want json or markdown\n", *format)
		return exitUsage
	}
	f, err := os.Open(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin report: -votes:", err)
		return exitUsage
	}
	defer f.Close()
	vs, bad, err := votes.Read(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin report:", err)
		return exitFailure
	}
	titles := map[string]string{"baseline": "Today"}
	if sc, err := loadScene(fs.Args(), limit.MaxFileMB(0), remote.Options{}); err == nil {
		for _, s := range sc.Scenarios {
			titles[s.ID] = s.Title
		}
	} else {
		fmt.Fprintln(os.Stderr, "citytwin report: scenario titles:", err)
	}
	s := votes.Summarise(vs, bad, titles)
	if *format == "markdown" {
		if err := s.Markdown(os.Stdout); err != nil {
			return exitFailure
		}
		return exitOK
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"votes": s}); err != nil {
		return exitFailure
	}
	return exitOK
}

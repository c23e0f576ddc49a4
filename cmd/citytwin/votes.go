package main

import (
	"encoding/json"
	"fmt"
	"os"

	"citytwin/loaders/limit"
	"citytwin/loaders/remote"
	"citytwin/scene/votes"
)

// reportVotes answers `citytwin report -votes FILE [-format json|markdown]
// [SCENE...]`: visitors' votes summarised per scenario, with titles from
// the scene files (read with lim and ro), or the built-in demo when none
// is named.
func reportVotes(path, format string, files []string, lim limit.Limits, ro remote.Options) int {
	f, err := os.Open(path)
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
	if sc, err := loadScene(files, lim, ro); err == nil {
		for _, s := range sc.Scenarios {
			titles[s.ID] = s.Title
		}
	} else {
		fmt.Fprintln(os.Stderr, "citytwin report: scenario titles:", err)
	}
	s := votes.Summarise(vs, bad, titles)
	if format == "markdown" {
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

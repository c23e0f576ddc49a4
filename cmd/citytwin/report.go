package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"time"

	"citytwin/cmd/internal/viewflags"
	"citytwin/live"
	"citytwin/loaders/limit"
	"citytwin/loaders/open"
	"citytwin/loaders/remote"
	"citytwin/scene"
	"citytwin/scene/mesh"
	"citytwin/scene/sun"
)

// report is the JSON document printed by `citytwin report` (CONTRACTS.md).
type report struct {
	Scene     string           `json:"scene"`
	Origin    scene.Geo        `json:"origin"`
	Layers    []layerReport    `json:"layers"`
	Scenarios []scenarioReport `json:"scenarios"`
	Live      live.Summary     `json:"live"`
	Warnings  []string         `json:"warnings"`
	// SunDate is the day of the sun figures (YYYY-MM-DD, in TimeZone).
	SunDate  string `json:"sun_date"`
	TimeZone string `json:"timezone"`
}

type layerReport struct {
	ID          string   `json:"id"`
	Title       string   `json:"title,omitempty"`
	Kind        string   `json:"kind"`
	Src         string   `json:"src,omitempty"`
	Visible     bool     `json:"visible"`
	Features    int      `json:"features"`
	Skipped     int      `json:"skipped"`
	Triangles   int      `json:"triangles"`
	Warnings    []string `json:"warnings"`
	Attribution string   `json:"attribution,omitempty"`
	// Scenario is set for layers that only a scenario adds.
	Scenario string `json:"scenario,omitempty"`
}

type scenarioReport struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Description string            `json:"description,omitempty"`
	Group       string            `json:"group,omitempty"`
	KPIs        []scene.KeyFigure `json:"kpis"`
}

func runReport(args []string) int {
	fs := flag.NewFlagSet("citytwin report", flag.ContinueOnError)
	format := fs.String("format", "json", "output `format`: json or markdown")
	var lives stringList
	fs.Var(&lives, "live", "also listen to live source `URL` (repeatable) and list the sensors heard")
	wait := fs.Duration("wait", 2e9, "how long to listen to -live sources")
	date := fs.String("date", "", "day of the sun_hours figures, `YYYY-MM-DD` in the scene's time zone\n(default: the March equinox of the year of the scene's sun, else of this year)")
	maxFileMB := fs.Int64("max-file-mb", 0, viewflags.MaxFileMBUsage)
	votesPath := fs.String("votes", "", "summarise the visitors' votes in `FILE` (CSV written by citytwin -votes) instead,\nwith the scenarios' titles from the scene FILE (or the demo)")
	var cache viewflags.CacheFlags
	viewflags.DefineCache(fs, &cache)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: citytwin report [-format json|markdown] [-date YYYY-MM-DD] [-live URL -wait 2s] [-cache DIR] [FILE...]\n"+
			"       citytwin report -votes VOTES.csv [-format json|markdown] [FILE...]\n\n"+
			"Prints what the scene holds and its key figures per scenario, without a display.\n"+
			"FILE may be an http(s)://…/tileset.json URL. With no FILE it reports the built-in demo.\n\nFlags:\n")
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
	if err := viewflags.CheckMaxFileMB(*maxFileMB); err != nil {
		fmt.Fprintln(os.Stderr, "citytwin report:", err)
		return exitUsage
	}
	var day time.Time
	if *date != "" {
		d, err := sun.ParseDate(*date, nil)
		if err != nil {
			fmt.Fprintf(os.Stderr, "citytwin report: -date: %v\n", err)
			return exitUsage
		}
		day = d
	}
	if err := cache.Check(); err != nil {
		fmt.Fprintln(os.Stderr, "citytwin report:", err)
		return exitUsage
	}
	ro, err := cache.Remote(newLogger())
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin report:", err)
		return exitFailure
	}
	if *votesPath != "" {
		return reportVotes(*votesPath, *format, fs.Args(), limit.MaxFileMB(*maxFileMB), ro) // votes.go
	}
	sc, err := loadScene(fs.Args(), limit.MaxFileMB(*maxFileMB), ro)
	if err != nil {
		return failLoad("citytwin report", err)
	}
	rep, err := buildReport(sc, day)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin report:", err)
		return exitUsage
	}
	if len(lives) > 0 {
		sum, err := listenLive(lives, *wait)
		if err != nil {
			fmt.Fprintln(os.Stderr, "citytwin report: -live:", err)
			return exitUsage
		}
		rep.Live = sum
	}
	if *format == "markdown" {
		writeMarkdown(os.Stdout, rep)
		return exitOK
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		fmt.Fprintln(os.Stderr, "citytwin report:", err)
		return exitFailure
	}
	return exitOK
}

// loadScene opens the files named on the command line, or the demo.
// loadScene opens paths whole (every triangle of tilesets too, so that
// the counts are of everything; files bounded by lim, URLs read with ro),
// or the demo.
func loadScene(paths []string, lim limit.Limits, ro remote.Options) (*scene.Scene, error) {
	if len(paths) == 0 {
		return open.Demo()
	}
	return open.FilesWith(paths, open.Options{Logger: newLogger(), Tiles: open.TilesLoad, Limits: lim, Remote: ro, MaxTriangles: -1})
}

// failLoad prints a load error and returns 2 for unusable input, else 1.
func failLoad(prefix string, err error) int {
	fmt.Fprintf(os.Stderr, "%s: %v\n", prefix, err)
	if open.IsInputError(err) {
		return exitUsage
	}
	return exitFailure
}

// buildReport evaluates every scenario of sc and counts what the renderer
// draws for each layer. day is the date of the sun figures (its year,
// month and day; the zero Time: scene.DefaultSunDate).
func buildReport(sc *scene.Scene, day time.Time) (*report, error) {
	if day.IsZero() {
		day = scene.DefaultSunDate(sc, time.Now())
	}
	rep := &report{
		SunDate:  day.Format(sun.DateLayout),
		TimeZone: sc.Location().String(),
		Scene:    sc.Name,
		Origin:   sc.Origin,
		Layers:   []layerReport{},
		Live:     emptyLive(),
		Warnings: append([]string{}, sc.Warnings...),
	}
	base, err := sc.Evaluate()
	if err != nil {
		return nil, err
	}
	for _, l := range sc.Layers {
		rep.Layers = append(rep.Layers, describeLayer(l, base, sc.StoreyHeight, ""))
	}
	rep.Scenarios = append(rep.Scenarios, scenarioReport{
		ID: scene.BaselineID, Title: "Today", Description: "the city as loaded, with no intervention",
		KPIs: rep.finite(scene.BaselineID, nonNil(scene.KeyFiguresOn(sc, base, day))),
	})
	for _, s := range sc.Scenarios {
		ev, err := sc.Evaluate(s.ID)
		if err != nil {
			return nil, err
		}
		for _, ch := range s.Changes {
			if ch.Added != nil {
				rep.Layers = append(rep.Layers, describeLayer(ch.Added, ev, sc.StoreyHeight, s.ID))
			}
		}
		rep.Scenarios = append(rep.Scenarios, scenarioReport{
			ID: s.ID, Title: s.Title, Description: s.Description, Group: s.Group,
			KPIs: rep.finite(s.ID, nonNil(scene.KeyFiguresOn(sc, ev, day))),
		})
	}
	return rep, nil
}

// finite replaces key figures that are not finite numbers (a sum
// overflowing, say) by 0 with a warning, so the JSON can always be written.
func (rep *report) finite(scenario string, ks []scene.KeyFigure) []scene.KeyFigure {
	for i := range ks {
		if v := ks[i].Value; math.IsNaN(v) || math.IsInf(v, 0) {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("scenario %s: key figure %s is %v (the data holds absurd numbers); reported as 0", scenario, ks[i].ID, v))
			ks[i].Value = 0
		}
	}
	return ks
}

func nonNil(k []scene.KeyFigure) []scene.KeyFigure {
	if k == nil {
		return []scene.KeyFigure{}
	}
	return k
}

// describeLayer counts the triangles the renderer draws for l in ev: the
// meshes built from its features plus its ready-made model meshes.
func describeLayer(l *scene.Layer, ev *scene.Evaluation, storeyHeight float64, scenario string) layerReport {
	tris := 0
	if len(l.Features) > 0 && l.Kind == scene.KindGeoJSON {
		tris += mesh.BuildLayer(l, ev, storeyHeight).Triangles()
	}
	for i := range l.Meshes {
		tris += l.Meshes[i].Triangles()
	}
	return layerReport{
		ID: l.ID, Title: l.Title, Kind: string(l.Kind), Src: l.Src, Visible: l.Visible,
		Features: len(l.Features), Skipped: l.Skipped, Triangles: tris,
		Warnings: append([]string{}, l.Warnings...), Attribution: l.Attribution, Scenario: scenario,
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

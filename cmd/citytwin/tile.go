package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"citytwin/loaders/open"
	"citytwin/tiler"
)

// runTile is `citytwin tile -o DIR FILE...`: GeoJSON building layers and
// models (or a scene's layers) → a 3D Tiles 1.1 tileset in DIR.
func runTile(args []string) int {
	fs := flag.NewFlagSet("citytwin tile", flag.ContinueOnError)
	out := fs.String("o", "", "output `DIR` (DIR/tileset.json and DIR/tiles/)")
	per := fs.Int("max-per-tile", 2000, "at most this many `features` in one tile")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: citytwin tile -o DIR [-max-per-tile N] FILE...\n\n"+
			"Writes the buildings of FILE (GeoJSON layers, glTF models, tilesets, or a scene's layers)\n"+
			"as a 3D Tiles 1.1 tileset: glb tiles in a quadtree, each building's id and properties kept\n"+
			"as metadata (EXT_mesh_features, EXT_structural_metadata). Prints what it wrote as JSON.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case *out == "":
		fmt.Fprintln(os.Stderr, "citytwin tile: -o DIR is required")
		return exitUsage
	case fs.NArg() == 0:
		fmt.Fprintln(os.Stderr, "citytwin tile: name at least one FILE")
		return exitUsage
	case *per <= 0:
		fmt.Fprintf(os.Stderr, "citytwin tile: -max-per-tile %d: want a positive count\n", *per)
		return exitUsage
	}
	start := time.Now()
	log := newLogger()
	sc, err := open.Files(fs.Args(), log)
	if err != nil {
		return failLoad("citytwin tile", err)
	}
	loaded := time.Since(start)
	st, err := tiler.Write(sc, *out, tiler.Options{MaxPerTile: *per, Logger: log})
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin tile:", err)
		return exitFailure
	}
	res := struct {
		tiler.Stats
		Tileset string  `json:"tileset"`
		LoadS   float64 `json:"load_s"`
		TotalS  float64 `json:"total_s"`
	}{st, *out + "/tileset.json", loaded.Seconds(), time.Since(start).Seconds()}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(res)
	return exitOK
}

package main

// TEMPORARY stand-in for the GeoJSON loader (owned by the geojson helper),
// used while loaders/open refuses GeoJSON: simple polygons only. Removed
// when loaders/geojson lands.

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"encoding/json"

	"github.com/paulmach/orb"

	"citytwin/scene"
)

func openFiles(paths []string, _ *slog.Logger) (*scene.Scene, error) {
	sc := &scene.Scene{Name: "files"}
	type feature struct {
		ID         any            `json:"id"`
		Properties map[string]any `json:"properties"`
		Geometry   struct {
			Type        string         `json:"type"`
			Coordinates [][][2]float64 `json:"coordinates"`
		} `json:"geometry"`
	}
	type collection struct{ Features []feature }
	var fcs []*collection
	bound := orb.Bound{Min: orb.Point{1e9, 1e9}, Max: orb.Point{-1e9, -1e9}}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		fc := &collection{}
		if err := json.Unmarshal(data, fc); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, f := range fc.Features {
			for _, r := range f.Geometry.Coordinates {
				for _, pt := range r {
					bound = bound.Extend(orb.Point(pt))
				}
			}
		}
		fcs = append(fcs, fc)
	}
	c := bound.Center()
	sc.Origin = scene.Geo{Lon: c[0], Lat: c[1]}
	sc.Frame = scene.NewFrame(sc.Origin)
	for i, fc := range fcs {
		l := &scene.Layer{ID: filepath.Base(paths[i]), Kind: scene.KindGeoJSON, Visible: true, Bounds: scene.EmptyBox()}
		for j, f := range fc.Features {
			if f.Geometry.Type != "Polygon" {
				continue
			}
			poly := f.Geometry.Coordinates
			var lp orb.Polygon
			for _, r := range poly {
				var lr orb.Ring
				for _, pt := range r {
					v := sc.Frame.FromGeo(pt[0], pt[1], 0)
					lr = append(lr, orb.Point{v[0], v[1]})
					l.Bounds = l.Bounds.Extend(scene.Vec3{v[0], v[1], 0})
				}
				lp = append(lp, lr)
			}
			id, _ := f.ID.(string)
			l.Features = append(l.Features, scene.Feature{ID: id, Index: j, Properties: f.Properties, Geometry: lp})
		}
		sc.Layers = append(sc.Layers, l)
	}
	return sc, nil
}

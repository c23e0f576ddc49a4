package scenefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"path"
	"strings"

	"citytwin/scene"
)

// Validate checks the references and values of a decoded scene file and
// fills its defaults: a layer's kind is guessed from its src, src is
// cleaned (see CleanSrc), a missing layer id becomes the src's base name.
// Every problem found is an *InputError at its JSON path; several are
// joined. name is used in messages only.
func Validate(name string, f *File) error {
	p := &problems{file: name}
	if f.Origin != nil {
		checkLonLat(p, "origin", f.Origin.Lon, f.Origin.Lat)
		checkFinite(p, "origin.alt", f.Origin.Alt)
	}
	if f.StoreyHeight < 0 || f.StoreyHeight > 100 {
		p.add("storey_height", "want metres between 0 and 100, got %g", f.StoreyHeight)
	}
	if _, _, err := f.SunSettings(); err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			p.add(ie.Path, "%s", ie.Reason)
		}
	}
	layers := map[string]string{} // id → path where declared
	for i := range f.Layers {
		validateLayer(p, fmt.Sprintf("layers[%d]", i), &f.Layers[i], layers)
	}
	base := maps.Clone(layers) // what scenario changes may refer to
	validateLive(p, f.Live)
	scenarios := validateScenarios(p, f.Scenarios, layers, base)
	validateKPIs(p, f.KPIs, layers)
	views := map[string]bool{}
	for i := range f.Views {
		validateView(p, fmt.Sprintf("views[%d]", i), &f.Views[i], views, scenarios)
	}
	if k := f.Kiosk; k != nil {
		if k.IdleSeconds < 0 || math.IsInf(k.IdleSeconds, 0) {
			p.add("kiosk.idle_seconds", "want seconds ≥ 0, got %g", k.IdleSeconds)
		}
		if k.HomeView != "" && !views[k.HomeView] {
			p.add("kiosk.home_view", "unknown view %q", k.HomeView)
		}
		for i, v := range k.Tour {
			if !views[v] {
				p.add(fmt.Sprintf("kiosk.tour[%d]", i), "unknown view %q", v)
			}
		}
	}
	return p.err()
}

// validateLayer checks one layer spec and records its id in ids.
func validateLayer(p *problems, at string, l *LayerSpec, ids map[string]string) {
	src, err := CleanSrc(l.Src)
	if u, ok := tilesetURL(l.Src, l.Kind); ok {
		src, err = l.Src, nil
		l.Kind = string(scene.Kind3DTiles)
		if l.ID == "" {
			l.ID = path.Base(path.Dir(u.Path))
		}
	}
	if err != nil {
		p.add(at+".src", "%v", err)
	} else {
		l.Src = src
	}
	if l.Kind == "" {
		l.Kind = KindOf(l.Src)
		if l.Kind == "" && err == nil {
			p.add(at+".kind", "missing, and %q does not say (want geojson, gltf or 3dtiles)", l.Src)
		}
	}
	switch scene.LayerKind(l.Kind) {
	case scene.KindGeoJSON, scene.KindGLTF, scene.Kind3DTiles, "":
	default:
		p.add(at+".kind", "unknown kind %q (want geojson, gltf or 3dtiles)", l.Kind)
	}
	if l.ID == "" && l.Src != "" {
		base := path.Base(l.Src)
		l.ID = strings.TrimSuffix(base, path.Ext(base))
	}
	if l.ID == "" {
		p.add(at+".id", "missing layer id")
	} else if prev, dup := ids[l.ID]; dup {
		p.add(at+".id", "layer id %q is already used by %s", l.ID, prev)
	} else {
		ids[l.ID] = at
	}
	if pl := l.Placement; pl != nil {
		checkLonLat(p, at+".placement", pl.Lon, pl.Lat)
		checkFinite(p, at+".placement.alt", pl.Alt)
		checkFinite(p, at+".placement.heading", pl.Heading)
		if pl.Scale < 0 || math.IsInf(pl.Scale, 0) || pl.Scale > 1e6 || (pl.Scale > 0 && pl.Scale < 1e-6) {
			p.add(at+".placement.scale", "want a scale between 1e-06 and 1e+06, got %g", pl.Scale)
		}
		if l.Kind != string(scene.KindGLTF) {
			p.add(at+".placement", "only gltf layers take a placement (this layer is %q)", l.Kind)
		}
	}
	if s := l.Style; s != nil {
		if s.Opacity < 0 || s.Opacity > 1 {
			p.add(at+".style.opacity", "want 0..1, got %g", s.Opacity)
		}
		if s.LineWidth < 0 {
			p.add(at+".style.line_width", "want metres ≥ 0, got %g", s.LineWidth)
		}
		if s.PointSize < 0 {
			p.add(at+".style.point_size", "want metres ≥ 0, got %g", s.PointSize)
		}
		checkRamp(p, at+".style.color.ramp", s.Fill.Ramp)
		checkRamp(p, at+".style.stroke.ramp", s.Stroke.Ramp)
	}
}

func checkRamp(p *problems, at string, r *scene.Ramp) {
	if r == nil {
		return
	}
	if r.Property == "" {
		p.add(at+".property", "a ramp needs a numeric property")
	}
	if len(r.Stops) == 0 {
		p.add(at+".stops", "a ramp needs at least one stop")
	}
}

func validateLive(p *problems, live []scene.LiveSource) {
	ids := map[string]bool{}
	for i, s := range live {
		at := fmt.Sprintf("live[%d]", i)
		if s.ID != "" {
			if ids[s.ID] {
				p.add(at+".id", "live source id %q is used twice", s.ID)
			}
			ids[s.ID] = true
		}
		u, err := url.Parse(s.URL)
		switch {
		case s.URL == "":
			p.add(at+".url", "missing url")
		case err != nil:
			p.add(at+".url", "%v", err)
		default:
			switch u.Scheme {
			case "ws", "wss", "mqtt+ws", "mqtt+wss", "mqtt", "mqtts":
			default:
				p.add(at+".url", "want a ws://, wss://, mqtt+ws://, mqtt+wss://, mqtt:// or mqtts:// URL, got %q", s.URL)
			}
		}
		if s.CAFile != "" {
			if _, err := CleanSrc(s.CAFile); err != nil {
				p.add(at+".ca_file", "%v", strings.Replace(err.Error(), "src ", "", 1))
			} else if u != nil && u.Scheme != "wss" && u.Scheme != "mqtt+wss" && u.Scheme != "mqtts" {
				p.add(at+".ca_file", "a CA file only applies to wss://, mqtt+wss:// and mqtts:// sources")
			}
		}
		switch s.Format {
		case "", "auto", "native", "ngsi-ld":
		default:
			p.add(at+".format", "unknown format %q (want auto, native or ngsi-ld)", s.Format)
		}
	}
}

// validateScenarios checks ids, groups and every change; it returns the
// scenario ids with their groups.
// Added layers are recorded in layers (ids are unique across the scene);
// changes may name the base layers and those their own scenario added.
func validateScenarios(p *problems, scs []scene.Scenario, layers, base map[string]string) map[string]string {
	ids := map[string]string{}
	for i := range scs {
		sc := &scs[i]
		at := fmt.Sprintf("scenarios[%d]", i)
		switch _, dup := ids[sc.ID]; {
		case sc.ID == "":
			p.add(at+".id", "missing scenario id")
		case sc.ID == scene.BaselineID:
			p.add(at+".id", "%q is reserved for the city with no changes", scene.BaselineID)
		case dup:
			p.add(at+".id", "scenario id %q is used twice", sc.ID)
		default:
			ids[sc.ID] = sc.Group
		}
		if len(sc.Changes) == 0 {
			p.add(at+".changes", "a scenario needs at least one change")
		}
		own := map[string]bool{} // layers added by this scenario so far
		for j := range sc.Changes {
			validateChange(p, fmt.Sprintf("%s.changes[%d]", at, j), &sc.Changes[j], layers, base, own)
		}
	}
	return ids
}

func validateChange(p *problems, at string, ch *scene.Change, layers, base map[string]string, own map[string]bool) {
	n := 0
	hasAdd := len(ch.Add) > 0 && string(ch.Add) != "null"
	for _, set := range []bool{hasAdd, ch.Hide != nil, ch.Set != nil, ch.Adjust != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		p.add(at, "want exactly one of add, hide, set or adjust, got %d", n)
		return
	}
	known := func(sel *scene.Selection, at string) {
		switch {
		case sel.Layer == "":
			p.add(at+".layer", "missing layer id")
		case base[sel.Layer] == "" && !own[sel.Layer]:
			p.add(at+".layer", "unknown layer %q", sel.Layer)
		}
		switch {
		case len(sel.IDs) == 0 && sel.Where == nil:
			p.add(at, "select features with ids or where")
		case len(sel.IDs) > 0 && sel.Where != nil:
			p.add(at, "give ids or where, not both")
		case sel.Where != nil:
			checkFilter(p, at+".where", sel.Where)
		}
	}
	switch {
	case hasAdd:
		// Parse has checked the types; decode and validate it as a layer.
		var l LayerSpec
		if err := json.Unmarshal(ch.Add, &l); err != nil {
			p.add(at+".add", "want a layer: %v", err)
			return
		}
		validateLayer(p, at+".add", &l, layers)
		if l.ID != "" {
			own[l.ID] = true
		}
		// Keep the defaults Validate filled (kind, clean src, id).
		if b, err := json.Marshal(l); err == nil {
			ch.Add = b
		}
	case ch.Hide != nil:
		known(ch.Hide, at+".hide")
	case ch.Set != nil:
		known(&ch.Set.Selection, at+".set")
		if len(ch.Set.Properties) == 0 {
			p.add(at+".set.properties", "nothing to set")
		}
		if err := scene.CheckHeights(ch.Set.Properties, nil); err != nil {
			p.add(at+".set.properties", "%v", err)
		}
	case ch.Adjust != nil:
		known(&ch.Adjust.Selection, at+".adjust")
		if len(ch.Adjust.Add) == 0 {
			p.add(at+".adjust.add", "nothing to add")
		}
		for k, v := range ch.Adjust.Add {
			checkFinite(p, at+".adjust.add."+k, v)
		}
	}
}

func checkFilter(p *problems, at string, f *scene.Filter) {
	if f.Property == "" {
		p.add(at+".property", "missing property name")
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		p.add(at, "min %g is above max %g", *f.Min, *f.Max)
	}
}

// builtinKPIs are the key-figure kinds the scene file may name.
var builtinKPIs = map[string]bool{
	"footprint_area": true, "floor_area": true, "volume": true, "building_count": true, "area": true, "sum": true, "count": true,
	"sun_hours": true,
}

func validateKPIs(p *problems, kpis []scene.KeyFigureDef, layers map[string]string) {
	ids := map[string]bool{}
	for i, k := range kpis {
		at := fmt.Sprintf("kpis[%d]", i)
		switch {
		case k.ID == "":
			p.add(at+".id", "missing key figure id")
		case ids[k.ID]:
			p.add(at+".id", "key figure id %q is used twice", k.ID)
		}
		ids[k.ID] = true
		if k.Kind != "" && !builtinKPIs[k.Kind] {
			p.add(at+".kind", "unknown kind %q (want footprint_area, floor_area, volume, building_count, area, sum, count or sun_hours)", k.Kind)
		}
		if k.Kind == "sun_hours" && k.Layer == "" && k.Class == "" {
			p.add(at+".layer", "a sun_hours figure needs the layer (or class) of its polygons")
		}
		if k.Kind == "sum" && k.Property == "" {
			p.add(at+".property", "a sum needs a property")
		}
		if k.Layer != "" && layers[k.Layer] == "" {
			p.add(at+".layer", "unknown layer %q", k.Layer)
		}
	}
}

func validateView(p *problems, at string, v *ViewSpec, names map[string]bool, scenarios map[string]string) {
	switch {
	case v.Name == "":
		p.add(at+".name", "missing view name")
	case names[v.Name]:
		p.add(at+".name", "view name %q is used twice", v.Name)
	}
	names[v.Name] = true
	c := v.Camera
	checkLonLat(p, at+".camera", c.Lon, c.Lat)
	checkFinite(p, at+".camera.alt", c.Alt)
	checkFinite(p, at+".camera.heading", c.Heading)
	if c.Pitch < -90 || c.Pitch > 90 {
		p.add(at+".camera.pitch", "want degrees in -90..90, got %g", c.Pitch)
	}
	if !(c.Range > 0) || math.IsInf(c.Range, 0) {
		p.add(at+".camera.range", "want metres > 0, got %g", c.Range)
	}
	if c.Fov < 0 || c.Fov >= 180 {
		p.add(at+".camera.fov", "want degrees in 0..180, got %g", c.Fov)
	}
	groups := map[string]string{}
	for i, id := range v.Scenarios {
		g, ok := scenarios[id]
		if !ok && id != scene.BaselineID {
			p.add(fmt.Sprintf("%s.scenarios[%d]", at, i), "unknown scenario %q", id)
			continue
		}
		if g != "" {
			if other, dup := groups[g]; dup {
				p.add(fmt.Sprintf("%s.scenarios[%d]", at, i), "scenarios %q and %q exclude each other (group %q)", other, id, g)
			}
			groups[g] = id
		}
	}
}

func checkLonLat(p *problems, at string, lon, lat float64) {
	if !(lon >= -180 && lon <= 180) {
		p.add(at+".lon", "want degrees in -180..180, got %g", lon)
	}
	if !(lat >= -90 && lat <= 90) {
		p.add(at+".lat", "want degrees in -90..90, got %g", lat)
	}
}

func checkFinite(p *problems, at string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e9 {
		p.add(at, "want a finite number, got %g", v)
	}
}

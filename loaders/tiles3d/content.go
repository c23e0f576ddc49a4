package tiles3d

import (
	"errors"
	"fmt"
	"io/fs"
	"path"

	"citytwin/loaders/gltf"
	"citytwin/scene"
	"citytwin/scene/affine"
)

// unwrapPath drops the path from a file system error (the caller names
// the tile itself).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// tileData loads b3dm, glb, gltf or cmpt bytes of tile p.
func (ld *loader) tileData(dst *scene.Layer, p string, data []byte, world affine.Mat4, bv boundingVolume) error {
	props := map[string]any{"tile": p}
	switch {
	case len(data) >= 4 && string(data[:4]) == "b3dm":
		b, err := parseB3DM(data)
		if err != nil {
			return err
		}
		w := world
		if b.rtc != nil {
			w = w.Mul(affine.Translate(*b.rtc))
		}
		base := len(dst.Features)
		for i := 0; i < b.batchLen; i++ {
			row := map[string]any{"tile": p, "batch_id": float64(i)}
			if i < len(b.batchRows) {
				for k, v := range b.batchRows[i] {
					row[k] = v
				}
			}
			dst.Features = append(dst.Features, scene.Feature{ID: featureID(row, p, i), Index: i, Properties: row})
		}
		featureOf := func(id int) int {
			if id >= 0 && id < b.batchLen {
				return base + id
			}
			return -1
		}
		return ld.glb(dst, p, b.glb, w, props, featureOf)
	case len(data) >= 4 && string(data[:4]) == "cmpt":
		inner, err := splitCMPT(data)
		if err != nil {
			return err
		}
		for i, d := range inner {
			if err := ld.tileData(dst, fmt.Sprintf("%s#%d", p, i), d, world, bv); err != nil {
				return fmt.Errorf("inner tile %d: %w", i, err)
			}
		}
		return nil
	case len(data) >= 4 && string(data[:4]) == "i3dm":
		return ld.i3dm(dst, p, data, world)
	case len(data) >= 4 && string(data[:4]) == "pnts":
		return fmt.Errorf("%s content is not supported yet", data[:4])
	default:
		return ld.glb(dst, p, data, world, props, nil)
	}
}

// i3dm places every instance of an instanced tile, one feature each.
func (ld *loader) i3dm(dst *scene.Layer, p string, data []byte, world affine.Mat4) error {
	in, err := parseI3DM(data)
	if err != nil {
		return err
	}
	glbName, glb := p, in.glb
	if in.uri != "" {
		glbName = path.Join(path.Dir(p), in.uri)
		if !fs.ValidPath(glbName) {
			return fmt.Errorf("glTF uri %q leaves the tileset's folder", in.uri)
		}
		if glb, err = ld.read(glbName); err != nil {
			return fmt.Errorf("glTF %s: %w", glbName, unwrapPath(err))
		}
	}
	m, err := gltf.DecodeLimited(ld.fsys, glbName, glb, ld.opts.Limits)
	if err != nil {
		return err
	}
	centre := [3]float64{}
	if lo, hi, ok := m.Bounds(affine.Identity); ok {
		centre = [3]float64{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2}
	}
	// One feature per instance; the model's geometry is stored once, with
	// one mesh instance per copy.
	copies := make([]gltf.Copy, len(in.instances))
	for i, inst := range in.instances {
		row := map[string]any{"tile": p, "instance": float64(i), "batch_id": float64(in.batchIDs[i])}
		if in.batchRows != nil && in.batchIDs[i] >= 0 && in.batchIDs[i] < len(in.batchRows) {
			for k, v := range in.batchRows[in.batchIDs[i]] {
				row[k] = v
			}
		}
		fi := len(dst.Features)
		dst.Features = append(dst.Features, scene.Feature{ID: featureID(row, p, i), Index: i, Properties: row})
		w := world.Mul(inst).Mul(affine.YUpToZUp)
		copies[i] = gltf.Copy{ToLocal: ld.toLocal(w, centre), Feature: fi}
	}
	if len(copies) > 0 {
		if err := m.AppendTo(dst, gltf.Instance{Copies: copies}); err != nil {
			return err
		}
	}
	for _, s := range m.Warnings() {
		dst.Warnings = append(dst.Warnings, fmt.Sprintf("tile %s: %s", p, s))
	}
	return nil
}

// glb places a glTF/GLB tile: y-up→z-up, then the tile's world transform.
func (ld *loader) glb(dst *scene.Layer, p string, data []byte, world affine.Mat4, props map[string]any, featureOf func(int) int) error {
	m, err := gltf.DecodeLimited(ld.fsys, p, data, ld.opts.Limits)
	if err != nil {
		return err
	}
	w := world.Mul(affine.YUpToZUp)
	if rtc, ok := m.Georeference(); ok && rtc != affine.YUpToZUp {
		// CESIUM_RTC inside the tile: centre added after the axis turn.
		w = world.Mul(rtc)
	}
	centre := [3]float64{}
	if lo, hi, ok := m.Bounds(affine.Identity); ok {
		centre = [3]float64{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2}
	}
	if err := m.AppendTo(dst, gltf.Instance{ToLocal: ld.toLocal(w, centre), FeatureOf: featureOf, Properties: props}); err != nil {
		return err
	}
	for _, s := range m.Warnings() {
		dst.Warnings = append(dst.Warnings, fmt.Sprintf("tile %s: %s", p, s))
	}
	return nil
}

// featureID picks a batch-table identifier for a feature.
func featureID(row map[string]any, tile string, i int) string {
	for _, k := range []string{"id", "ID", "gml_id", "gmlid", "identificatie", "cityobject_id", "name"} {
		if s, ok := row[k].(string); ok && s != "" {
			return s
		}
	}
	return fmt.Sprintf("%s#%d", tile, i)
}

package tiles3d

import (
	"citytwin/scene/affine"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// maxInstances bounds the instances of one i3dm tile.
const maxInstances = 1 << 17

// i3dm is a parsed Instanced 3D Model tile.
type i3dm struct {
	glb       []byte // embedded glTF (gltfFormat 1)
	uri       string // external glTF (gltfFormat 0)
	instances []affine.Mat4
	batchIDs  []int
	batchRows []map[string]any
}

// featureTable gives typed access to a feature table's JSON and binary body.
type featureTable struct {
	js  map[string]json.RawMessage
	bin []byte
}

// floats reads n×comps values of property name: a JSON array, or a
// {byteOffset} reference into the binary body with the given component
// type (default defType). ok is false when the property is absent.
func (ft featureTable) floats(name string, n, comps int, defType string) ([]float64, bool, error) {
	raw, ok := ft.js[name]
	if !ok {
		return nil, false, nil
	}
	var arr []float64
	if json.Unmarshal(raw, &arr) == nil {
		if len(arr) != n*comps {
			return nil, true, fmt.Errorf("%s has %d values, want %d", name, len(arr), n*comps)
		}
		return arr, true, nil
	}
	var ref struct {
		ByteOffset    int    `json:"byteOffset"`
		ComponentType string `json:"componentType"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		return nil, true, fmt.Errorf("%s: %w", name, err)
	}
	ct := ref.ComponentType
	if ct == "" {
		ct = defType
	}
	size := map[string]int{"BYTE": 1, "UNSIGNED_BYTE": 1, "SHORT": 2, "UNSIGNED_SHORT": 2, "INT": 4, "UNSIGNED_INT": 4, "FLOAT": 4, "DOUBLE": 8}[ct]
	if size == 0 || ref.ByteOffset < 0 || int64(ref.ByteOffset)+int64(n*comps*size) > int64(len(ft.bin)) {
		return nil, true, fmt.Errorf("%s: binary reference out of range or of unknown type", name)
	}
	out := make([]float64, n*comps)
	for i := range out {
		out[i] = readComponent(ft.bin[ref.ByteOffset+i*size:], ct)
	}
	return out, true, nil
}

// parseI3DM reads an i3dm: header, feature table (positions, orientations,
// scales, batch ids) and batch table, and returns the instance transforms
// (tile coordinates, applied after glTF's y-up→z-up turn).
func parseI3DM(data []byte) (*i3dm, error) {
	if len(data) < 32 || string(data[:4]) != "i3dm" {
		return nil, fmt.Errorf("not an i3dm (bad magic or short header)")
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != 1 {
		return nil, fmt.Errorf("i3dm version %d, want 1", v)
	}
	total := int64(binary.LittleEndian.Uint32(data[8:]))
	if total > int64(len(data)) || total < 32 {
		return nil, fmt.Errorf("i3dm header says %d bytes, file has %d", total, len(data))
	}
	data = data[:total]
	var l [4]int64
	for i := range l {
		l[i] = int64(binary.LittleEndian.Uint32(data[12+4*i:]))
	}
	format := binary.LittleEndian.Uint32(data[28:])
	if 32+l[0]+l[1]+l[2]+l[3] > total {
		return nil, fmt.Errorf("i3dm table lengths overrun the file")
	}
	off := int64(32)
	ftJSON, ftBin := data[off:off+l[0]], data[off+l[0]:off+l[0]+l[1]]
	off += l[0] + l[1]
	btJSON, btBin := data[off:off+l[2]], data[off+l[2]:off+l[2]+l[3]]
	off += l[2] + l[3]
	out := &i3dm{}
	if format == 1 {
		out.glb = data[off:]
	} else {
		out.uri = strings.TrimRight(string(data[off:]), " \x00")
	}
	ft := featureTable{bin: ftBin}
	if err := json.Unmarshal(trimJSON(ftJSON), &ft.js); err != nil {
		return nil, fmt.Errorf("i3dm feature table JSON: %w", err)
	}
	var nf float64
	if err := json.Unmarshal(ft.js["INSTANCES_LENGTH"], &nf); err != nil || nf < 0 || nf > maxInstances {
		return nil, fmt.Errorf("i3dm INSTANCES_LENGTH missing or out of range (at most %d)", maxInstances)
	}
	n := int(nf)
	vec := func(name string) ([3]float64, bool, error) {
		v, ok, err := ft.floats(name, 1, 3, "FLOAT")
		if !ok || err != nil {
			return [3]float64{}, ok, err
		}
		return [3]float64{v[0], v[1], v[2]}, true, nil
	}
	rtc, _, err := vec("RTC_CENTER")
	if err != nil {
		return nil, err
	}
	pos, ok, err := ft.floats("POSITION", n, 3, "FLOAT")
	if err != nil {
		return nil, err
	}
	if !ok {
		q, okQ, err := ft.floats("POSITION_QUANTIZED", n, 3, "UNSIGNED_SHORT")
		if err != nil || !okQ {
			return nil, fmt.Errorf("i3dm needs POSITION or POSITION_QUANTIZED: %v", err)
		}
		qo, ok1, err1 := vec("QUANTIZED_VOLUME_OFFSET")
		qs, ok2, err2 := vec("QUANTIZED_VOLUME_SCALE")
		if !ok1 || !ok2 || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("i3dm POSITION_QUANTIZED needs QUANTIZED_VOLUME_OFFSET and _SCALE")
		}
		pos = make([]float64, 3*n)
		for i := range pos {
			pos[i] = qo[i%3] + q[i]/65535*qs[i%3]
		}
	}
	up, hasUp, err := ft.floats("NORMAL_UP", n, 3, "FLOAT")
	if err != nil {
		return nil, err
	}
	right, _, err := ft.floats("NORMAL_RIGHT", n, 3, "FLOAT")
	if err != nil {
		return nil, err
	}
	if !hasUp {
		upO, okU, err1 := ft.floats("NORMAL_UP_OCT32P", n, 2, "UNSIGNED_SHORT")
		rightO, okR, err2 := ft.floats("NORMAL_RIGHT_OCT32P", n, 2, "UNSIGNED_SHORT")
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("i3dm oct-encoded normals: %v %v", err1, err2)
		}
		if okU && okR {
			up, right, hasUp = octDecode(upO), octDecode(rightO), true
		}
	}
	if hasUp && right == nil {
		hasUp = false
	}
	scale, _, err := ft.floats("SCALE", n, 1, "FLOAT")
	if err != nil {
		return nil, err
	}
	scale3, _, err := ft.floats("SCALE_NON_UNIFORM", n, 3, "FLOAT")
	if err != nil {
		return nil, err
	}
	var enu bool
	_ = json.Unmarshal(ft.js["EAST_NORTH_UP"], &enu)
	ids, hasIDs, err := ft.floats("BATCH_ID", n, 1, "UNSIGNED_SHORT")
	if err != nil {
		return nil, err
	}
	maxID := -1
	for i := 0; i < n; i++ {
		t := [3]float64{rtc[0] + pos[3*i], rtc[1] + pos[3*i+1], rtc[2] + pos[3*i+2]}
		r, u := [3]float64{1, 0, 0}, [3]float64{0, 1, 0}
		switch {
		case hasUp:
			r = [3]float64{right[3*i], right[3*i+1], right[3*i+2]}
			u = [3]float64{up[3*i], up[3*i+1], up[3*i+2]}
		case enu && math.Hypot(t[0], t[1]) > 1:
			// East and north at the instance's Earth-centred position.
			lon := math.Atan2(t[1], t[0])
			lat := math.Atan2(t[2], math.Hypot(t[0], t[1])) // geocentric: close enough for orientation
			r = [3]float64{-math.Sin(lon), math.Cos(lon), 0}
			u = [3]float64{-math.Sin(lat) * math.Cos(lon), -math.Sin(lat) * math.Sin(lon), math.Cos(lat)}
		}
		f := [3]float64{r[1]*u[2] - r[2]*u[1], r[2]*u[0] - r[0]*u[2], r[0]*u[1] - r[1]*u[0]}
		s := [3]float64{1, 1, 1}
		if scale != nil {
			s = [3]float64{scale[i], scale[i], scale[i]}
		}
		if scale3 != nil {
			s = [3]float64{s[0] * scale3[3*i], s[1] * scale3[3*i+1], s[2] * scale3[3*i+2]}
		}
		m := affine.Mat4{r[0] * s[0], r[1] * s[0], r[2] * s[0], 0, u[0] * s[1], u[1] * s[1], u[2] * s[1], 0,
			f[0] * s[2], f[1] * s[2], f[2] * s[2], 0, t[0], t[1], t[2], 1}
		if !m.Finite() {
			return nil, fmt.Errorf("i3dm instance %d: transform is not finite", i)
		}
		out.instances = append(out.instances, m)
		id := i
		if hasIDs {
			id = int(ids[i])
		}
		out.batchIDs = append(out.batchIDs, id)
		maxID = max(maxID, id)
	}
	if len(trimJSON(btJSON)) > 0 && maxID >= 0 {
		rows, err := batchTable(trimJSON(btJSON), btBin, maxID+1)
		if err != nil {
			return nil, fmt.Errorf("i3dm batch table: %w", err)
		}
		out.batchRows = rows
	}
	return out, nil
}

// octDecode turns oct-encoded unit vectors (16-bit components) into
// vec3s.
func octDecode(v []float64) []float64 {
	out := make([]float64, 0, len(v)/2*3)
	for i := 0; i+1 < len(v); i += 2 {
		x, y := v[i]/65535*2-1, v[i+1]/65535*2-1
		z := 1 - math.Abs(x) - math.Abs(y)
		if z < 0 {
			x, y = (1-math.Abs(y))*math.Copysign(1, x), (1-math.Abs(x))*math.Copysign(1, y)
		}
		n := math.Sqrt(x*x + y*y + z*z)
		out = append(out, x/n, y/n, z/n)
	}
	return out
}

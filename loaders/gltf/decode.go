package gltf

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	qgltf "github.com/qmuntal/gltf"
	_ "github.com/qmuntal/gltf/ext/texturetransform" // registers KHR_texture_transform
	_ "github.com/qmuntal/gltf/ext/unlit"            // registers KHR_materials_unlit

	"citytwin/loaders/limit"
)

// Supported lists the glTF extensions this loader accepts in
// extensionsRequired; a model that requires any other extension is refused
// with an *InputError naming it. Geometry extensions are implemented;
// material and lighting extensions only change appearance and are
// approximated by the base colour (lights and animations are ignored).
var Supported = []string{
	"KHR_mesh_quantization",
	"EXT_mesh_gpu_instancing",
	"EXT_instance_features",
	"CESIUM_RTC",
	"EXT_mesh_features",
	"EXT_structural_metadata",
	"CESIUM_primitive_outline",
	"KHR_texture_transform",
	"EXT_texture_webp",
	"KHR_materials_unlit",
	"KHR_materials_pbrSpecularGlossiness",
	"KHR_materials_emissive_strength",
	"KHR_materials_clearcoat",
	"KHR_materials_sheen",
	"KHR_materials_transmission",
	"KHR_materials_volume",
	"KHR_materials_ior",
	"KHR_materials_specular",
	"KHR_materials_iridescence",
	"KHR_materials_anisotropy",
	"KHR_materials_dispersion",
	"KHR_materials_variants",
	"KHR_techniques_webgl", // custom shaders (older 3D Tiles b3dm): drawn with the base colour
	"KHR_lights_punctual",
	"KHR_xmp_json_ld",
	"KHR_animation_pointer",
}

// maxElements bounds accessor counts that are not backed by buffer data
// (sparse-only accessors), so a hostile count cannot exhaust memory.
const maxElements = 1 << 24

// Model is a decoded glTF document with its buffers loaded and checked,
// ready to be placed into a layer with AppendTo. It is not safe for
// concurrent use.
type Model struct {
	// Doc is the decoded document (qmuntal/gltf types). Buffer data is in
	// Doc.Buffers[i].Data.
	Doc *qgltf.Document
	// Name is the model's path, used in messages.
	Name string

	fsys     fs.FS
	dir      string
	limits   limit.Limits
	images   map[int]imageResult
	warnings []string
	scratch  *scratch // borrowed from scratchPool during AppendTo
	tables   map[int]*propertyTable
	meta     *structuralMetadata
	// chosenFrame is set when placement chose the frame from the model.
	chosenFrame bool
}

// Warnings returns the problems met so far that did not stop loading.
func (m *Model) Warnings() []string { return m.warnings }

func (m *Model) warnf(format string, args ...any) {
	m.warnings = append(m.warnings, fmt.Sprintf(format, args...))
}

// Decode parses a glTF (JSON) or GLB document held in data. External
// buffers and images are read from fsys relative to the folder of name;
// data: URIs are decoded. Every failure is an *InputError naming name.
func Decode(fsys fs.FS, name string, data []byte) (*Model, error) {
	return DecodeLimited(fsys, name, data, limit.Limits{})
}

// DecodeLimited is Decode with the limits on external buffers and images
// (each file's size is checked before it is read).
func DecodeLimited(fsys fs.FS, name string, data []byte, lim limit.Limits) (*Model, error) {
	m := &Model{Name: name, fsys: fsys, dir: path.Dir(name), images: map[int]imageResult{}, limits: lim}
	bad := func(reason string, err error) error { return &InputError{File: name, Reason: reason, Err: err} }
	var jsonChunk, bin []byte
	isGLB := IsGLB(data)
	switch {
	case isGLB:
		var err error
		if jsonChunk, bin, err = splitGLB(data); err != nil {
			return nil, bad("invalid GLB container", err)
		}
	case len(data) == 0:
		return nil, bad("empty file", nil)
	case strings.EqualFold(path.Ext(name), ".glb") && !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")):
		if len(data) < 4 {
			return nil, bad(fmt.Sprintf("not a GLB file (%d bytes)", len(data)), nil)
		}
		return nil, bad(fmt.Sprintf("not a GLB file (bad magic %q)", data[:4]), nil)
	default:
		jsonChunk = data
	}
	doc := new(qgltf.Document)
	if err := json.Unmarshal(jsonChunk, doc); err != nil {
		return nil, bad("invalid glTF JSON", err)
	}
	m.Doc = doc
	if v := doc.Asset.Version; v != "" && !strings.HasPrefix(v, "2.") {
		return nil, bad(fmt.Sprintf("glTF version %q, only 2.x is supported", v), nil)
	}
	for _, ext := range doc.ExtensionsRequired {
		if !slices.Contains(Supported, ext) {
			return nil, &InputError{File: name, Extension: ext, Reason: fmt.Sprintf(
				"requires extension %s, which citytwin cannot decode; convert the model to plain glTF, "+
					"e.g. with gltf-transform (npm install -g @gltf-transform/cli)", ext)}
		}
	}
	if err := m.loadBuffers(isGLB, bin); err != nil {
		return nil, bad("buffers", err)
	}
	if err := m.checkReferences(); err != nil {
		return nil, bad("invalid reference", err)
	}
	return m, nil
}

// loadBuffers fills Doc.Buffers[i].Data: the GLB BIN chunk, data: URIs and
// external files (relative to the model's folder, inside fsys).
func (m *Model) loadBuffers(isGLB bool, bin []byte) error {
	used := make([]bool, len(m.Doc.Buffers))
	for _, bv := range m.Doc.BufferViews {
		if bv != nil && bv.Buffer >= 0 && bv.Buffer < len(used) {
			used[bv.Buffer] = true
		}
	}
	for i, b := range m.Doc.Buffers {
		if b == nil {
			return fmt.Errorf("buffer %d is null", i)
		}
		if b.ByteLength < 0 {
			return fmt.Errorf("buffer %d: negative byteLength %d", i, b.ByteLength)
		}
		var data []byte
		var err error
		switch {
		case b.URI == "" && isGLB && i == 0:
			if bin == nil {
				return fmt.Errorf("buffer 0 refers to the GLB BIN chunk, which is missing")
			}
			data = bin
		case b.URI == "":
			if _, ok := b.Extensions["EXT_meshopt_compression"]; ok || !used[i] {
				continue // meshopt fallback placeholder or unused: no data needed
			}
			return fmt.Errorf("buffer %d has no uri", i)
		case strings.HasPrefix(b.URI, "data:"):
			data, err = decodeDataURI(b.URI)
			if err != nil {
				return fmt.Errorf("buffer %d: %w", i, err)
			}
		default:
			data, err = m.readRelative(b.URI)
			if err != nil {
				if !used[i] {
					m.warnf("buffer %d (%s) not read: %v", i, b.URI, err)
					continue
				}
				return fmt.Errorf("buffer %d: %w", i, err)
			}
		}
		if len(data) < b.ByteLength {
			return fmt.Errorf("buffer %d: %d bytes of data, byteLength says %d", i, len(data), b.ByteLength)
		}
		b.Data = data[:b.ByteLength:b.ByteLength]
	}
	return nil
}

// readRelative reads a URI relative to the model's folder from fsys. Paths
// that would leave the file system are refused by fs.ValidPath.
func (m *Model) readRelative(uri string) ([]byte, error) {
	if u, err := url.Parse(uri); err == nil && u.Scheme != "" {
		return nil, fmt.Errorf("uri %q: only relative paths and data: URIs are read", uri)
	}
	p, err := url.PathUnescape(strings.ReplaceAll(uri, "\\", "/"))
	if err != nil {
		return nil, fmt.Errorf("uri %q: %w", uri, err)
	}
	if strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("uri %q: absolute paths are not allowed", uri)
	}
	full := path.Join(m.dir, p)
	if !fs.ValidPath(full) {
		return nil, fmt.Errorf("uri %q leaves the model's folder", uri)
	}
	if m.fsys == nil {
		return nil, fmt.Errorf("uri %q: no file system to read it from", uri)
	}
	return limit.ReadFile(m.fsys, full, "glTF buffer", m.limits.GLTFBytes())
}

// decodeDataURI decodes a "data:[mime][;base64],payload" URI.
func decodeDataURI(uri string) ([]byte, error) {
	comma := strings.IndexByte(uri, ',')
	if comma < 0 {
		return nil, fmt.Errorf("data URI without a comma")
	}
	meta, payload := uri[5:comma], uri[comma+1:]
	if strings.HasSuffix(meta, ";base64") {
		b, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "="))
		}
		if err != nil {
			return nil, fmt.Errorf("data URI: %w", err)
		}
		return b, nil
	}
	s, err := url.PathUnescape(payload)
	if err != nil {
		return nil, fmt.Errorf("data URI: %w", err)
	}
	return []byte(s), nil
}

// checkReferences validates the indices that the loader follows: buffer
// views into buffers, accessors into buffer views, nodes, meshes,
// materials, textures and images.
func (m *Model) checkReferences() error {
	d := m.Doc
	for i, bv := range d.BufferViews {
		if bv == nil {
			return fmt.Errorf("bufferView %d is null", i)
		}
		if bv.Buffer < 0 || bv.Buffer >= len(d.Buffers) {
			return fmt.Errorf("bufferView %d: buffer %d does not exist (%d buffers)", i, bv.Buffer, len(d.Buffers))
		}
		b := d.Buffers[bv.Buffer]
		if bv.ByteOffset < 0 || bv.ByteLength < 0 || bv.ByteStride < 0 {
			return fmt.Errorf("bufferView %d: negative offset, length or stride", i)
		}
		if bv.ByteOffset > b.ByteLength || bv.ByteLength > b.ByteLength-bv.ByteOffset {
			return fmt.Errorf("bufferView %d: bytes %d..%d outside buffer %d (%d bytes)", i, bv.ByteOffset, bv.ByteOffset+bv.ByteLength, bv.Buffer, b.ByteLength)
		}
	}
	for i, a := range d.Accessors {
		if a == nil {
			return fmt.Errorf("accessor %d is null", i)
		}
		if a.BufferView != nil && (*a.BufferView < 0 || *a.BufferView >= len(d.BufferViews)) {
			return fmt.Errorf("accessor %d: bufferView %d does not exist (%d bufferViews)", i, *a.BufferView, len(d.BufferViews))
		}
	}
	for i, n := range d.Nodes {
		if n == nil {
			return fmt.Errorf("node %d is null", i)
		}
		if n.Mesh != nil && (*n.Mesh < 0 || *n.Mesh >= len(d.Meshes) || d.Meshes[*n.Mesh] == nil) {
			return fmt.Errorf("node %d: mesh %d does not exist", i, *n.Mesh)
		}
		for _, c := range n.Children {
			if c < 0 || c >= len(d.Nodes) {
				return fmt.Errorf("node %d: child %d does not exist", i, c)
			}
		}
	}
	for i, s := range d.Scenes {
		if s == nil {
			return fmt.Errorf("scene %d is null", i)
		}
		for _, n := range s.Nodes {
			if n < 0 || n >= len(d.Nodes) {
				return fmt.Errorf("scene %d: node %d does not exist", i, n)
			}
		}
	}
	for i, me := range d.Meshes {
		if me == nil {
			return fmt.Errorf("mesh %d is null", i)
		}
		for j, p := range me.Primitives {
			if p == nil {
				return fmt.Errorf("mesh %d primitive %d is null", i, j)
			}
			for name, a := range p.Attributes {
				if a < 0 || a >= len(d.Accessors) {
					return fmt.Errorf("mesh %d primitive %d: attribute %s accessor %d does not exist", i, j, name, a)
				}
			}
			if p.Indices != nil && (*p.Indices < 0 || *p.Indices >= len(d.Accessors)) {
				return fmt.Errorf("mesh %d primitive %d: indices accessor %d does not exist", i, j, *p.Indices)
			}
			if p.Material != nil && (*p.Material < 0 || *p.Material >= len(d.Materials) || d.Materials[*p.Material] == nil) {
				return fmt.Errorf("mesh %d primitive %d: material %d does not exist", i, j, *p.Material)
			}
		}
	}
	for i, t := range d.Textures {
		if t == nil {
			return fmt.Errorf("texture %d is null", i)
		}
		if t.Source != nil && (*t.Source < 0 || *t.Source >= len(d.Images) || d.Images[*t.Source] == nil) {
			return fmt.Errorf("texture %d: image %d does not exist", i, *t.Source)
		}
	}
	for i, im := range d.Images {
		if im != nil && im.BufferView != nil && (*im.BufferView < 0 || *im.BufferView >= len(d.BufferViews)) {
			return fmt.Errorf("image %d: bufferView %d does not exist", i, *im.BufferView)
		}
	}
	if d.Scene != nil && (*d.Scene < 0 || *d.Scene >= len(d.Scenes)) {
		return fmt.Errorf("scene %d does not exist (%d scenes)", *d.Scene, len(d.Scenes))
	}
	return nil
}

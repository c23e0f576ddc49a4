package scene

import (
	"image"
	"image/color"

	"github.com/paulmach/orb"
)

// LayerKind says where a layer's content comes from.
type LayerKind string

// The layer kinds of the scene file (CONTRACTS.md).
const (
	KindGeoJSON LayerKind = "geojson"
	KindGLTF    LayerKind = "gltf"
	Kind3DTiles LayerKind = "3dtiles"
)

// Layer is one loaded layer of the scene: vector features (GeoJSON) that are
// turned into meshes through the layer's Style, and/or ready-made meshes
// (glTF, 3D Tiles) already placed in the scene's local frame.
type Layer struct {
	ID    string
	Title string
	Kind  LayerKind
	Src   string // path of the source, relative to the scene folder
	// Visible is false for a layer that is loaded but hidden by default.
	Visible bool
	// Style turns feature properties into colours and heights.
	Style Style
	// IDProperty names the property that identifies features when the
	// GeoJSON ids are missing or unsuitable ("" uses Feature.ID).
	IDProperty string
	// Features are the layer's objects. For GeoJSON each has a Geometry in
	// the local frame; for models they are the pickable objects (a node, a
	// b3dm batch) whose Geometry is nil and which Mesh.Parts point at.
	Features []Feature
	// Meshes are ready-made triangle meshes in the local frame (models).
	Meshes []Mesh
	// Tiles, when not nil, is a tileset streamed tile by tile at the detail
	// the view needs (Meshes is then empty and Bounds is the tree's root
	// bounds).
	Tiles *TileTree
	// Skipped counts source features that could not be used; Warnings says
	// why, one line each ("feature 17: polygon ring has 3 points; skipped").
	Skipped  int
	Warnings []string
	// Attribution is the data's credit line, shown in the viewer.
	Attribution string
	// Bounds is the local-frame extent of everything in the layer.
	Bounds Box
	// Origin is the geographic origin of the frame the layer was placed in.
	Origin Geo
}

// Feature is one object of a layer.
type Feature struct {
	// ID is the feature's identifier (GeoJSON id or the layer's IDProperty);
	// "" when the source gave none.
	ID string
	// Index is the position of the feature in its source (0-based).
	Index int
	// Properties are the source properties, as decoded from JSON (string,
	// float64, bool, nil, []any, map[string]any).
	Properties map[string]any
	// Geometry is in the local frame: X metres east, Y metres north of the
	// scene origin. Nil for model objects.
	Geometry orb.Geometry
	// Ground is the height (metres, local Z) of the ground under the feature;
	// 0 for GeoJSON scenes.
	Ground float64
}

// Vertex is one vertex of a Mesh, in the scene's local frame. It carries
// no normal: faces are lit by their own plane (flat shading, as city models
// are drawn by CesiumJS and deck.gl), which the renderer derives from the
// positions, so triangles that meet at a corner can share its vertex.
type Vertex struct {
	Pos   [3]float32 // metres east, north, up of the scene origin
	Color color.NRGBA
	UV    [2]float32 // texture coordinates (0,0 top-left of the image)
}

// Mesh is an indexed triangle list with one material.
type Mesh struct {
	Vertices []Vertex
	// Indices lists triangles, three indices into Vertices each.
	Indices []uint32
	// Texture multiplies the vertex colour; nil for untextured meshes.
	Texture image.Image
	// Unlit meshes are drawn with their colour as is (no shading); the
	// others are lit face by face.
	Unlit bool
	// DoubleSided meshes keep back faces.
	DoubleSided bool
	// Blend is true for translucent materials (alpha blended).
	Blend bool
	// Parts map index ranges to the features they draw, for picking, per
	// object sorting and rebuilding one object. Parts may be empty.
	Parts []Part
	// Instances, when not empty, draws the mesh once per entry: Vertices
	// and the Parts' Bounds are then in the mesh's own coordinates, and
	// each instance's Transform places one copy in the local frame, so
	// geometry placed a thousand times is stored once. Empty: the vertices
	// are in the local frame and drawn once.
	Instances []MeshInstance
}

// Part is a range of a Mesh's Indices that draws one feature (in each
// instance, unless the instance names its own feature).
type Part struct {
	Feature int // index into Layer.Features
	First   int // first index into Mesh.Indices
	Count   int // number of indices (a multiple of 3)
	Bounds  Box
}

// Triangles returns the number of triangles m draws: its own times its
// instances.
func (m *Mesh) Triangles() int { return len(m.Indices) / 3 * m.Copies() }

// Box is an axis-aligned box in the local frame (metres). The zero value is
// the point at the origin; EmptyBox returns the box that contains nothing.
type Box struct {
	Min, Max Vec3
}

// EmptyBox returns a box that contains nothing and grows with Extend.
func EmptyBox() Box {
	const inf = 1e300
	return Box{Min: Vec3{inf, inf, inf}, Max: Vec3{-inf, -inf, -inf}}
}

// Empty reports whether b contains no point.
func (b Box) Empty() bool { return b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || b.Min[2] > b.Max[2] }

// Extend returns b grown to include p.
func (b Box) Extend(p Vec3) Box {
	for i := 0; i < 3; i++ {
		if p[i] < b.Min[i] {
			b.Min[i] = p[i]
		}
		if p[i] > b.Max[i] {
			b.Max[i] = p[i]
		}
	}
	return b
}

// Union returns the smallest box holding both b and o.
func (b Box) Union(o Box) Box {
	if o.Empty() {
		return b
	}
	return b.Extend(o.Min).Extend(o.Max)
}

// Corner returns corner i (0–7) of b: bit 0 picks the maximum x, bit 1
// the maximum y, bit 2 the maximum z.
func (b Box) Corner(i int) Vec3 {
	p := b.Min
	if i&1 != 0 {
		p[0] = b.Max[0]
	}
	if i&2 != 0 {
		p[1] = b.Max[1]
	}
	if i&4 != 0 {
		p[2] = b.Max[2]
	}
	return p
}

// Center returns the middle of b.
func (b Box) Center() Vec3 {
	return Vec3{(b.Min[0] + b.Max[0]) / 2, (b.Min[1] + b.Max[1]) / 2, (b.Min[2] + b.Max[2]) / 2}
}

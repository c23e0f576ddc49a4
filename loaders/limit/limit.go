// Package limit holds the size limits that citytwin's loaders apply to the
// files they read, checked before reading (the size from a stat, an image's
// dimensions from its header), so a huge or hostile file is refused at once
// with a message saying the limit and how to raise it, instead of filling
// memory first. It sits under loaders and imports nothing of ours; each
// loader takes a Limits in its Options (the zero value means the defaults).
//
//	data, err := limit.ReadFile(fsys, "city.geojson", "GeoJSON", opts.Limits.GeoJSONBytes())
package limit

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// The default limits.
const (
	DefaultGeoJSON     = 1 << 30   // bytes of a GeoJSON layer
	DefaultGLTF        = 1 << 30   // bytes of a .gltf/.glb file, and of each of its buffers
	DefaultTileContent = 256 << 20 // bytes of one 3D Tiles content, tileset JSON or subtree file
	DefaultScene       = 64 << 20  // bytes of a scene file
	DefaultImageSide   = 16384     // pixels of an image's width or height
)

// Limits are the largest inputs loaders accept. A zero field means its
// default.
type Limits struct {
	// FileBytes, when positive, replaces every per-kind file limit below
	// (what -max-file-mb sets).
	FileBytes   int64
	GeoJSON     int64
	GLTF        int64
	TileContent int64
	Scene       int64
	// ImageSide is the largest width or height of a decoded image, pixels.
	ImageSide int
}

// MaxFileMB returns the limits with every file kind limited to mb MiB
// (images keep their pixel limit); mb ≤ 0 gives the defaults.
func MaxFileMB(mb int64) Limits {
	if mb <= 0 {
		return Limits{}
	}
	return Limits{FileBytes: mb << 20}
}

func pick(all, v, def int64) int64 {
	switch {
	case all > 0:
		return all
	case v > 0:
		return v
	}
	return def
}

// GeoJSONBytes is the limit on a GeoJSON file.
func (l Limits) GeoJSONBytes() int64 { return pick(l.FileBytes, l.GeoJSON, DefaultGeoJSON) }

// GLTFBytes is the limit on a glTF file and on each of its buffers.
func (l Limits) GLTFBytes() int64 { return pick(l.FileBytes, l.GLTF, DefaultGLTF) }

// TileContentBytes is the limit on one file of a 3D Tiles tileset.
func (l Limits) TileContentBytes() int64 { return pick(l.FileBytes, l.TileContent, DefaultTileContent) }

// SceneBytes is the limit on a scene file.
func (l Limits) SceneBytes() int64 { return pick(l.FileBytes, l.Scene, DefaultScene) }

// ImageSidePixels is the limit on an image's width and height.
func (l Limits) ImageSidePixels() int {
	if l.ImageSide > 0 {
		return l.ImageSide
	}
	return DefaultImageSide
}

// TooBigError reports a file over its limit.
type TooBigError struct {
	File  string // the name read
	Kind  string // "GeoJSON", "glTF", "tile content", ...
	Size  int64  // bytes (at least this many)
	Limit int64  // bytes
}

// Error says the file (when File is set), the size, the limit and how to
// raise it.
func (e *TooBigError) Error() string {
	need := (e.Size + (1 << 20) - 1) >> 20
	msg := fmt.Sprintf("%s is over the limit for %s files (%s); raise it with -max-file-mb %d",
		mib(e.Size), e.Kind, mib(e.Limit), need)
	if e.File == "" {
		return msg
	}
	return e.File + ": " + msg
}

// Unnamed returns err without the file name of a *TooBigError at its top,
// for callers whose own error already names the file; other errors are
// returned as they are.
func Unnamed(err error) error {
	if t, ok := err.(*TooBigError); ok {
		c := *t
		c.File = ""
		return &c
	}
	return err
}

func mib(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ImageTooBigError reports an image whose header declares more pixels than
// allowed.
type ImageTooBigError struct {
	Width, Height, Limit int
}

// Error names the size and the limit.
func (e *ImageTooBigError) Error() string {
	return fmt.Sprintf("image of %d×%d pixels is over the limit of %d×%d", e.Width, e.Height, e.Limit, e.Limit)
}

// IsLimit reports whether err is (or wraps) a limit being exceeded.
func IsLimit(err error) bool {
	var t *TooBigError
	var i *ImageTooBigError
	return errors.As(err, &t) || errors.As(err, &i)
}

// Check stats name in fsys and returns its size, or a *TooBigError when it
// is over max bytes.
func Check(fsys fs.FS, name, kind string, max int64) (int64, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return 0, err
	}
	if info.IsDir() {
		return 0, fmt.Errorf("%s is a folder", name)
	}
	if info.Size() > max {
		return info.Size(), &TooBigError{File: name, Kind: kind, Size: info.Size(), Limit: max}
	}
	return info.Size(), nil
}

// Open opens name after checking its size; the caller closes the file.
func Open(fsys fs.FS, name, kind string, max int64) (fs.File, int64, error) {
	size, err := Check(fsys, name, kind, max)
	if err != nil {
		return nil, 0, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	return f, size, nil
}

// ReadFile reads name whole after checking its size, and never reads more
// than max bytes even if the file grows meanwhile.
func ReadFile(fsys fs.FS, name, kind string, max int64) ([]byte, error) {
	f, size, err := Open(fsys, name, kind, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, kind, size, max)
}

// ReadAll reads r to its end into a buffer sized for size bytes, failing
// with a *TooBigError once more than max bytes arrive.
func ReadAll(r io.Reader, name, kind string, size, max int64) ([]byte, error) {
	if size < 0 || size > max {
		size = 0
	}
	buf := make([]byte, 0, size+1)
	lr := &io.LimitedReader{R: r, N: max + 1}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, &TooBigError{File: name, Kind: kind, Size: int64(len(buf)), Limit: max}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

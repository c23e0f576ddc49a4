package open

import (
	"fmt"
	"io/fs"
	"log/slog"
	"path"

	"citytwin/loaders/limit"
	"citytwin/loaders/remote"
	"citytwin/loaders/scenefile"
	"citytwin/loaders/tiles3d"
	"citytwin/scene"
)

// TileMode says how 3D Tiles layers are opened.
type TileMode string

// The tile modes.
const (
	// TilesAuto streams tilesets whose folder holds more than StreamAbove
	// bytes and loads smaller ones whole.
	TilesAuto TileMode = "auto"
	// TilesStream opens every tileset with tiles3d.Open: only the tree is
	// read, and the renderer loads the tiles the view needs (scene.Layer
	// Tiles).
	TilesStream TileMode = "stream"
	// TilesLoad loads every tileset whole with tiles3d.Load (what Files
	// does): all features can be picked and report counts every triangle.
	TilesLoad TileMode = "load"
)

// StreamAbove is the size (bytes) of a tileset's folder above which
// TilesAuto streams it.
const StreamAbove = 32 << 20

// Options configure FilesWith.
type Options struct {
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
	// Tiles says how tilesets are opened ("": TilesLoad).
	Tiles TileMode
	// Limits bound the sizes of the files read (zero: limit's defaults;
	// limit.MaxFileMB gives what -max-file-mb asks for).
	Limits limit.Limits
	// Remote configures tilesets read over HTTP(S) (an http(s)://…
	// tileset.json named as a file or as a layer's src): the disk cache,
	// retries, the token (a layer's token_env overrides TokenEnv).
	Remote remote.Options
	// MaxTriangles bounds each tileset loaded whole (0: tiles3d's default,
	// 5 M; negative: no bound, as report wants every feature counted).
	MaxTriangles int
}

// ParseTileMode returns the mode named s ("auto", "stream", "load").
func ParseTileMode(s string) (TileMode, error) {
	switch m := TileMode(s); m {
	case TilesAuto, TilesStream, TilesLoad:
		return m, nil
	}
	return "", fmt.Errorf("tile mode %q: want auto, stream or load", s)
}

// FilesWith is Files with options: with TilesStream or TilesAuto, the
// folders of the files stay open for the life of the process, since
// streamed tilesets read their tiles later. A tileset URL (named as a file
// or as a layer's src) is read over HTTP(S) with opts.Remote, streamed
// unless the mode is TilesLoad.
func FilesWith(paths []string, opts Options) (*scene.Scene, error) {
	mode := opts.Tiles
	if mode == "" {
		mode = TilesLoad
	}
	ls := Loaders()
	ls.Tiles3D = tilesLoader(mode, opts.Remote, opts.MaxTriangles)
	return files(paths, opts.Logger, ls, mode != TilesLoad, opts.Limits)
}

// openTiles opens a tileset as mode says.
func openTiles(fsys fs.FS, src string, o scenefile.LayerOptions, mode TileMode) (*scene.Layer, error) {
	if mode == TilesAuto && folderSize(fsys, path.Dir(src), StreamAbove) <= StreamAbove {
		return loadTiles(fsys, src, o)
	}
	return tiles3d.Open(fsys, src, tiles3d.Options{ID: o.ID, Title: o.Title, Frame: o.Frame, CRS: o.CRS, Logger: o.Logger, Limits: o.Limits})
}

// folderSize adds up the sizes of the files under dir, stopping once the
// sum exceeds limit.
func folderSize(fsys fs.FS, dir string, limit int64) int64 {
	var n int64
	errStop := fmt.Errorf("enough")
	_ = fs.WalkDir(fsys, dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			n += info.Size()
		}
		if n > limit {
			return errStop
		}
		return nil
	})
	return n
}

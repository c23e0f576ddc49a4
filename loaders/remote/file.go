package remote

import (
	"bytes"
	"io/fs"
	"path"
	"time"
)

// file is a fetched body served from memory.
type file struct {
	*bytes.Reader
	info fileInfo
}

func newFile(name string, data []byte, mod time.Time) *file {
	return &file{Reader: bytes.NewReader(data), info: fileInfo{name: path.Base(name), size: int64(len(data)), mod: mod}}
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Close() error               { return nil }

// fileInfo describes a fetched body.
type fileInfo struct {
	name string
	size int64
	mod  time.Time
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) Mode() fs.FileMode  { return 0o444 }
func (i fileInfo) ModTime() time.Time { return i.mod }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }

//go:build !linux || !cgo

package render

// TuneAllocator does nothing on this platform (see malloc_linux.go).
func TuneAllocator() {}

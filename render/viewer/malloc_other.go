//go:build !linux || !cgo

package viewer

// TuneAllocator does nothing on this platform (see malloc_linux.go).
func TuneAllocator() {}

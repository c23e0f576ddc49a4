//go:build linux && cgo

package viewer

/*
#include <malloc.h>
*/
import "C"

// TuneAllocator keeps the C allocator from returning big blocks to the
// kernel after every frame. Mesa's software rasteriser (llvmpipe, what
// Xvfb gives) allocates and frees large per-frame buffers; with glibc's
// defaults each one is a fresh mmap whose pages fault in again every frame,
// which cost about a third of a frame for a 10k-building city here. Call it
// once at start-up, before the window opens; it affects the whole process
// (the memory stays reserved for reuse).
func TuneAllocator() {
	C.mallopt(C.M_MMAP_THRESHOLD, 1<<30)
	C.mallopt(C.M_TRIM_THRESHOLD, 1<<31-1)
}

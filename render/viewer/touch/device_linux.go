//go:build linux

package touch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ioctl request numbers of evdev (linux/input.h).
func eviocgbit(ev, n uintptr) uintptr { return ioc(2, 'E', 0x20+ev, n) }
func eviocgabs(abs uintptr) uintptr   { return ioc(2, 'E', 0x40+abs, unsafe.Sizeof(absInfo{})) }
func eviocgname(n uintptr) uintptr    { return ioc(2, 'E', 0x06, n) }

func ioc(dir, typ, nr, size uintptr) uintptr { return dir<<30 | size<<16 | typ<<8 | nr }

// absInfo is struct input_absinfo.
type absInfo struct{ Value, Minimum, Maximum, Fuzz, Flat, Resolution int32 }

// Device is an open multi-touch device.
type Device struct {
	Path, Name string
	// X and Y are the ranges of ABS_MT_POSITION_X and _Y.
	X, Y Axis
	f    *os.File
	slot int32
}

// Open opens every multi-touch device under /dev/input (event*) that
// reports ABS_MT_SLOT and positions. With none found it returns an error
// saying why (none present, or none readable: permissions, with the
// paths); devices that are not multi-touch are skipped silently.
func Open() ([]*Device, error) {
	paths, _ := filepath.Glob("/dev/input/event*")
	sort.Strings(paths)
	var out []*Device
	var denied []string
	for _, p := range paths {
		d, err := openDevice(p)
		switch {
		case errors.Is(err, os.ErrPermission):
			denied = append(denied, p)
		case err == nil && d != nil:
			out = append(out, d)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	if len(denied) > 0 {
		return nil, fmt.Errorf("no permission to read %s (add the user to the input group)", strings.Join(denied, ", "))
	}
	return nil, ErrNoDevice
}

// openDevice opens path and returns it if it is a multi-touch device (nil
// and no error when it is not).
func openDevice(path string) (*Device, error) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	fd := f.Fd()
	var bits [(0x3f + 8) / 8]byte
	if err := ioctl(fd, eviocgbit(EvAbs, uintptr(len(bits))), unsafe.Pointer(&bits[0])); err != nil {
		f.Close()
		return nil, nil
	}
	has := func(code int) bool { return bits[code/8]&(1<<(code%8)) != 0 }
	if !has(AbsMTSlot) || !has(AbsMTPositionX) || !has(AbsMTPositionY) {
		f.Close()
		return nil, nil
	}
	d := &Device{Path: path, f: f}
	var ai absInfo
	for _, a := range []struct {
		code uintptr
		dst  *Axis
	}{{AbsMTPositionX, &d.X}, {AbsMTPositionY, &d.Y}} {
		if err := ioctl(fd, eviocgabs(a.code), unsafe.Pointer(&ai)); err != nil {
			f.Close()
			return nil, nil
		}
		*a.dst = Axis{ai.Minimum, ai.Maximum}
	}
	if ioctl(fd, eviocgabs(AbsMTSlot), unsafe.Pointer(&ai)) == nil {
		d.slot = ai.Value
	}
	var name [256]byte
	if ioctl(fd, eviocgname(uintptr(len(name))), unsafe.Pointer(&name[0])) == nil {
		d.Name = strings.TrimRight(string(name[:]), "\x00")
	}
	return d, nil
}

func ioctl(fd, req uintptr, arg unsafe.Pointer) error {
	if _, _, e := unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(arg)); e != 0 {
		return e
	}
	return nil
}

// Read reads the device until it fails or is closed, calling f with each
// batch of contact changes (from one SYN_REPORT). It runs on the caller's
// goroutine; f must not keep the slice.
func (d *Device) Read(f func([]Contact)) error {
	var dec Decoder
	dec.SetSlot(d.slot)
	buf := make([]byte, 64*EventSize)
	var evs []Event
	for {
		n, err := d.f.Read(buf)
		if err != nil {
			return fmt.Errorf("touch: %s: %w", d.Path, err)
		}
		evs = AppendEvents(evs[:0], buf[:n])
		for _, e := range evs {
			if cs := dec.Feed(e); len(cs) > 0 {
				f(cs)
			}
		}
	}
}

// Close closes the device (a Read under way returns).
func (d *Device) Close() error { return d.f.Close() }

//go:build !linux

package touch

import "errors"

// Device is an open multi-touch device (Linux only).
type Device struct {
	Path, Name string
	X, Y       Axis
}

// Open reports that multi-touch devices are read on Linux only.
func Open() ([]*Device, error) {
	return nil, ErrNoDevice
}

// Read returns at once with an error (Linux only).
func (d *Device) Read(f func([]Contact)) error { return errors.New("touch: Linux only") }

// Close does nothing.
func (d *Device) Close() error { return nil }

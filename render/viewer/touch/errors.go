package touch

import "errors"

// ErrNoDevice is Open's error when the machine has no multi-touch device
// (or, off Linux, when devices cannot be read at all): nothing is wrong,
// the pointer works as it is.
var ErrNoDevice = errors.New("no multi-touch device found")

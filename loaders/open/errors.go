package open

import (
	"errors"
	"fmt"
	"io/fs"

	"citytwin/loaders/gltf"
	"citytwin/loaders/limit"
	"citytwin/loaders/scenefile"
)

// InputError reports a file named by the user that cannot be used: missing,
// of a kind citytwin does not read, or a second scene file.
type InputError struct {
	File   string // the path as the user gave it
	Reason string
	Err    error // the underlying error, if any
}

// Error names the file and the reason.
func (e *InputError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.File, e.Reason, e.Err)
	}
	return e.File + ": " + e.Reason
}

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// IsInputError reports whether err means that an input cannot be used (a
// missing or unreadable file, a malformed scene, layer or model) rather
// than a failure of the machine: cmd/citytwin exits with status 2 for the
// first and 1 for the second. It recognises the input errors of this
// package and of every loader it calls.
func IsInputError(err error) bool {
	if err == nil {
		return false
	}
	var oe *InputError
	var se *scenefile.InputError
	var ge *gltf.InputError
	return errors.As(err, &oe) || errors.As(err, &se) || errors.As(err, &ge) ||
		isLayerInputError(err) || errors.Is(err, fs.ErrNotExist) || limit.IsLimit(err)
}

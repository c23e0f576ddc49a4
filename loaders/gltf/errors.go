package gltf

import (
	"errors"
	"fmt"
)

// InputError reports a model that cannot be used: malformed container or
// JSON, out-of-range references, or an extension the loader cannot decode.
// Callers detect it with errors.As to tell bad input (exit status 2) from
// runtime failures.
type InputError struct {
	// File is the path of the model as given to Load.
	File string
	// Reason says what is wrong, with the JSON path where known
	// ("accessor 3: count 90 overruns bufferView 1").
	Reason string
	// Extension names the unsupported required extension, if that is the
	// reason; "" otherwise.
	Extension string
	// Err is the underlying error, if any.
	Err error
	// Prefix starts the message: "" means "gltf"; the 3D Tiles loader,
	// which reports its tilesets with this type, says "3dtiles".
	Prefix string
}

// Error names the file and the reason.
func (e *InputError) Error() string {
	prefix := e.Prefix
	if prefix == "" {
		prefix = "gltf"
	}
	if e.Err != nil {
		return fmt.Sprintf("%s %s: %s: %v", prefix, e.File, e.Reason, e.Err)
	}
	return fmt.Sprintf("%s %s: %s", prefix, e.File, e.Reason)
}

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// IsInputError reports whether err (or an error it wraps) is an *InputError.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

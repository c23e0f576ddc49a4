package geojson

import (
	"bytes"
	"errors"
	"fmt"

	json "github.com/goccy/go-json"
)

// InputError is returned when a file cannot be used at all (not JSON, not
// GeoJSON, an unsupported CRS). It names the file and, where known, the
// 1-based line and column or the JSON path of the problem, so a command can
// exit with status 2 and point at it.
type InputError struct {
	File      string
	Line, Col int    // 0 when unknown
	Path      string // JSON path such as "$.features", "" when unknown
	Err       error
}

// Error implements error: "geojson FILE:LINE:COL: reason" or
// "geojson FILE at PATH: reason".
func (e *InputError) Error() string {
	switch {
	case e.Line > 0:
		return fmt.Sprintf("geojson %s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
	case e.Path != "":
		return fmt.Sprintf("geojson %s at %s: %v", e.File, e.Path, e.Err)
	}
	return fmt.Sprintf("geojson %s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// lineCol converts a byte offset into 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	pre := data[:off]
	line := bytes.Count(pre, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(pre, '\n') + 1) + 1
	return line, col
}

// syntaxError turns a JSON decoding error into an InputError with a position.
func syntaxError(name string, data []byte, err error) *InputError {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		l, c := lineCol(data, se.Offset)
		return &InputError{File: name, Line: l, Col: c, Err: errors.New(se.Error())}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		l, c := lineCol(data, te.Offset)
		return &InputError{File: name, Line: l, Col: c, Err: err}
	}
	return &InputError{File: name, Err: err}
}

package scenefile

import (
	"errors"
	"fmt"
)

// InputError reports a scene file that cannot be used: not JSON, a value of
// the wrong type, a src that leaves the scene folder, a reference to an
// unknown layer, view or scenario. Callers detect it with errors.As (or
// IsInputError) to tell bad input (exit status 2) from runtime failures.
type InputError struct {
	// File is the scene file's name as given to Load or Parse.
	File string
	// Line and Column locate a syntax error (1-based; 0 when unknown).
	Line, Column int
	// Path is the JSON path of the offending value ("layers[2].placement.lon"),
	// "" for problems of the whole file.
	Path string
	// Reason says what is wrong.
	Reason string
	// Err is the underlying error, if any.
	Err error
}

// Error names the file, the place and the reason:
// "scene.json: layers[2].placement.lon: want a number, got a string".
func (e *InputError) Error() string {
	where := e.File
	switch {
	case e.Line > 0:
		where = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
	case e.Path != "":
		where = e.File + ": " + e.Path
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", where, e.Reason, e.Err)
	}
	return where + ": " + e.Reason
}

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// IsInputError reports whether err (or an error it wraps, including any of
// an errors.Join) is an *InputError.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// problems collects the input errors of one file.
type problems struct {
	file string
	errs []error
}

// add records a problem at a JSON path.
func (p *problems) add(path, format string, args ...any) {
	p.errs = append(p.errs, &InputError{File: p.file, Path: path, Reason: fmt.Sprintf(format, args...)})
}

// maxProblems bounds how many problems one file reports.
const maxProblems = 20

// err returns nil, the one problem, or all problems joined (one a line).
func (p *problems) err() error {
	switch n := len(p.errs); {
	case n == 0:
		return nil
	case n == 1:
		return p.errs[0]
	case n > maxProblems:
		extra := &InputError{File: p.file, Reason: fmt.Sprintf("%d more problems", n-maxProblems)}
		return errors.Join(append(p.errs[:maxProblems:maxProblems], extra)...)
	default:
		return errors.Join(p.errs...)
	}
}

package scenefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Parse decodes and checks a scene file without loading any layer. name is
// used in messages only. It returns the file, warnings (unknown keys, one
// line each) and an error that is an *InputError (or several joined) when
// the file cannot be used: not JSON (with line:column), a value of the
// wrong type (with its JSON path), or an invalid reference (see Validate).
func Parse(name string, data []byte) (*File, []string, error) {
	tree, err := decodeTree(name, data)
	if err != nil {
		return nil, nil, err
	}
	root, ok := tree.(map[string]any)
	if !ok {
		return nil, nil, &InputError{File: name, Reason: fmt.Sprintf("want a JSON object at the top, got %s", describe(tree))}
	}
	expandShorthands(root)
	var warnings []string
	warn := func(s string) { warnings = append(warnings, name+": "+s) }
	p := &problems{file: name}
	checkValue(p, warn, "", root, reflect.TypeFor[File]())
	// A scenario's "add" is a layer: check it as one.
	if scs, ok := root["scenarios"].([]any); ok {
		for i, sc := range scs {
			obj, _ := sc.(map[string]any)
			chs, _ := obj["changes"].([]any)
			for j, ch := range chs {
				c, _ := ch.(map[string]any)
				if add, ok := c["add"]; ok {
					checkValue(p, warn, fmt.Sprintf("scenarios[%d].changes[%d].add", i, j), add, reflect.TypeFor[LayerSpec]())
				}
			}
		}
	}
	if err := p.err(); err != nil {
		return nil, warnings, err
	}
	// The checked tree (unknown keys removed) decodes without type errors.
	clean, err := json.Marshal(root)
	if err != nil {
		return nil, warnings, &InputError{File: name, Reason: "cannot re-encode", Err: err}
	}
	f := new(File)
	if err := json.Unmarshal(clean, f); err != nil {
		return nil, warnings, &InputError{File: name, Reason: "cannot decode", Err: err}
	}
	if err := Validate(name, f); err != nil {
		return nil, warnings, err
	}
	return f, warnings, nil
}

// decodeTree decodes one JSON value with numbers kept as json.Number and
// reports syntax errors with line and column.
func decodeTree(name string, data []byte) (any, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, syntaxError(name, data, err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		for end < int64(len(data)) && strings.ContainsRune(" \t\r\n", rune(data[end])) {
			end++
		}
		line, col := lineCol(data, end)
		return nil, &InputError{File: name, Line: line, Column: col, Reason: "unexpected data after the JSON value"}
	}
	return tree, nil
}

// syntaxError turns a decoding error into an *InputError with a position.
func syntaxError(name string, data []byte, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(data, se.Offset-1) // Offset is just after the bad byte
		return &InputError{File: name, Line: line, Column: col, Reason: "not valid JSON", Err: err}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		if len(bytes.TrimSpace(data)) == 0 {
			return &InputError{File: name, Reason: "empty file"}
		}
		line, col := lineCol(data, int64(len(data)))
		return &InputError{File: name, Line: line, Column: col, Reason: "not valid JSON: unexpected end of file"}
	default:
		return &InputError{File: name, Reason: "not valid JSON", Err: err}
	}
}

// lineCol returns the 1-based line and column (in bytes) of the byte at
// index off of data (off = len(data) is just past the end).
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

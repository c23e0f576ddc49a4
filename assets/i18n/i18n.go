// Package i18n holds the viewer's message catalogues: the interface's
// English strings translated into German (de), French (fr) and Greek (el),
// one embedded JSON file per language, and numbers formatted the way each
// language writes them (golang.org/x/text/message). English is the key:
// a string missing from a catalogue is shown in English, never blank.
//
// It imports nothing of ours; the viewer (citytwin/render/viewer) asks it
// for every string it shows.
//
//	c := i18n.New("de")
//	c.Tr("Zoom in")       // "Vergrößern"
//	c.Number(12345.6, 1) // "12.345,6"
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed *.json
var files embed.FS

// Default is the language used when none is asked for or the one asked
// for is unknown.
const Default = "en"

// languages are the codes with a catalogue, in the order the language
// button cycles them, with their names in their own language.
var languages = []struct{ code, name string }{
	{"en", "English"}, {"de", "Deutsch"}, {"fr", "Français"}, {"el", "Ελληνικά"},
}

// Languages returns the codes of the languages with a catalogue (a new
// slice: the caller owns it).
func Languages() []string {
	out := make([]string, len(languages))
	for i, l := range languages {
		out[i] = l.code
	}
	return out
}

// Known reports whether code has a catalogue.
func Known(code string) bool { return slices.Contains(Languages(), code) }

// Next returns the language after code in the button's cycle.
func Next(code string) string {
	for i, l := range languages {
		if l.code == code {
			return languages[(i+1)%len(languages)].code
		}
	}
	return Default
}

// Catalogue is one language's strings. It is safe for concurrent use.
type Catalogue struct {
	code, name string
	msgs       map[string]string
	p          *message.Printer
}

var (
	mu     sync.Mutex
	loaded = map[string]*Catalogue{}
)

// New returns the catalogue of code (an unknown code: English). Catalogues
// are parsed once and shared.
func New(code string) *Catalogue {
	if !Known(code) {
		code = Default
	}
	mu.Lock()
	defer mu.Unlock()
	if c := loaded[code]; c != nil {
		return c
	}
	c := &Catalogue{code: code, msgs: map[string]string{}, p: message.NewPrinter(language.Make(code))}
	for _, l := range languages {
		if l.code == code {
			c.name = l.name
		}
	}
	if code != Default {
		b, err := files.ReadFile(code + ".json")
		if err != nil {
			panic("i18n: " + err.Error()) // every known language has a file: tested
		}
		if err := json.Unmarshal(b, &c.msgs); err != nil {
			panic(fmt.Sprintf("i18n: %s.json: %v", code, err)) // tested
		}
	}
	loaded[code] = c
	return c
}

// Code returns the language's code ("de").
func (c *Catalogue) Code() string { return c.code }

// Name returns the language's name in itself ("Deutsch").
func (c *Catalogue) Name() string { return c.name }

// Short returns the code in capitals for a small button ("DE").
func (c *Catalogue) Short() string {
	b := []byte(c.code)
	for i := range b {
		if b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// Tr returns s (an English interface string) in the catalogue's language,
// or s itself when it has no translation.
func (c *Catalogue) Tr(s string) string {
	if t, ok := c.msgs[s]; ok && t != "" {
		return t
	}
	return s
}

// Has reports whether s has a translation (English has them all).
func (c *Catalogue) Has(s string) bool {
	_, ok := c.msgs[s]
	return ok || c.code == Default
}

// Number formats x with decimals digits after the decimal mark, grouped
// as the language writes numbers ("12,345.6" in English, "12.345,6" in
// German, "12 345,6" in French).
func (c *Catalogue) Number(x float64, decimals int) string {
	return c.p.Sprintf("%.*f", decimals, x)
}

// Keys returns the English strings the catalogue translates, sorted.
func (c *Catalogue) Keys() []string {
	out := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

package i18n

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

func TestCataloguesAreComplete(t *testing.T) {
	var keys []string
	for _, code := range Languages()[1:] {
		c := New(code)
		if keys == nil {
			keys = c.Keys()
		}
		if got := c.Keys(); strings.Join(got, "\n") != strings.Join(keys, "\n") {
			t.Errorf("%s: %d strings, %s: %d: the catalogues differ", code, len(got), Languages()[1], len(keys))
		}
		for _, k := range keys {
			tr := c.Tr(k)
			if strings.Count(tr, "%") != strings.Count(k, "%") {
				t.Errorf("%s: %q → %q: the verbs differ", code, k, tr)
			}
		}
	}
}

func TestUnknownFallsBackToEnglish(t *testing.T) {
	if c := New("xx"); c.Code() != "en" || c.Tr("Zoom in") != "Zoom in" {
		t.Errorf("New(xx) = %s", c.Code())
	}
	if got := New("de").Tr("not in any catalogue"); got != "not in any catalogue" {
		t.Errorf("got %q", got)
	}
}

func TestNumbers(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"en", "12,345.6"}, {"de", "12.345,6"}, {"el", "12.345,6"},
	} {
		if got := New(tc.code).Number(12345.6, 1); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.code, got, tc.want)
		}
	}
	if got := New("fr").Number(12345.6, 1); !strings.HasSuffix(got, "345,6") || !strings.HasPrefix(got, "12") {
		t.Errorf("fr: %q", got)
	}
}

// TestFontCoversCatalogues checks that the embedded Go font (the UI's)
// has a glyph for every character of every translation.
func TestFontCoversCatalogues(t *testing.T) {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var b sfnt.Buffer
	for _, code := range Languages() {
		c := New(code)
		texts := []string{c.Name()}
		for _, k := range c.Keys() {
			texts = append(texts, c.Tr(k))
		}
		for _, s := range texts {
			for _, r := range s {
				if i, err := f.GlyphIndex(&b, r); err != nil || i == 0 {
					t.Errorf("%s: %q: no glyph for %q", code, s, r)
				}
			}
		}
	}
}

func ExampleCatalogue_Tr() {
	c := New("de")
	fmt.Println(c.Tr("Zoom in"), c.Number(12345.6, 1))
	// Output: Vergrößern 12.345,6
}

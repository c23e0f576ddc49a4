package scene

import (
	"image/color"
	"math"
	"strconv"
	"strings"
)

var namedColors = map[string]color.NRGBA{
	"black": {0, 0, 0, 255}, "white": {255, 255, 255, 255}, "red": {255, 0, 0, 255},
	"green": {0, 128, 0, 255}, "blue": {0, 0, 255, 255}, "yellow": {255, 255, 0, 255},
	"orange": {255, 165, 0, 255}, "purple": {128, 0, 128, 255}, "grey": {128, 128, 128, 255},
	"gray": {128, 128, 128, 255}, "lightgrey": {211, 211, 211, 255}, "lightgray": {211, 211, 211, 255},
	"darkgrey": {169, 169, 169, 255}, "darkgray": {169, 169, 169, 255}, "brown": {165, 42, 42, 255},
	"pink": {255, 192, 203, 255}, "cyan": {0, 255, 255, 255}, "magenta": {255, 0, 255, 255},
	"lime": {0, 255, 0, 255}, "navy": {0, 0, 128, 255}, "teal": {0, 128, 128, 255},
	"olive": {128, 128, 0, 255}, "maroon": {128, 0, 0, 255}, "silver": {192, 192, 192, 255},
	"beige": {245, 245, 220, 255}, "tan": {210, 180, 140, 255}, "gold": {255, 215, 0, 255},
	"forestgreen": {34, 139, 34, 255}, "darkgreen": {0, 100, 0, 255}, "skyblue": {135, 206, 235, 255},
	"steelblue": {70, 130, 180, 255}, "salmon": {250, 128, 114, 255}, "coral": {255, 127, 80, 255},
	"transparent": {0, 0, 0, 0},
}

// ParseColor parses a CSS colour: "#rgb", "#rgba", "#rrggbb", "#rrggbbaa",
// "rgb(r,g,b)", "rgba(r,g,b,a)" (a in 0..1, channels 0..255 or %) and the
// common CSS named colours. ok is false for anything else.
func ParseColor(s string) (color.NRGBA, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return color.NRGBA{}, false
	}
	if c, ok := namedColors[s]; ok {
		return c, true
	}
	if s[0] == '#' {
		return parseHex(s[1:])
	}
	if strings.HasPrefix(s, "rgb") {
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			return color.NRGBA{}, false
		}
		parts := strings.FieldsFunc(s[open+1:end], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
		if len(parts) != 3 && len(parts) != 4 {
			return color.NRGBA{}, false
		}
		var c [4]uint8
		c[3] = 255
		for i, p := range parts {
			pct := strings.HasSuffix(p, "%")
			f, err := strconv.ParseFloat(strings.TrimSuffix(p, "%"), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return color.NRGBA{}, false
			}
			switch {
			case pct:
				f = f / 100 * 255
			case i == 3:
				f *= 255
			}
			c[i] = uint8(math.Round(math.Max(0, math.Min(255, f))))
		}
		return color.NRGBA{c[0], c[1], c[2], c[3]}, true
	}
	return color.NRGBA{}, false
}

func parseHex(h string) (color.NRGBA, bool) {
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	x := uint32(v)
	switch len(h) {
	case 3:
		return color.NRGBA{uint8(x>>8&0xf) * 17, uint8(x>>4&0xf) * 17, uint8(x&0xf) * 17, 255}, true
	case 4:
		return color.NRGBA{uint8(x>>12&0xf) * 17, uint8(x>>8&0xf) * 17, uint8(x>>4&0xf) * 17, uint8(x&0xf) * 17}, true
	case 6:
		return color.NRGBA{uint8(x >> 16), uint8(x >> 8), uint8(x), 255}, true
	case 8:
		return color.NRGBA{uint8(x >> 24), uint8(x >> 16), uint8(x >> 8), uint8(x)}, true
	}
	return color.NRGBA{}, false
}

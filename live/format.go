package live

import (
	"fmt"
	"strings"
)

// Format names the message form a source speaks (CONTRACTS.md "Live messages").
type Format int

const (
	// FormatAuto tells native and NGSI messages apart per message.
	FormatAuto Format = iota
	// FormatNative is {"id", "lon", "lat", "alt", "time", "values"} or an array of those.
	FormatNative
	// FormatNGSI is NGSI-LD (normalized, keyValues, concise; entity, array or
	// Notification) and NGSI v2 (normalized, keyValues) entities.
	FormatNGSI
)

// String returns the name used in scene files and flags.
func (f Format) String() string {
	switch f {
	case FormatNative:
		return "native"
	case FormatNGSI:
		return "ngsi-ld"
	default:
		return "auto"
	}
}

// ParseFormat reads a format name: "auto" or "" (FormatAuto), "native", or
// "ngsi-ld" / "ngsi" / "ngsi-v2" (FormatNGSI, which reads both).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return FormatAuto, nil
	case "native":
		return FormatNative, nil
	case "ngsi-ld", "ngsild", "ngsi", "ngsi-v2", "ngsiv2":
		return FormatNGSI, nil
	}
	return FormatAuto, fmt.Errorf("live: unknown format %q (want auto, native or ngsi-ld)", s)
}

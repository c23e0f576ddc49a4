package scene

import "encoding/json"

// Known reports whether k has a value: false when its inputs were missing
// (Reason then says which).
func (k KeyFigure) Known() bool { return k.Reason == "" }

// MarshalJSON writes k as its fields, with "value": null and the reason
// when k is not Known (CONTRACTS.md).
func (k KeyFigure) MarshalJSON() ([]byte, error) {
	type plain KeyFigure
	if k.Known() {
		return json.Marshal(plain(k))
	}
	return json.Marshal(struct {
		plain
		Value *float64 `json:"value"`
	}{plain: plain(k)})
}

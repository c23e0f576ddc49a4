package live_test

import (
	"fmt"

	"citytwin/live"
)

func ExampleDecoder_Decode() {
	d := live.NewDecoder(live.FormatAuto)
	rs, err := d.Decode([]byte(`{"id": "aq-001", "lon": 2.171, "lat": 41.392, "time": "2026-11-26T10:00:00Z",
		"values": {"no2": 31.2, "pm25": 12}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := rs[0]
	fmt.Println(r.Sensor, r.Lon, r.Lat, r.Time.Format("15:04"), r.Values[0].Quantity, r.Values[0].Value)
	rs, _ = d.Decode([]byte(`{"id": "urn:ngsi-ld:ParkingSpot:p1", "type": "ParkingSpot",
		"status": {"type": "Property", "value": "occupied", "observedAt": "2026-11-26T10:01:00Z"},
		"location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [2.17, 41.39]}}}`))
	fmt.Println(rs[0].Sensor, rs[0].Categories[0].Quantity, rs[0].Categories[0].Value, rs[0].Time.Format("15:04"))
	// Output:
	// aq-001 2.171 41.392 10:00 no2 31.2
	// urn:ngsi-ld:ParkingSpot:p1 status occupied 10:01
}

package live

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/eclipse/paho.golang/packets"
)

func addSeeds(f *testing.F) {
	for _, s := range []string{
		`{"id": "aq-001", "lon": 2.171, "lat": 41.392, "alt": 3, "time": "2026-11-26T10:00:00Z", "values": {"no2": 31.2, "pm25": 12}}`,
		`[{"id":"a","values":{"x":1,"s":"free","o":{"value":2,"unit":"u"}},"units":{"x":"dB"}},{"id":"b","values":{}}]`,
		`{"type":"Notification","data":[{"id":"e","type":"T","x":{"type":"Property","value":1,"observedAt":"2026-11-26T10:00:00Z"}}]}`,
		`{"id":"e","type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{"type":"T","x":1}}`,
		`{"id":"a\ud83d\ude00","values":{"\u00e9":-0.5e-3}}`,
		`[`, `{"id":`, `null`, `"x"`, `[1,2]`,
	} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob(filepath.Join(sdmDir, "*", "*.json*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// checkReadings asserts what every successful decode promises.
func checkReadings(t *testing.T, rs []Reading) {
	for _, r := range rs {
		if r.Sensor == "" {
			t.Fatalf("reading without sensor id: %+v", r)
		}
		if r.HasPos && !validPos(r.Lon, r.Lat) {
			t.Fatalf("position out of range: %+v", r)
		}
		if len(r.Values) > maxQuantities || len(r.Categories) > maxQuantities {
			t.Fatalf("too many quantities: %d", len(r.Values))
		}
	}
}

// FuzzDecodeNative feeds arbitrary bytes to the native decoder (and auto).
func FuzzDecodeNative(f *testing.F) {
	addSeeds(f)
	d := NewDecoder(FormatNative)
	a := NewDecoder(FormatAuto)
	f.Fuzz(func(t *testing.T, msg []byte) {
		rs, _ := d.Decode(msg)
		checkReadings(t, rs)
		rs, _ = a.Decode(msg)
		checkReadings(t, rs)
	})
}

// FuzzDecodeNGSI feeds arbitrary bytes to the NGSI-LD / NGSI v2 decoder.
func FuzzDecodeNGSI(f *testing.F) {
	addSeeds(f)
	d := NewDecoder(FormatNGSI)
	f.Fuzz(func(t *testing.T, msg []byte) {
		rs, _ := d.Decode(msg)
		checkReadings(t, rs)
	})
}

// ngsiV2Seeds are NGSI v2 (Orion) payloads: entities, a notification, the
// keyValues form and odd corners (metadata, geo:json, "lat, lon" strings).
var ngsiV2Seeds = []string{
	`{"subscriptionId":"57458eb60962ef754e7c0998","data":[{"id":"Room1","type":"Room","temperature":{"value":28.5,"type":"Float","metadata":{}},"pressure":{"value":720,"type":"Integer","metadata":{"unitCode":{"type":"Text","value":"A97"}}}}]}`,
	`{"id":"urn:ngsi:AirQualityObserved:1","type":"AirQualityObserved","location":{"type":"geo:json","value":{"type":"Point","coordinates":[-3.8,43.46]}},"NO2":{"type":"Number","value":22,"metadata":{"unitCode":{"value":"GQ"}}},"dateObserved":{"type":"DateTime","value":"2016-03-15T11:00:00"}}`,
	`{"id":"ps-1","type":"ParkingSpot","status":{"type":"Text","value":"free"},"location":{"type":"geo:point","value":"41.3763726, 2.1864475"}}`,
	`{"id":"r","type":"Road","location":{"type":"geo:json","value":{"type":"LineString","coordinates":[[2.1,41.3],[2.2,41.4]]}},"intensity":{"type":"Number","value":"NaN"}}`,
	`[{"id":"a","type":"T","x":1},{"id":"b","type":"T","x":{"value":null}}]`,
	`{"subscriptionId":"s","data":[]}`, `{"subscriptionId":"s","data":{}}`, `{"id":"","type":"T","x":1}`,
}

// FuzzDecodeNGSIv2 feeds arbitrary bytes, seeded with NGSI v2 payloads, to
// the NGSI decoder and the auto decoder: no panic, every reading has an id,
// a position in range and finite values.
func FuzzDecodeNGSIv2(f *testing.F) {
	for _, s := range ngsiV2Seeds {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob(filepath.Join(sdmDir, "*", "example*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	n, a := NewDecoder(FormatNGSI), NewDecoder(FormatAuto)
	f.Fuzz(func(t *testing.T, msg []byte) {
		for _, d := range []*Decoder{n, a} {
			rs, _ := d.Decode(msg)
			checkReadings(t, rs)
			for _, r := range rs {
				for _, v := range r.Values {
					if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
						t.Fatalf("non-finite value %v in %+v", v.Value, r)
					}
				}
			}
		}
	})
}

// mqttSeedStream is a broker's side of an MQTT 5 session: CONNACK, SUBACK,
// PUBLISHes (QoS 0 and 1, a property, a batch) and a DISCONNECT.
func mqttSeedStream() []byte {
	var b bytes.Buffer
	write := func(p io.WriterTo) { _, _ = p.WriteTo(&b) }
	write(packets.NewControlPacket(packets.CONNACK))
	sa := packets.NewControlPacket(packets.SUBACK)
	sa.Content.(*packets.Suback).PacketID, sa.Content.(*packets.Suback).Reasons = 1, []byte{0}
	write(sa)
	for i, payload := range []string{
		`{"id":"mq-1","lon":7.42,"lat":43.73,"values":{"no2":12}}`,
		`[{"id":"mq-2","values":{"pm25":3}},{"id":"mq-3","values":{"o3":40}}]`,
		`{"id":"urn:ngsi-ld:NoiseLevelObserved:n1","type":"NoiseLevelObserved","LAeq":{"type":"Property","value":61.5}}`,
	} {
		p := packets.NewControlPacket(packets.PUBLISH)
		pub := p.Content.(*packets.Publish)
		pub.Topic, pub.Payload, pub.QoS, pub.PacketID = "city/sensors/"+strconv.Itoa(i), []byte(payload), byte(i%2), uint16(i+1)
		ct := "application/json"
		pub.Properties = &packets.Properties{ContentType: ct}
		write(p)
	}
	write(packets.NewControlPacket(packets.DISCONNECT))
	return b.Bytes()
}

// FuzzMQTTStream feeds a broker's byte stream, split into reads of a fuzzed
// size (split's low 7 bits), through the packet-size guard (which wants a
// CONNACK first when split's high bit is set, as on TCP and WebSocket
// connections) and, where it passes, the MQTT packet decoder; every
// PUBLISH payload goes to a Source as if received. The guard must decide
// the same whatever the split, never pass a packet over its limit, and
// nothing may panic.
func FuzzMQTTStream(f *testing.F) {
	seed := mqttSeedStream()
	f.Add(seed, uint8(0))
	f.Add(seed, uint8(6))
	f.Add([]byte{0x30, 0xff, 0xff, 0xff, 0x7f}, uint8(1))
	f.Add([]byte{0x30, 0x05, 0x00, 0x01, 'a', '{', '}'}, uint8(2))
	f.Add(seed, uint8(0x80|3))
	f.Add([]byte("HTTP/1.1 400 Bad Request\r\n\r\n"), uint8(0x80|4)) // not a broker
	const limit = 4 << 10
	f.Fuzz(func(t *testing.T, stream []byte, split uint8) {
		first := split&0x80 != 0
		whole := mqttFramer{limit: limit, firstConnack: first}
		werr := whole.scan(stream)
		parts := mqttFramer{limit: limit, firstConnack: first}
		var perr error
		step := int(split&0x7f) + 1
		for i := 0; i < len(stream) && perr == nil; i += step {
			perr = parts.scan(stream[i:min(i+step, len(stream))])
		}
		if (werr == nil) != (perr == nil) || whole.packets != parts.packets {
			t.Fatalf("split %d changes the verdict: %v/%d vs %v/%d", step, werr, whole.packets, perr, parts.packets)
		}
		if first && whole.packets > 0 && stream[0]>>4 != 2 && stream[0]>>4 != 15 {
			t.Fatalf("a stream starting % x passed as a broker's", stream[0])
		}
		reg := NewRegistry(RegistryOptions{HistoryLen: 4})
		src, err := NewSource(SourceOptions{URL: "mqtt://127.0.0.1:1?topic=city/%23", Registry: reg})
		if err != nil {
			t.Fatal(err)
		}
		// Decode only what the guard passed, as the connection does.
		r := bytes.NewReader(stream)
		for k := 0; k < whole.packets; k++ {
			cp, err := packets.ReadPacket(r)
			if err != nil {
				break
			}
			if pub, ok := cp.Content.(*packets.Publish); ok {
				src.handle(pub.Payload, time.Now())
			}
		}
		for _, s := range reg.Snapshot().Sensors {
			if s.ID == "" || s.HasPos && !validPos(s.Lon, s.Lat) {
				t.Fatalf("bad sensor %+v", s)
			}
		}
	})
}

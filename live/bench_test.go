package live

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// nativeMessages returns n distinct native messages for sensors sensors.
func nativeMessages(n, sensors int) [][]byte {
	msgs := make([][]byte, n)
	for i := range msgs {
		s := i % sensors
		msgs[i] = fmt.Appendf(nil, `{"id":"aq-%05d","type":"AirQualityObserved","time":"2026-11-26T10:%02d:%02d.%03dZ","values":{"no2":%d.%d,"pm25":%d.5,"pm10":%d.25,"o3":%d}}`,
			s, i/60%60, i%60, i%1000, 10+i%90, i%10, 5+i%20, 8+i%30, 30+i%60)
	}
	return msgs
}

// BenchmarkDecodeApplyNative measures the hot path of a native feed: decode
// one message and apply it to the registry (a view published every 1,000
// messages, as a 60 Hz frame loop would at 60k msg/s).
func BenchmarkDecodeApplyNative(b *testing.B) {
	for _, sensors := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("sensors=%d", sensors), func(b *testing.B) {
			msgs := nativeMessages(4096, sensors)
			d := NewDecoder(FormatNative)
			reg := NewRegistry(RegistryOptions{})
			now := time.Now()
			for _, m := range msgs { // warm: every sensor known, strings interned
				rs, _ := d.Decode(m)
				reg.Apply("bench", rs, now)
			}
			reg.Snapshot()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rs, err := d.Decode(msgs[i%len(msgs)])
				if err != nil {
					b.Fatal(err)
				}
				reg.Apply("bench", rs, now)
				if i%1000 == 999 {
					reg.Snapshot()
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkDecodeNative is decoding alone.
func BenchmarkDecodeNative(b *testing.B) {
	msgs := nativeMessages(4096, 100)
	d := NewDecoder(FormatNative)
	for _, m := range msgs {
		d.Decode(m)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.Decode(msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkDecodeNGSI decodes a normalized NGSI-LD entity (the slower path).
func BenchmarkDecodeNGSI(b *testing.B) {
	msg, err := os.ReadFile(filepath.Join(sdmDir, "AirQualityObserved", "example-normalized.jsonld"))
	if err != nil {
		b.Skip(err)
	}
	d := NewDecoder(FormatNGSI)
	b.ReportAllocs()
	b.SetBytes(int64(len(msg)))
	for i := 0; i < b.N; i++ {
		if _, err := d.Decode(msg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkSnapshot publishes a view of 10,000 sensors of which 100 changed.
func BenchmarkSnapshot(b *testing.B) {
	reg := NewRegistry(RegistryOptions{})
	d := NewDecoder(FormatNative)
	msgs := nativeMessages(10_000, 10_000)
	now := time.Now()
	for _, m := range msgs {
		rs, _ := d.Decode(m)
		reg.Apply("b", rs, now)
	}
	reg.Snapshot()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < 100; k++ {
			rs, _ := d.Decode(msgs[(i*100+k)%len(msgs)])
			reg.Apply("b", rs, now)
		}
		reg.Snapshot()
	}
}

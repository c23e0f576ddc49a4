package live

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/eclipse/paho.golang/packets"
)

// TestWriteFuzzCorpus (re)writes the committed seed corpora of this
// package's fuzz targets (testdata/fuzz/FuzzXxx/) from small real samples:
// lines of the Aberdeen recording (sensor.community, ODbL), the Smart Data
// Models examples (CC-BY-4.0; NGSI-LD and NGSI v2 forms) from
// ../shared/data, and an MQTT session carrying some of them. Run it only
// to refresh them: CITYTWIN_WRITE_CORPUS=1 go test ./live -run WriteFuzzCorpus
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("CITYTWIN_WRITE_CORPUS") == "" {
		t.Skip("set CITYTWIN_WRITE_CORPUS=1 to rewrite testdata/fuzz")
	}
	write := func(target, name string, values ...any) {
		var b bytes.Buffer
		b.WriteString("go test fuzz v1\n")
		for _, v := range values {
			switch v := v.(type) {
			case []byte:
				fmt.Fprintf(&b, "[]byte(%s)\n", strconv.Quote(string(v)))
			case uint8:
				fmt.Fprintf(&b, "byte(%s)\n", strconv.QuoteRune(rune(v)))
			}
		}
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Native: a few Aberdeen lines, one batch of them.
	f, err := os.Open(filepath.Join("testdata", "aberdeen-2019-05-24.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var aberdeen [][]byte
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(aberdeen) < 5 {
		l, err := ReadRecording(bytes.NewReader(sc.Bytes()))
		if err == nil && len(l) == 1 {
			aberdeen = append(aberdeen, l[0].Payload())
		}
	}
	for i, m := range aberdeen[:3] {
		write("FuzzDecodeNative", fmt.Sprintf("aberdeen-%d", i), m)
	}
	write("FuzzDecodeNative", "aberdeen-batch", append(append(append([]byte("["), aberdeen[3]...), ','), append(aberdeen[4], ']')...))
	// NGSI-LD and v2: the Smart Data Models examples.
	files, _ := filepath.Glob(filepath.Join(sdmDir, "*", "example*.json*"))
	if len(files) == 0 {
		t.Fatalf("no Smart Data Models examples in %s", sdmDir)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		b = compactJSON(b)
		id := filepath.Base(filepath.Dir(name)) + "-" + filepath.Base(name)
		switch filepath.Ext(name) {
		case ".jsonld":
			write("FuzzDecodeNGSI", id, b)
		default:
			write("FuzzDecodeNGSIv2", id, b)
		}
	}
	// MQTT: the seed session, and the Aberdeen lines as PUBLISHes split
	// into reads of 7 bytes.
	write("FuzzMQTTStream", "session", mqttSeedStream(), uint8(0))
	var s bytes.Buffer
	for i, m := range aberdeen {
		p := packets.NewControlPacket(packets.PUBLISH)
		pub := p.Content.(*packets.Publish)
		pub.Topic, pub.Payload = "aberdeen/sc/"+strconv.Itoa(i), m
		_, _ = p.WriteTo(&s)
	}
	write("FuzzMQTTStream", "aberdeen", s.Bytes(), uint8(6))
}

// compactJSON removes insignificant white space (the corpus stays small).
func compactJSON(b []byte) []byte {
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return b
	}
	return out.Bytes()
}

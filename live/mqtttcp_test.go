package live

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// TestMQTTOverTCPCredentials: an mqtt:// source sends the URL's user name
// and the TokenEnv token as the MQTT password in its CONNECT, and decodes
// what comes in the format it was given.
func TestMQTTOverTCPCredentials(t *testing.T) {
	t.Setenv("CITYTWIN_TEST_MQTT_TOKEN", "tok-123")
	var mu sync.Mutex
	var connect []byte
	// CONNACK (accepted), then a PUBLISH of an NGSI-LD entity on "city/a".
	entity := `{"id":"urn:ngsi-ld:AirQualityObserved:a1","type":"AirQualityObserved","no2":{"type":"Property","value":21}}`
	pub := append([]byte{0x30, byte(2 + 6 + 1 + len(entity)), 0, 6}, "city/a"...)
	pub = append(append(pub, 0), entity...) // no properties
	url := fakeTCPBrokerSeeing(t, nil, func(c net.Conn, first []byte) {
		mu.Lock()
		connect = append([]byte(nil), first...)
		mu.Unlock()
		_, _ = c.Write([]byte{0x20, 3, 0, 0, 0})
		time.Sleep(50 * time.Millisecond) // let the SUBSCRIBE go first
		_, _ = c.Write(pub)
	})
	url = "mqtt://alice@" + url[len("mqtt://"):] + "?topic=city/%23"
	src, reg := runSource(t, SourceOptions{URL: url, TokenEnv: "CITYTWIN_TEST_MQTT_TOKEN", Format: FormatNGSI})
	waitFor(t, "the entity", func() bool { return reg.Snapshot().Find("urn:ngsi-ld:AirQualityObserved:a1") != nil })
	mu.Lock()
	defer mu.Unlock()
	if !bytes.Contains(connect, []byte("\x00\x05alice")) || !bytes.Contains(connect, []byte("\x00\x07tok-123")) {
		t.Errorf("CONNECT % q lacks the user name or the token", connect)
	}
	if st := src.Status(); st.State != StateLive || st.Rejected != 0 {
		t.Errorf("status %+v", st)
	}
}

// fakeTCPBroker is a TCP server (TLS when tlsCfg is set) that answers
// every MQTT CONNECT with reply (nil: reads and says nothing), and returns
// its mqtt:// (or mqtts://) URL.
func fakeTCPBroker(t *testing.T, tlsCfg *tls.Config, reply func(c net.Conn)) string {
	t.Helper()
	return fakeTCPBrokerSeeing(t, tlsCfg, func(c net.Conn, _ []byte) {
		if reply != nil {
			reply(c)
		}
	})
}

// fakeTCPBrokerSeeing is fakeTCPBroker whose reply also gets the first
// bytes the client sent (its CONNECT).
func fakeTCPBrokerSeeing(t *testing.T, tlsCfg *tls.Config, reply func(c net.Conn, first []byte)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	scheme := "mqtt"
	if tlsCfg != nil {
		ln, scheme = tls.NewListener(ln, tlsCfg), "mqtts"
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				connect, err := readMQTTPacket(c)
				if err != nil {
					return
				}
				reply(c, connect)
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			}()
		}
	}()
	return scheme + "://" + ln.Addr().String()
}

// readMQTTPacket reads one whole MQTT packet from r (the client may write
// its fixed header and its body apart).
func readMQTTPacket(r io.Reader) ([]byte, error) {
	p := make([]byte, 1, 64)
	if _, err := io.ReadFull(r, p); err != nil {
		return nil, err
	}
	n, shift := 0, uint(0)
	for {
		var b [1]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, err
		}
		p = append(p, b[0])
		n |= int(b[0]&0x7f) << shift
		shift += 7
		if b[0]&0x80 == 0 || shift > 21 {
			break
		}
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return append(p, body...), nil
}

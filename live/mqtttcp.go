package live

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"sync"
	"time"
)

// mqttDefaultPorts are the ports of mqtt:// and mqtts:// URLs without one.
var mqttDefaultPorts = map[string]string{"mqtt": "1883", "mqtts": "8883"}

// mqttStream is the byte stream an MQTT session runs on (a WebSocket or a
// TCP connection), which remembers why this side refused it.
type mqttStream interface {
	net.Conn
	refused() error
}

// dialMQTT dials broker for an MQTT session within timeout: over WebSocket
// for ws:// and wss://, over TCP for mqtt:// and over TLS on TCP for
// mqtts:// (system CAs plus the source's CAs, as for wss://). Failures are
// mqttStageErrors naming the step ("dial: …", "TLS: …", "handshake: …").
func (s *Source) dialMQTT(ctx context.Context, broker *url.URL, timeout time.Duration) (mqttStream, error) {
	if broker.Scheme == "ws" || broker.Scheme == "wss" {
		return s.dialMQTTWebSocket(ctx, broker, timeout)
	}
	return s.dialMQTTTCP(ctx, broker, timeout)
}

// dialMQTTTCP dials broker (mqtt:// or mqtts://) and, for mqtts://, makes
// the TLS handshake, within timeout. The stream it returns refuses packets
// over the source's ReadLimit, as the WebSocket one does.
func (s *Source) dialMQTTTCP(ctx context.Context, broker *url.URL, timeout time.Duration) (mqttStream, error) {
	host := broker.Host
	if broker.Port() == "" {
		host = net.JoinHostPort(broker.Hostname(), mqttDefaultPorts[broker.Scheme])
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(dctx, "tcp", host)
	if err != nil {
		return nil, mqttStageError{"dial: " + err.Error()}
	}
	if broker.Scheme == "mqtts" {
		cfg := &tls.Config{}
		if s.opts.TLSConfig != nil {
			cfg = s.opts.TLSConfig.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = broker.Hostname()
		}
		tc := tls.Client(c, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			c.Close()
			return nil, mqttStageError{"TLS: " + err.Error()}
		}
		c = tc
	}
	limit := int(min(s.opts.ReadLimit, 1<<28)) + 64<<10 // as for WebSocket
	return &mqttTCPConn{Conn: c, br: bufio.NewReaderSize(c, 64<<10), frame: mqttFramer{limit: limit, firstConnack: true}}, nil
}

// mqttTCPConn is a TCP (or TLS) connection carrying MQTT whose incoming
// bytes pass through an mqttFramer. Reads are buffered: the MQTT client
// reads a packet's header a byte at a time.
type mqttTCPConn struct {
	net.Conn
	rmu   sync.Mutex
	br    *bufio.Reader // guarded by rmu
	frame mqttFramer    // guarded by rmu

	failMu sync.Mutex
	fail   error
}

var _ mqttStream = (*mqttTCPConn)(nil)

func (c *mqttTCPConn) Read(p []byte) (int, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	n, err := c.br.Read(p)
	if ferr := c.frame.scan(p[:n]); ferr != nil {
		if errors.Is(ferr, errNotBroker) { // quote what it said
			more, _ := c.br.Peek(c.br.Buffered())
			ferr = fmt.Errorf("the server answered %s: %w", excerpt(append(p[:n:n], more...)), errNotBroker)
		}
		c.failMu.Lock()
		if c.fail == nil {
			c.fail = ferr
		}
		c.failMu.Unlock()
		return 0, ferr
	}
	return n, err
}

// refused returns why this side refused the stream (nil if it did not).
func (c *mqttTCPConn) refused() error {
	c.failMu.Lock()
	defer c.failMu.Unlock()
	return c.fail
}

package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/eclipse/paho.golang/autopaho"
	"github.com/gorilla/websocket"
)

// mqttStageError is a failure before the MQTT session began: dialling the
// broker's host or the WebSocket handshake. Its text is the status reason.
type mqttStageError struct{ msg string }

func (e mqttStageError) Error() string { return e.msg }

// dialMQTTWebSocket dials broker (ws:// or wss://) with the "mqtt"
// subprotocol within timeout, and returns the connection as the byte stream
// MQTT expects. Dial and handshake failures are mqttStageErrors naming the
// step and its cause ("dial: … connection refused", "handshake: HTTP 404
// Not Found").
func (s *Source) dialMQTTWebSocket(ctx context.Context, broker *url.URL, timeout time.Duration) (*mqttWSConn, error) {
	d := websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: timeout,
		TLSClientConfig:  s.opts.TLSConfig,
		Subprotocols:     []string{"mqtt"},
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ws, resp, err := d.DialContext(dctx, broker.String(), nil)
	if err != nil {
		if resp != nil {
			return nil, mqttStageError{fmt.Sprintf("handshake: HTTP %s (not an MQTT-over-WebSocket endpoint?)", resp.Status)}
		}
		if errors.Is(err, websocket.ErrBadHandshake) {
			return nil, mqttStageError{"handshake: " + err.Error()}
		}
		return nil, mqttStageError{"dial: " + err.Error()}
	}
	// A PUBLISH carries its topic and properties besides the payload: allow
	// 64 KiB for them on top of the payload limit.
	limit := int(min(s.opts.ReadLimit, 1<<28)) + 64<<10
	ws.SetReadLimit(int64(limit) + 5)
	return &mqttWSConn{Conn: ws, frame: mqttFramer{limit: limit, firstConnack: true}}, nil
}

// mqttWSConn turns a WebSocket carrying MQTT (binary messages, any split
// of packets over messages) into a net.Conn.
type mqttWSConn struct {
	*websocket.Conn
	rmu   sync.Mutex
	r     io.Reader
	frame mqttFramer // guarded by rmu

	failMu sync.Mutex
	fail   error // why this side refused the stream (framing, text)
	wmu    sync.Mutex
}

var _ net.Conn = (*mqttWSConn)(nil)

// errTextFrame is what a peer that sends text (not MQTT) gets reported as.
var errTextFrame = errors.New("the server sent a text message: not an MQTT broker")

func (c *mqttWSConn) Read(p []byte) (int, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	for {
		if c.r == nil {
			typ, r, err := c.NextReader()
			if err != nil {
				return 0, err
			}
			if typ != websocket.BinaryMessage {
				return 0, c.refuse(errTextFrame)
			}
			c.r = r
		}
		n, err := c.r.Read(p)
		if ferr := c.frame.scan(p[:n]); ferr != nil {
			return 0, c.refuse(ferr)
		}
		if err == io.EOF {
			c.r = nil
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

// refuse records err as the reason the stream was refused and returns it.
func (c *mqttWSConn) refuse(err error) error {
	c.failMu.Lock()
	if c.fail == nil {
		c.fail = err
	}
	c.failMu.Unlock()
	return err
}

// refused returns why this side refused the stream (nil if it did not):
// the root cause, whatever the MQTT client reports after it.
func (c *mqttWSConn) refused() error {
	c.failMu.Lock()
	defer c.failMu.Unlock()
	return c.fail
}

func (c *mqttWSConn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.WriteMessage(websocket.BinaryMessage, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (c *mqttWSConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

// mqttConnectError turns what autopaho reports for a failed connection
// attempt into a status reason: the dial or handshake failure, the broker's
// refusal in its CONNACK (reason code, name and reason string), or why no
// CONNACK came.
func mqttConnectError(err error, timeout time.Duration) error {
	var stage mqttStageError
	if errors.As(err, &stage) {
		return stage
	}
	var ce *autopaho.ConnackError
	if errors.As(err, &ce) {
		msg := fmt.Sprintf("CONNACK: broker refused the connection: reason code %d", ce.ReasonCode)
		if name := connackReasons[ce.ReasonCode]; name != "" {
			msg += " (" + name + ")"
		}
		if ce.Reason != "" {
			msg += ": " + ce.Reason
		}
		return errors.New(msg)
	}
	if errors.Is(err, errTextFrame) {
		return fmt.Errorf("CONNACK: %w", errTextFrame)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("CONNACK: none within %s (not an MQTT broker?)", roundSeconds(timeout))
	}
	if u := errors.Unwrap(err); u != nil {
		err = u // drop autopaho's "failed to connect to URL: "
	}
	return fmt.Errorf("CONNACK: %w", err)
}

// connackReasons names the MQTT 5 CONNACK reason codes of a refusal.
var connackReasons = map[byte]string{
	0x80: "unspecified error", 0x81: "malformed packet", 0x82: "protocol error",
	0x83: "implementation specific error", 0x84: "unsupported protocol version",
	0x85: "client identifier not valid", 0x86: "bad user name or password",
	0x87: "not authorized", 0x88: "server unavailable", 0x89: "server busy", 0x8A: "banned",
	0x8C: "bad authentication method", 0x90: "topic name invalid", 0x95: "packet too large",
	0x97: "quota exceeded", 0x99: "payload format invalid", 0x9A: "retain not supported",
	0x9B: "QoS not supported", 0x9C: "use another server", 0x9D: "server moved",
	0x9F: "connection rate exceeded",
}

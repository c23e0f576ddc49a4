package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/eclipse/paho.golang/autopaho"
	"github.com/eclipse/paho.golang/paho"
)

// sessionMQTT connects once to an MQTT 5 broker over WebSocket
// (mqtt+ws://host:port/path?topic=a/b/#, mqtt+wss://) or TCP
// (mqtt://host:port?topic=a/b/#, mqtts:// over TLS), subscribes to the topic (QoS 0)
// and hands every published payload to handle until the connection drops.
// Reconnecting is left to Run, so MQTT sources back off and report their
// state exactly like WebSocket ones. The URL's user name and the TokenEnv
// token (as the password) are sent when set.
func (s *Source) sessionMQTT(ctx context.Context) (heard bool, err error) {
	topic := s.u.Query().Get("topic")
	broker := *s.u // ws://, wss://, mqtt:// or mqtts://
	broker.Scheme = strings.TrimPrefix(s.u.Scheme, "mqtt+")
	broker.RawQuery, broker.User = "", nil
	tok, err := s.token()
	if err != nil {
		return false, err
	}
	var idb [6]byte
	_, _ = rand.Read(idb[:])

	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var lastErr error
	var conn mqttStream // the WebSocket or TCP connection, once dialled
	setErr := func(e error) {
		mu.Lock()
		if lastErr == nil {
			lastErr = e
		}
		mu.Unlock()
	}
	down := make(chan struct{})
	var downOnce sync.Once
	var decMu sync.Mutex
	limit := uint32(min(s.opts.ReadLimit, 1<<28))
	// The first failed attempt ends the wait for the connection at once, so
	// its reason reaches the status and Run backs off as for WebSocket.
	actx, acancel := context.WithTimeout(sctx, 2*s.opts.HandshakeTimeout)
	defer acancel()
	cfg := autopaho.ClientConfig{
		ServerUrls:                    []*url.URL{&broker},
		TlsCfg:                        s.opts.TLSConfig,
		KeepAlive:                     uint16(max(1, s.opts.PingInterval/time.Second)),
		CleanStartOnInitialConnection: true,
		ConnectTimeout:                s.opts.HandshakeTimeout,
		// Attempt 0 at once; autopaho's own retries never happen (the
		// session ends at the first failure and Run reconnects).
		ReconnectBackoff: func(n int) time.Duration {
			if n == 0 {
				return 0
			}
			return s.opts.MaxBackoff
		},
		AttemptConnection: func(ctx context.Context, _ autopaho.ClientConfig, u *url.URL) (net.Conn, error) {
			c, err := s.dialMQTT(ctx, u, s.opts.HandshakeTimeout)
			if err != nil {
				return nil, err
			}
			mu.Lock()
			conn = c
			mu.Unlock()
			return c, nil
		},
		ConnectPacketBuilder: func(cp *paho.Connect, _ *url.URL) (*paho.Connect, error) {
			if cp.Properties == nil {
				cp.Properties = &paho.ConnectProperties{}
			}
			cp.Properties.MaximumPacketSize = &limit
			return cp, nil
		},
		OnConnectionUp: func(cm *autopaho.ConnectionManager, _ *paho.Connack) {
			go func() {
				if _, err := cm.Subscribe(sctx, &paho.Subscribe{
					Subscriptions: []paho.SubscribeOptions{{Topic: topic, QoS: 0}},
				}); err != nil {
					setErr(fmt.Errorf("subscribe %q: %w", topic, err))
					cancel()
				}
			}()
		},
		OnConnectionDown: func() bool {
			downOnce.Do(func() { close(down) })
			return false
		},
		OnConnectError: func(err error) {
			setErr(mqttConnectError(err, s.opts.HandshakeTimeout))
			acancel()
		},
		ClientConfig: paho.ClientConfig{
			ClientID:      "citytwin-" + hex.EncodeToString(idb[:]),
			PacketTimeout: s.opts.HandshakeTimeout,
			OnPublishReceived: []func(paho.PublishReceived) (bool, error){
				func(pr paho.PublishReceived) (bool, error) {
					decMu.Lock()
					heard = true
					s.handle(pr.Packet.Payload, time.Now())
					decMu.Unlock()
					return true, nil
				},
			},
			OnServerDisconnect: func(d *paho.Disconnect) {
				reason := fmt.Sprintf("broker disconnected: reason code %d", d.ReasonCode)
				if d.Properties != nil && d.Properties.ReasonString != "" {
					reason += " " + d.Properties.ReasonString
				}
				setErr(errors.New(reason))
			},
			OnClientError: func(err error) { setErr(err) },
		},
	}
	if u := s.u.User; u != nil {
		cfg.ConnectUsername = u.Username()
		if p, ok := u.Password(); ok {
			cfg.ConnectPassword = []byte(p)
		}
	}
	if tok != "" {
		cfg.ConnectPassword = []byte(tok)
	}
	cm, err := autopaho.NewConnection(sctx, cfg)
	if err != nil {
		return false, errFatal{fmt.Errorf("mqtt: %w", err)}
	}
	err = cm.AwaitConnection(actx)
	acancel()
	if err != nil {
		cancel()
		<-cm.Done()
		mu.Lock()
		defer mu.Unlock()
		if lastErr != nil {
			return false, lastErr
		}
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return false, fmt.Errorf("connect: no MQTT session within %s", roundSeconds(2*s.opts.HandshakeTimeout))
		}
		return false, fmt.Errorf("connect: %w", err)
	}
	s.mu.Lock()
	s.st.Connects++
	s.mu.Unlock()
	s.setState(StateLive, "", time.Time{})
	s.log.Info("live source connected (MQTT)", "topic", topic)
	select {
	case <-down:
	case <-sctx.Done():
	}
	cancel()
	<-cm.Done()
	decMu.Lock()
	h := heard
	decMu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	if conn != nil && conn.refused() != nil {
		return h, conn.refused() // what the library reports after it is a consequence
	}
	if lastErr != nil {
		return h, lastErr
	}
	return h, errors.New("mqtt connection closed")
}

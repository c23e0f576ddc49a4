package live

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/eclipse/paho.golang/autopaho"
	"github.com/eclipse/paho.golang/paho"
	"github.com/gorilla/websocket"
)

// sessionMQTT connects once to an MQTT 5 broker over WebSocket
// (mqtt+ws://host:port/path?topic=a/b/#), subscribes to the topic (QoS 0)
// and hands every published payload to handle until the connection drops.
// Reconnecting is left to Run, so MQTT sources back off and report their
// state exactly like WebSocket ones. The URL's user name and the TokenEnv
// token (as the password) are sent when set.
func (s *Source) sessionMQTT(ctx context.Context) (heard bool, err error) {
	topic := s.u.Query().Get("topic")
	broker := *s.u
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
	cfg := autopaho.ClientConfig{
		ServerUrls:                    []*url.URL{&broker},
		TlsCfg:                        s.opts.TLSConfig,
		KeepAlive:                     uint16(max(1, s.opts.PingInterval/time.Second)),
		CleanStartOnInitialConnection: true,
		ConnectTimeout:                s.opts.HandshakeTimeout,
		ReconnectBackoff:              func(int) time.Duration { return s.opts.MaxBackoff },
		WebSocketCfg: &autopaho.WebSocketConfig{
			Dialer: func(*url.URL, *tls.Config) *websocket.Dialer {
				return &websocket.Dialer{HandshakeTimeout: s.opts.HandshakeTimeout, TLSClientConfig: s.opts.TLSConfig,
					Subprotocols: []string{"mqtt"}}
			},
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
		OnConnectError: func(err error) { setErr(fmt.Errorf("connect: %w", err)) },
		ClientConfig: paho.ClientConfig{
			ClientID: "citytwin-" + hex.EncodeToString(idb[:]),
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
	actx, acancel := context.WithTimeout(sctx, s.opts.HandshakeTimeout)
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
	if lastErr != nil {
		return h, lastErr
	}
	return h, errors.New("mqtt connection closed")
}

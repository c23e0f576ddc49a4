package screensync

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/eclipse/paho.golang/autopaho"
	"github.com/eclipse/paho.golang/paho"
)

// Options say which broker and topic a leader or follower uses.
type Options struct {
	// URL is mqtt+ws://host:port/path?topic=ROOM or mqtt+wss://… (MQTT 5
	// over WebSocket); the topic carries the room's State.
	URL string
	// MaxRate bounds the States a leader publishes per second; default 10.
	MaxRate float64
	// TLSConfig sets up mqtt+wss:// (nil: the system's CAs).
	TLSConfig *tls.Config
	// Logger receives connection events; nil discards them.
	Logger *slog.Logger
}

// broker splits an mqtt+ws(s):// URL into the WebSocket URL and topic.
func broker(raw string) (*url.URL, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, "", fmt.Errorf("screensync: %w", err)
	}
	if u.Scheme != "mqtt+ws" && u.Scheme != "mqtt+wss" {
		return nil, "", fmt.Errorf("screensync: scheme %q is not mqtt+ws or mqtt+wss", u.Scheme)
	}
	topic := u.Query().Get("topic")
	if topic == "" || strings.ContainsAny(topic, "#+") {
		return nil, "", fmt.Errorf("screensync: the URL needs ?topic=ROOM (no wildcards)")
	}
	b := *u
	b.Scheme = strings.TrimPrefix(u.Scheme, "mqtt+")
	b.RawQuery = ""
	if b.Path == "" {
		b.Path = "/"
	}
	return &b, topic, nil
}

// connect starts an autopaho connection to opts.URL; up runs each time it
// comes up, recv for each message.
func connect(ctx context.Context, opts Options, id string, up func(*autopaho.ConnectionManager), recv func(*paho.Publish)) (*autopaho.ConnectionManager, string, error) {
	u, topic, err := broker(opts.URL)
	if err != nil {
		return nil, "", err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg := autopaho.ClientConfig{
		ServerUrls: []*url.URL{u}, TlsCfg: opts.TLSConfig, KeepAlive: 20,
		CleanStartOnInitialConnection: true, ReconnectBackoff: autopaho.NewConstantBackoff(time.Second),
		OnConnectionUp: func(cm *autopaho.ConnectionManager, _ *paho.Connack) {
			log.Info("screen sync connected", "topic", topic)
			if up != nil {
				up(cm)
			}
		},
		OnConnectError: func(err error) { log.Warn("screen sync", "err", err) },
		ClientConfig: paho.ClientConfig{
			ClientID: fmt.Sprintf("citytwin-%s-%d", id, time.Now().UnixNano()%1e9),
		},
	}
	if recv != nil {
		cfg.OnPublishReceived = []func(paho.PublishReceived) (bool, error){
			func(pr paho.PublishReceived) (bool, error) { recv(pr.Packet); return true, nil },
		}
	}
	cm, err := autopaho.NewConnection(ctx, cfg)
	if err != nil {
		return nil, "", fmt.Errorf("screensync: %w", err)
	}
	return cm, topic, nil
}

// Leader publishes the States of the screen that drives the room. Its
// methods are safe for concurrent use.
type Leader struct {
	cm    *autopaho.ConnectionManager
	topic string
	every time.Duration
	wake  chan struct{}

	mu        sync.Mutex
	want      State
	have      bool
	published int
	lastErr   string
}

// NewLeader connects to opts.URL in the background and returns at once;
// States set meanwhile are published once the broker answers. It stops
// when ctx ends.
func NewLeader(ctx context.Context, opts Options) (*Leader, error) {
	cm, topic, err := connect(ctx, opts, "leader", nil, nil)
	if err != nil {
		return nil, err
	}
	rate := opts.MaxRate
	if rate <= 0 {
		rate = 10
	}
	l := &Leader{cm: cm, topic: topic, every: time.Duration(float64(time.Second) / rate), wake: make(chan struct{}, 1)}
	go l.run(ctx)
	return l, nil
}

// Set makes s the state to publish: at once when the last publication is
// older than 1/MaxRate, else then; states set meanwhile replace it, and a
// state equal to the one wanted already changes nothing.
func (l *Leader) Set(s State) {
	l.mu.Lock()
	if l.have && l.want.Equal(s) {
		l.mu.Unlock()
		return
	}
	l.want, l.have = s, true
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Published counts the States the broker acknowledged.
func (l *Leader) Published() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.published
}

// Err returns why the last publication failed ("" when it did not).
func (l *Leader) Err() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastErr
}

// run publishes the wanted state whenever it changes, at most once per
// l.every, retrying failed publications every second.
func (l *Leader) run(ctx context.Context) {
	var sent State
	sentOK := false
	retry := time.NewTimer(time.Hour)
	defer retry.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		case <-retry.C:
		}
		l.mu.Lock()
		s, have := l.want, l.have
		l.mu.Unlock()
		if !have || sentOK && s.Equal(sent) {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := l.cm.AwaitConnection(pctx)
		if err == nil {
			_, err = l.cm.Publish(pctx, &paho.Publish{Topic: l.topic, QoS: 1, Retain: true, Payload: s.Marshal()})
		}
		cancel()
		l.mu.Lock()
		if err != nil {
			l.lastErr = err.Error()
			retry.Reset(time.Second)
		} else {
			l.lastErr, sent, sentOK = "", s, true
			l.published++
		}
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-time.After(l.every):
		}
	}
}

// Follower receives the States of a room. Its methods are safe for
// concurrent use.
type Follower struct {
	mu      sync.Mutex
	latest  State
	seq     uint64
	lastErr string
}

// NewFollower connects to opts.URL in the background, subscribes to the
// room's topic (getting the retained State first) and returns at once.
// It stops when ctx ends.
func NewFollower(ctx context.Context, opts Options) (*Follower, error) {
	f := &Follower{}
	_, topic, err := broker(opts.URL)
	if err != nil {
		return nil, err
	}
	up := func(cm *autopaho.ConnectionManager) {
		go func() {
			sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if _, err := cm.Subscribe(sctx, &paho.Subscribe{Subscriptions: []paho.SubscribeOptions{{Topic: topic, QoS: 1}}}); err != nil {
				f.setErr("subscribe: " + err.Error())
			}
		}()
	}
	if _, _, err := connect(ctx, opts, "follower", up, f.receive); err != nil {
		return nil, err
	}
	return f, nil
}

// receive takes one message of the topic.
func (f *Follower) receive(p *paho.Publish) {
	s, err := Parse(p.Payload)
	if err != nil {
		f.setErr(err.Error())
		return
	}
	f.mu.Lock()
	f.latest, f.lastErr = s, ""
	f.seq++
	f.mu.Unlock()
}

func (f *Follower) setErr(s string) {
	f.mu.Lock()
	f.lastErr = s
	f.mu.Unlock()
}

// Latest returns the last State received and how many have been (0:
// none yet): a caller applies the State when the count changed.
func (f *Follower) Latest() (State, uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.latest, f.seq
}

// Err returns why the last message could not be used ("" when it could).
func (f *Follower) Err() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastErr
}

package sim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"citytwin/live"
)

// Options configure the simulator. Zero fields take the defaults.
type Options struct {
	// Listen is the TCP address to serve on; Start defaults to
	// "127.0.0.1:0" (a free loopback port), the command to "127.0.0.1:8765".
	Listen string
	// Sensors is the number of simulated sensors; default 200.
	Sensors int
	// Rate is messages per second per sensor; default 5.
	Rate float64
	// Format is live.FormatNative (default) or live.FormatNGSI.
	Format live.Format
	// Seed makes the sensors and values reproducible.
	Seed int64
	// Center is {lon, lat} in WGS84 degrees around which sensors are placed
	// within Radius metres; default the demo district (Monaco, 7.4246,
	// 43.7384) and 700 m.
	Center [2]float64
	Radius float64
	// BBox, when set, places sensors uniformly in {minLon, minLat, maxLon,
	// maxLat} instead.
	BBox *[4]float64
	// Sites, when set, are the {lon, lat} places sensors may stand at (a
	// city's street corners, say, so that none stands in the sea or a
	// river); each sensor takes one, drawn with the seed, near-duplicates
	// avoided while there are enough. They win over BBox and Center.
	Sites [][2]float64
	// Replay, when set, is a JSON Lines recording (live.RecordLine) replayed
	// to every client at Speed times its recorded pace instead of
	// simulating. Recording may hold the lines already read.
	Replay    string
	Recording []live.RecordLine
	// Speed is the replay speed factor; default 10.
	Speed float64
	// Start is the simulated time of the first message (for reproducible
	// daily cycles); zero means the wall clock.
	Start time.Time
	// Logger receives connection events; nil discards them.
	Logger *slog.Logger
	// Batch is the most sensors in one message; default 500.
	Batch int
}

// Defaults of Options.
const (
	DefaultListen  = "127.0.0.1:8765"
	DefaultSensors = 200
	DefaultRate    = 5
	DefaultSpeed   = 10
	DefaultLon     = 7.4246
	DefaultLat     = 43.7384
	DefaultRadius  = 700
)

func (o Options) withDefaults() Options {
	if o.Sensors <= 0 {
		o.Sensors = DefaultSensors
	}
	if o.Rate <= 0 {
		o.Rate = DefaultRate
	}
	if o.Speed <= 0 {
		o.Speed = DefaultSpeed
	}
	if o.Center == [2]float64{} {
		o.Center = [2]float64{DefaultLon, DefaultLat}
	}
	if o.Radius <= 0 {
		o.Radius = DefaultRadius
	}
	if o.Format != live.FormatNGSI {
		o.Format = live.FormatNative
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Server streams simulated or replayed readings to WebSocket clients. It is
// an http.Handler: every WebSocket connection gets its own stream from the
// start (the same seed gives each client the same sequence).
type Server struct {
	opts Options
	up   websocket.Upgrader
	ctx  context.Context
	wg   sync.WaitGroup
}

// New checks opts, reads the replay file if any, and returns a Server whose
// streams end when ctx ends.
func New(ctx context.Context, opts Options) (*Server, error) {
	opts = opts.withDefaults()
	if opts.Replay != "" && opts.Recording == nil {
		f, err := os.Open(opts.Replay)
		if err != nil {
			return nil, fmt.Errorf("sim: replay: %w", err)
		}
		defer f.Close()
		lines, err := live.ReadRecording(f)
		if err != nil {
			return nil, fmt.Errorf("sim: replay %s: %w", opts.Replay, err)
		}
		opts.Recording = lines
	}
	if b := opts.BBox; b != nil && (b[0] >= b[2] || b[1] >= b[3]) {
		return nil, fmt.Errorf("sim: bounding box %v is empty (want minLon,minLat,maxLon,maxLat)", *b)
	}
	return &Server{
		opts: opts,
		ctx:  ctx,
		up:   websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
	}, nil
}

// ServeHTTP upgrades a WebSocket request and streams to it until the
// client leaves or the server's context ends; a plain request gets a short
// text answer.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !websocket.IsWebSocketUpgrade(r) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "citytwin sim: connect with a WebSocket client (e.g. citytwin -live ws://"+r.Host+")")
		return
	}
	conn, err := s.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.wg.Add(1)
	defer s.wg.Done()
	defer conn.Close()
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	go func() { // read (and so answer pings and see the close) until it fails
		defer cancel()
		for {
			if _, _, err := conn.NextReader(); err != nil {
				return
			}
		}
	}()
	log := s.opts.Logger.With("client", r.RemoteAddr)
	log.Info("sim client connected")
	if s.opts.Recording != nil {
		err = s.replay(ctx, conn)
	} else {
		err = s.simulate(ctx, conn)
	}
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
	if err == nil && s.opts.Recording != nil {
		msg = websocket.FormatCloseMessage(websocket.CloseNormalClosure, "replay finished")
	} else if ctx.Err() != nil && s.ctx.Err() != nil {
		msg = websocket.FormatCloseMessage(websocket.CloseGoingAway, "simulator stopping")
	}
	_ = conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	log.Info("sim client gone", "err", err)
}

const writeTimeout = 5 * time.Second

// simulate sends every due reading every tick, in one batch per tick.
func (s *Server) simulate(ctx context.Context, conn *websocket.Conn) error {
	return Publish(ctx, s.opts, func(msg []byte) error {
		_ = conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		return conn.WriteMessage(websocket.TextMessage, msg)
	})
}

// replay sends the recording at opts.Speed times its pace.
func (s *Server) replay(ctx context.Context, conn *websocket.Conn) error {
	rec := s.opts.Recording
	t0 := rec[0].T
	wall := time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	for i := range rec {
		at := time.Duration(float64(rec[i].T.Sub(t0)) / s.opts.Speed)
		if wait := at - time.Since(wall); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-timer.C:
			}
		} else if ctx.Err() != nil {
			return ctx.Err()
		}
		_ = conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		if err := conn.WriteMessage(websocket.TextMessage, rec[i].Payload()); err != nil {
			return err
		}
	}
	return nil
}

// Serve accepts connections on ln until ctx ends, then closes every stream
// and returns nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		srv.Close()
		<-errc
		s.wg.Wait()
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// Start serves a simulator in the background on opts.Listen (default
// 127.0.0.1:0, a free loopback port) and returns its ws:// URL and a stop
// function that shuts it down and waits for its streams to end. This is how
// the viewer makes its built-in demo feed.
func Start(ctx context.Context, opts Options) (url string, stop func(), err error) {
	addr := opts.Listen
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ctx, cancel := context.WithCancel(ctx)
	s, err := New(ctx, opts)
	if err != nil {
		cancel()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		cancel()
		return "", nil, fmt.Errorf("sim: %w", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve(ctx, ln)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}
	return "ws://" + ln.Addr().String(), stop, nil
}

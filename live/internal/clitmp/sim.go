package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"citytwin/live"
	"citytwin/live/sim"
)

// runSim is `citytwin sim`: a WebSocket server streaming simulated (or
// replayed) sensor readings until interrupted or -duration has passed.
func runSim(args []string) int {
	fs := flag.NewFlagSet("citytwin sim", flag.ContinueOnError)
	listen := fs.String("listen", sim.DefaultListen, "TCP `address` to serve WebSocket clients on")
	sensors := fs.Int("sensors", sim.DefaultSensors, "number of simulated `sensors`")
	rate := fs.Float64("rate", sim.DefaultRate, "messages per second per sensor")
	format := fs.String("format", "native", "message `format`: native or ngsi-ld")
	replay := fs.String("replay", "", "replay this JSON Lines recording (from citytwin record) instead of simulating")
	speed := fs.Float64("speed", sim.DefaultSpeed, "replay speed factor (10: ten times faster than recorded)")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same sensors and values")
	center := fs.String("center", fmt.Sprintf("%g,%g", sim.DefaultLon, sim.DefaultLat), "place sensors around `LON,LAT` (WGS84 degrees)")
	radius := fs.Float64("radius", sim.DefaultRadius, "place sensors within this many `metres` of -center")
	bbox := fs.String("bbox", "", "place sensors in `MINLON,MINLAT,MAXLON,MAXLAT` instead of around -center")
	duration := fs.Duration("duration", 0, "stop after this long (0: run until interrupted)")
	verbose := fs.Bool("v", false, "log every client connection")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: citytwin sim [-listen ADDR] [-sensors N] [-rate R] [-format native|ngsi-ld] [-seed N]\n"+
			"                    [-center LON,LAT | -bbox MINLON,MINLAT,MAXLON,MAXLAT] [-duration D]\n"+
			"       citytwin sim -replay FILE.jsonl [-speed 10] [-listen ADDR]\n\n"+
			"Serves simulated sensor readings over WebSocket (ws://ADDR): air quality (NO2, PM2.5, PM10, O3),\n"+
			"noise, traffic flow and parking occupancy with daily cycles, or replays a recording.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(os.Stderr, "citytwin sim: "+format+"\n", a...)
		return exitUsage
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	opts := sim.Options{Listen: *listen, Sensors: *sensors, Rate: *rate, Replay: *replay, Speed: *speed,
		Seed: *seed, Radius: *radius}
	f, err := live.ParseFormat(*format)
	if err != nil || f == live.FormatAuto {
		return usageErr("-format %q: want native or ngsi-ld", *format)
	}
	opts.Format = f
	if *sensors <= 0 || *sensors > 1_000_000 {
		return usageErr("-sensors %d: want 1 to 1000000", *sensors)
	}
	if !(*rate > 0) || *rate > 1000 {
		return usageErr("-rate %g: want more than 0 and at most 1000", *rate)
	}
	if !(*speed > 0) {
		return usageErr("-speed %g: want more than 0", *speed)
	}
	c, err := parseFloats(*center, 2)
	if err != nil || c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90 {
		return usageErr("-center %q: want LON,LAT in degrees", *center)
	}
	opts.Center = [2]float64{c[0], c[1]}
	if *bbox != "" {
		b, err := parseFloats(*bbox, 4)
		if err != nil || b[0] >= b[2] || b[1] >= b[3] {
			return usageErr("-bbox %q: want MINLON,MINLAT,MAXLON,MAXLAT", *bbox)
		}
		opts.BBox = &[4]float64{b[0], b[1], b[2], b[3]}
	}
	if _, _, err := net.SplitHostPort(*listen); err != nil {
		return usageErr("-listen %q: %v", *listen, err)
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	if *duration > 0 {
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}
	srv, err := sim.New(ctx, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin sim:", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "citytwin sim:", err)
		return exitFailure
	}
	if *replay != "" {
		fmt.Fprintf(os.Stderr, "citytwin sim: replaying %s (%d messages) at %g× on ws://%s\n",
			*replay, len(opts.Recording), *speed, ln.Addr())
	} else {
		fmt.Fprintf(os.Stderr, "citytwin sim: %d sensors × %g msg/s (%s) on ws://%s\n",
			*sensors, *rate, f, ln.Addr())
	}
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintln(os.Stderr, "citytwin sim:", err)
		return exitFailure
	}
	return exitOK
}

// parseFloats reads n comma-separated numbers.
func parseFloats(s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("want %d numbers", n)
	}
	out := make([]float64, n)
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

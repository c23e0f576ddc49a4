package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"citytwin/live"
)

// runRecord is `citytwin record`: it writes a live feed to JSON Lines
// ({"t": receive time, "msg": message}) for `citytwin sim -replay`.
func runRecord(args []string) int {
	fs := flag.NewFlagSet("citytwin record", flag.ContinueOnError)
	url := fs.String("live", "", "live source `URL` to record (ws://, wss://, mqtt+ws://...?topic=, mqtt://host:port?topic=)")
	out := fs.String("o", "", "write the recording to `FILE.jsonl` (\"-\" for standard output)")
	duration := fs.Duration("duration", 0, "stop after this long (0: until interrupted)")
	token := fs.String("token-env", "", "send the bearer token held in this environment `variable`")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: citytwin record -live URL -o FILE.jsonl [-duration D]\n\n"+
			"Records every message of a live feed, with its receive time, as JSON Lines for\n"+
			"later replay with citytwin sim -replay FILE.jsonl. Reconnects if the feed drops.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if *url == "" || *out == "" || fs.NArg() > 0 || *duration < 0 {
		fmt.Fprintln(os.Stderr, "citytwin record: need -live URL and -o FILE.jsonl (see citytwin record -h)")
		return exitUsage
	}
	if _, err := live.NewSource(live.SourceOptions{URL: *url}); err != nil {
		fmt.Fprintln(os.Stderr, "citytwin record:", err)
		return exitUsage
	}
	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "citytwin record:", err)
			return exitFailure
		}
		defer f.Close()
		w = f
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	n, err := live.RecordSource(ctx, live.SourceOptions{URL: *url, TokenEnv: *token}, w, *duration)
	if err != nil {
		fmt.Fprintf(os.Stderr, "citytwin record: %v (%d messages written)\n", err, n)
		return exitFailure
	}
	if w != os.Stdout {
		if err := w.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "citytwin record:", err)
			return exitFailure
		}
	}
	fmt.Fprintf(os.Stderr, "citytwin record: %d messages written to %s\n", n, *out)
	return exitOK
}

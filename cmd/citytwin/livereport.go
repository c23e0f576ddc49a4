package main

import (
	"context"
	"os"
	"os/signal"
	"time"

	"citytwin/live"
)

// emptyLive is the report's "live" object when no -live source was given.
func emptyLive() live.Summary {
	return live.Summary{Sources: []live.SourceSummary{}, Sensors: []live.SensorSummary{}}
}

// listenLive listens to urls for wait (cut short by Ctrl-C) and describes
// what was heard. It fails at once when a URL cannot be used; a source that
// cannot be reached is reported with its state and reason instead.
func listenLive(urls []string, wait time.Duration) (live.Summary, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return live.Listen(ctx, urls, wait)
}

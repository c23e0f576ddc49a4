package main

import (
	"log/slog"
	"os"
)

// newLogger returns the logger handed to loaders: warnings and worse on
// standard error, so standard output stays clean JSON.
func newLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

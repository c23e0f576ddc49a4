// Package sim is citytwin's live-feed simulator: a WebSocket server that
// streams plausible synthetic sensor readings, or replays a recording, to
// every client that connects. It is the demo's built-in feed and a test peer.
//
// It sits under citytwin/live and imports only that package (for the message
// formats and the recording form). Synthetic values follow daily cycles at
// the sensors' local solar time: NO₂, PM2.5 and PM10 rise with the morning
// and evening traffic peaks, O₃ with the afternoon sun, noise and traffic
// flow with the traffic, and parking spots fill during the day. The same
// seed gives every client the same sensors and the same sequence of values.
//
//	url, stop, err := sim.Start(ctx, sim.Options{Sensors: 50})
//	// connect a live.Source to url ...
//	stop()
package sim

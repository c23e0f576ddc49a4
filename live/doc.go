// Package live turns live sensor feeds into typed readings for the viewer.
//
// It sits beside citytwin/scene and imports nothing of citytwin: a Source
// connects to one WebSocket feed (or MQTT 5 over WebSocket, TCP or TLS), a Decoder turns
// each message into Readings (the native form of CONTRACTS.md, NGSI-LD and
// NGSI v2 entities, told apart per message with FormatAuto), and a Registry
// keeps the latest value per sensor and quantity plus a bounded history,
// handing immutable Views to the renderer without locks on its draw path.
//
// A message that cannot be used is counted as rejected with its reason and
// never stops the stream; a feed that goes quiet shows as stale, a broken one
// reconnects with capped exponential backoff and jitter.
//
// Example: listen to a feed and draw what arrived.
//
//	reg := live.NewRegistry(live.RegistryOptions{})
//	src, err := live.NewSource(live.SourceOptions{URL: "ws://127.0.0.1:8765", Registry: reg})
//	if err != nil { ... }
//	go src.Run(ctx)
//	// in the frame loop:
//	if v := reg.Snapshot(); v.Version != lastVersion { rebuild markers from v.Sensors }
//
// Times are UTC. A date without a time zone (common in Smart Data Models
// examples, e.g. "2016-03-15T11:00:00") is taken to be UTC.
package live

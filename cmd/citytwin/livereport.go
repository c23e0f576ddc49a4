package main

import "time"

// liveReport is the "live" object of the report (CONTRACTS.md).
type liveReport struct {
	Sources []liveSourceReport `json:"sources"`
	Sensors []liveSensorReport `json:"sensors"`
}

type liveSourceReport struct {
	URL      string `json:"url"`
	State    string `json:"state"`
	Messages int    `json:"messages"`
	Rejected int    `json:"rejected"`
}

type liveSensorReport struct {
	ID      string             `json:"id"`
	Lon     float64            `json:"lon"`
	Lat     float64            `json:"lat"`
	Values  map[string]float64 `json:"values"`
	Updated time.Time          `json:"updated"`
}

// listenLive listens to urls for wait and describes what was heard.
func listenLive(urls []string, wait time.Duration) liveReport {
	// Wired to package live once it lands.
	return liveReport{Sources: []liveSourceReport{}, Sensors: []liveSensorReport{}}
}

// Command sc2jsonl converts a day of sensor.community archive CSV files
// (';'-separated, one file per sensor, UTC timestamps, lat/lon on every row)
// into a citytwin recording: JSON Lines of native live messages that
// `citytwin sim -replay` plays back.
//
// It made live/testdata/aberdeen-2019-05-24.jsonl:
//
//	go run ./live/internal/sc2jsonl -every 3 -o live/testdata/aberdeen-2019-05-24.jsonl \
//	    ../shared/data/sensors/sensor-community-aberdeen/2019-05-24
//
// SDS011 P1 becomes "pm10" and P2 "pm25" (µg/m³); DHT22/BME280 give
// "temperature" (°C), "humidity" (%) and "pressure" (Pa). Sensor ids are
// "sc-<sensor_id>". Each message is stamped with its reading's time, as if
// received then; a sensor's first message carries its position and units.
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"citytwin/live"
)

// Attribution is written as the recording's first line (sensor.community
// data are ODbL-1.0 / DbCL-1.0; see shared/data/SOURCES.md).
const Attribution = "sensor.community archive data (ODbL-1.0 / DbCL-1.0, \"sensor.community\"), " +
	"Aberdeen UK 2019-05-24, collected by watty62/abdn_air_quality; converted by citytwin live/internal/sc2jsonl"

var columns = map[string]struct{ quantity, unit string }{
	"P1":          {"pm10", "µg/m³"},
	"P2":          {"pm25", "µg/m³"},
	"temperature": {"temperature", "°C"},
	"humidity":    {"humidity", "%"},
	"pressure":    {"pressure", "Pa"},
}

type row struct {
	t        time.Time
	id, typ  string
	lon, lat float64
	values   [][2]string // quantity, number text
}

func main() {
	out := flag.String("o", "", "output `FILE.jsonl` (default standard output)")
	every := flag.Int("every", 1, "keep every `N`th reading of each sensor")
	flag.Parse()
	if flag.NArg() != 1 || *every < 1 {
		fmt.Fprintln(os.Stderr, "usage: sc2jsonl [-every N] [-o FILE.jsonl] DIR")
		os.Exit(2)
	}
	w := io.Writer(os.Stdout)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	if err := Convert(flag.Arg(0), *every, w); err != nil {
		fmt.Fprintln(os.Stderr, "sc2jsonl:", err)
		os.Exit(1)
	}
}

// Convert reads every *.csv in dir and writes the recording to w.
func Convert(dir string, every int, w io.Writer) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no .csv files in %s", dir)
	}
	var rows []row
	for _, f := range files {
		rs, err := readFile(f, every)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		rows = append(rows, rs...)
	}
	slices.SortStableFunc(rows, func(a, b row) int { return a.t.Compare(b.t) })
	bw := bufio.NewWriter(w)
	head, _ := json.Marshal(map[string]string{"attribution": Attribution})
	bw.Write(append(head, '\n'))
	seen := map[string]bool{}
	var line []byte
	for _, r := range rows {
		msg := map[string]any{"id": r.id, "type": r.typ, "time": r.t.Format(time.RFC3339)}
		vals := map[string]json.Number{}
		units := map[string]string{}
		for _, v := range r.values {
			vals[v[0]] = json.Number(v[1])
			units[v[0]] = unitOf(v[0])
		}
		msg["values"] = vals
		if !seen[r.id] {
			seen[r.id] = true
			msg["lon"], msg["lat"] = r.lon, r.lat
			msg["units"] = units
		}
		b, err := json.Marshal(msg)
		if err != nil {
			return err
		}
		line = live.AppendRecordLine(line[:0], r.t, b)
		bw.Write(line)
	}
	return bw.Flush()
}

func unitOf(q string) string {
	for _, c := range columns {
		if c.quantity == q {
			return c.unit
		}
	}
	return ""
}

func readFile(name string, every int) ([]row, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, need := range []string{"sensor_id", "sensor_type", "lat", "lon", "timestamp"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("no %q column", need)
		}
	}
	var out []row
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if n%every != 0 || len(rec) < len(header) {
			continue
		}
		t, err := time.Parse("2006-01-02T15:04:05", rec[col["timestamp"]])
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", n+2, err)
		}
		lat, err1 := strconv.ParseFloat(rec[col["lat"]], 64)
		lon, err2 := strconv.ParseFloat(rec[col["lon"]], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("row %d: bad lat/lon", n+2)
		}
		r := row{t: t.UTC(), id: "sc-" + rec[col["sensor_id"]], typ: rec[col["sensor_type"]], lon: lon, lat: lat}
		for h, c := range columns {
			i, ok := col[h]
			if !ok || strings.TrimSpace(rec[i]) == "" {
				continue
			}
			if _, err := strconv.ParseFloat(rec[i], 64); err != nil {
				continue
			}
			r.values = append(r.values, [2]string{c.quantity, rec[i]})
		}
		if len(r.values) == 0 {
			continue
		}
		slices.SortFunc(r.values, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
		out = append(out, r)
	}
	return out, nil
}

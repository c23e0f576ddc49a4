package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"citytwin/live"
)

// Kind is what a simulated sensor measures.
type Kind int

// The simulated sensor kinds, assigned in turn: 2 of every 5 sensors
// measure air quality, the others noise, traffic and parking.
const (
	KindAir Kind = iota
	KindNoise
	KindTraffic
	KindParking
)

var kindCycle = [...]Kind{KindAir, KindNoise, KindAir, KindTraffic, KindParking}

var kindNames = [...]struct{ prefix, entity string }{
	KindAir:     {"aq", "AirQualityObserved"},
	KindNoise:   {"noise", "NoiseLevelObserved"},
	KindTraffic: {"traffic", "TrafficFlowObserved"},
	KindParking: {"parking", "ParkingSpot"},
}

// SensorInfo describes one simulated sensor.
type SensorInfo struct {
	// ID is the sensor id in native messages; NGSI entity ids are
	// "urn:ngsi-ld:<Type>:<ID>".
	ID   string
	Type string
	Kind Kind
	// Lon, Lat are WGS84 degrees.
	Lon, Lat float64
}

type simSensor struct {
	SensorInfo
	rng      *rand.Rand
	site     float64    // 0.6–1.4: how busy the sensor's street is
	ar       [4]float64 // smooth noise, one per quantity
	occupied bool
	sentPos  bool
	phase    time.Duration
}

// Generator makes the messages of one simulated stream. It is
// deterministic: the same Options (Seed included) and the same times give
// the same bytes. Not safe for concurrent use.
type Generator struct {
	opts    Options
	sensors []simSensor
}

// NewGenerator places opts.Sensors sensors (defaults applied) and returns
// a Generator for them.
func NewGenerator(opts Options) *Generator {
	opts = opts.withDefaults()
	g := &Generator{opts: opts}
	place := rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed))
	period := time.Duration(float64(time.Second) / opts.Rate)
	sites := siteDeck{n: len(opts.Sites)}
	for i := 0; i < opts.Sensors; i++ {
		k := kindCycle[i%len(kindCycle)]
		var lon, lat float64
		if len(opts.Sites) > 0 {
			s := opts.Sites[sites.next(place)]
			lon, lat = s[0], s[1]
		} else if b := opts.BBox; b != nil {
			lon = b[0] + place.Float64()*(b[2]-b[0])
			lat = b[1] + place.Float64()*(b[3]-b[1])
		} else {
			// Uniform over a disc of opts.Radius metres.
			r := opts.Radius * math.Sqrt(place.Float64())
			a := 2 * math.Pi * place.Float64()
			const mPerDeg = 111_320.0
			lat = opts.Center[1] + r*math.Sin(a)/mPerDeg
			lon = opts.Center[0] + r*math.Cos(a)/(mPerDeg*math.Cos(opts.Center[1]*math.Pi/180))
		}
		s := simSensor{
			SensorInfo: SensorInfo{
				ID:   fmt.Sprintf("%s-%03d", kindNames[k].prefix, i+1),
				Type: kindNames[k].entity, Kind: k,
				Lon: math.Round(lon*1e6) / 1e6, Lat: math.Round(lat*1e6) / 1e6,
			},
			rng:   rand.New(rand.NewPCG(uint64(opts.Seed), uint64(i)+1)),
			site:  0.6 + 0.8*place.Float64(),
			phase: time.Duration(place.Float64() * float64(period)),
		}
		s.occupied = s.rng.Float64() < 0.5
		g.sensors = append(g.sensors, s)
	}
	return g
}

// Sensors returns the simulated sensors (a copy).
func (g *Generator) Sensors() []SensorInfo {
	out := make([]SensorInfo, len(g.sensors))
	for i := range g.sensors {
		out[i] = g.sensors[i].SensorInfo
	}
	return out
}

// localHour is the solar hour of day at lon, 0–24.
func localHour(t time.Time, lon float64) float64 {
	h := float64(t.UTC().Hour()) + float64(t.UTC().Minute())/60 + float64(t.UTC().Second())/3600 + lon/15
	return math.Mod(h+48, 24)
}

// trafficFactor is about 0.1 at night and peaks near 1 in the morning
// (08:30) and evening (18:00) rush hours.
func trafficFactor(h float64) float64 {
	peak := func(c, w float64) float64 { d := (h - c) / w; return math.Exp(-d * d) }
	day := 0.0
	if h > 6 && h < 22 {
		day = 0.35 * math.Sin(math.Pi*(h-6)/16)
	}
	return math.Min(1.2, 0.1+0.8*peak(8.5, 1.4)+0.7*peak(18, 1.7)+day)
}

// sunFactor follows the sun: 0 at night, 1 at solar noon.
func sunFactor(h float64) float64 {
	if h < 6 || h > 20 {
		return 0
	}
	return math.Sin(math.Pi * (h - 6) / 14)
}

func (s *simSensor) step() {
	const a = 0.9
	k := math.Sqrt(1 - a*a)
	for i := range s.ar {
		s.ar[i] = a*s.ar[i] + k*s.rng.NormFloat64()
	}
}

type qv struct {
	q, code string
	v       float64
	prec    int
}

// values returns the sensor's quantities at t (after advancing its noise).
func (s *simSensor) values(t time.Time, dst []qv) ([]qv, string) {
	s.step()
	h := localHour(t, s.Lon)
	tf := trafficFactor(h) * s.site
	pos := func(v float64) float64 { return math.Max(0.5, v) }
	switch s.Kind {
	case KindAir:
		pm25 := pos(5 + 16*tf + 3*s.ar[1])
		dst = append(dst,
			qv{"no2", "GQ", pos(10 + 75*tf + 6*s.ar[0]), 1},
			qv{"pm25", "GQ", pm25, 1},
			qv{"pm10", "GQ", pos(1.5*pm25 + 4 + 3*s.ar[2]), 1},
			qv{"o3", "GQ", pos(25 + 95*sunFactor(h)*(1-0.3*tf) + 8*s.ar[3]), 1})
	case KindNoise:
		dst = append(dst, qv{"LAeq", "2N", 40 + 27*tf + 2.5*s.ar[0], 1})
	case KindTraffic:
		occ := math.Min(1, math.Max(0, 0.04+0.7*tf+0.05*s.ar[1]))
		dst = append(dst,
			qv{"intensity", "E32", math.Round(math.Max(0, 1700*tf+80*s.ar[0])), 0},
			qv{"occupancy", "", occ, 2},
			qv{"averageVehicleSpeed", "KMH", math.Max(5, 50-30*occ+3*s.ar[2]), 1})
	case KindParking:
		busy := 0.2 + 0.7*math.Min(1, trafficFactor(h)+0.3*sunFactor(h))
		if s.rng.Float64() < 0.08 { // spots change state now and then
			s.occupied = s.rng.Float64() < busy
		}
		occ := 0.0
		status := "free"
		if s.occupied {
			occ, status = 1, "occupied"
		}
		dst = append(dst, qv{"occupancy", "", occ, 0})
		return dst, status
	}
	return dst, ""
}

// AppendMessage appends one message holding a reading at time t of each
// sensor listed in idx (by index into Sensors) to dst: a single object, or
// for several sensors a batch (native: an array; NGSI-LD: a Notification).
// The first message about a sensor carries its position and units; later
// native ones leave them out, as CONTRACTS.md allows.
func (g *Generator) AppendMessage(dst []byte, idx []int, t time.Time) []byte {
	ngsi := g.opts.Format == live.FormatNGSI
	batch := len(idx) != 1
	if batch && ngsi {
		dst = append(dst, `{"id":"urn:ngsi-ld:Notification:`...)
		dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
		dst = append(dst, `","type":"Notification","subscriptionId":"urn:ngsi-ld:Subscription:citytwin-sim","notifiedAt":"`...)
		dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
		dst = append(dst, `","data":[`...)
	} else if batch {
		dst = append(dst, '[')
	}
	var vals [4]qv
	for n, i := range idx {
		if n > 0 {
			dst = append(dst, ',')
		}
		s := &g.sensors[i]
		vs, status := s.values(t, vals[:0])
		if ngsi {
			dst = appendNGSI(dst, s, vs, status, t)
		} else {
			dst = appendNative(dst, s, vs, status, t)
		}
		s.sentPos = true
	}
	if batch && ngsi {
		dst = append(dst, "]}"...)
	} else if batch {
		dst = append(dst, ']')
	}
	return dst
}

func appendNative(dst []byte, s *simSensor, vs []qv, status string, t time.Time) []byte {
	dst = append(dst, `{"id":"`...)
	dst = append(dst, s.ID...)
	dst = append(dst, `","type":"`...)
	dst = append(dst, s.Type...)
	dst = append(dst, '"')
	if !s.sentPos {
		dst = append(dst, `,"lon":`...)
		dst = strconv.AppendFloat(dst, s.Lon, 'f', -1, 64)
		dst = append(dst, `,"lat":`...)
		dst = strconv.AppendFloat(dst, s.Lat, 'f', -1, 64)
	}
	dst = append(dst, `,"time":"`...)
	dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, `","values":{`...)
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = append(dst, v.q...)
		dst = append(dst, `":`...)
		dst = strconv.AppendFloat(dst, v.v, 'f', v.prec, 64)
	}
	if status != "" {
		dst = append(dst, `,"status":"`...)
		dst = append(dst, status...)
		dst = append(dst, '"')
	}
	dst = append(dst, '}')
	if !s.sentPos {
		first := true
		for _, v := range vs {
			if v.code == "" {
				continue
			}
			if first {
				dst = append(dst, `,"units":{`...)
				first = false
			} else {
				dst = append(dst, ',')
			}
			dst = append(dst, '"')
			dst = append(dst, v.q...)
			dst = append(dst, `":"`...)
			dst = append(dst, live.UnitSymbol(v.code)...)
			dst = append(dst, '"')
		}
		if !first {
			dst = append(dst, '}')
		}
	}
	return append(dst, '}')
}

func appendNGSI(dst []byte, s *simSensor, vs []qv, status string, t time.Time) []byte {
	dst = append(dst, `{"id":"urn:ngsi-ld:`...)
	dst = append(dst, s.Type...)
	dst = append(dst, ':')
	dst = append(dst, s.ID...)
	dst = append(dst, `","type":"`...)
	dst = append(dst, s.Type...)
	dst = append(dst, '"')
	prop := func(dst []byte) []byte {
		dst = append(dst, `,"observedAt":"`...)
		dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
		return append(dst, `"}`...)
	}
	for _, v := range vs {
		dst = append(dst, `,"`...)
		dst = append(dst, v.q...)
		dst = append(dst, `":{"type":"Property","value":`...)
		dst = strconv.AppendFloat(dst, v.v, 'f', v.prec, 64)
		if v.code != "" {
			dst = append(dst, `,"unitCode":"`...)
			dst = append(dst, v.code...)
			dst = append(dst, '"')
		}
		dst = prop(dst)
	}
	if status != "" {
		dst = append(dst, `,"status":{"type":"Property","value":"`...)
		dst = append(dst, status...)
		dst = append(dst, '"')
		dst = prop(dst)
	}
	dst = append(dst, `,"location":{"type":"GeoProperty","value":{"type":"Point","coordinates":[`...)
	dst = strconv.AppendFloat(dst, s.Lon, 'f', -1, 64)
	dst = append(dst, ',')
	dst = strconv.AppendFloat(dst, s.Lat, 'f', -1, 64)
	return append(dst, `]}}}`...)
}

// siteDeck deals site indices in a shuffled order, reshuffling when every
// site has been dealt, so sensors share a site only when there are more
// sensors than sites.
type siteDeck struct {
	n     int
	order []int
}

func (d *siteDeck) next(rng *rand.Rand) int {
	if len(d.order) == 0 {
		d.order = rng.Perm(d.n)
	}
	i := d.order[0]
	d.order = d.order[1:]
	return i
}

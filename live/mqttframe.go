package live

import (
	"errors"
	"fmt"
	"strconv"
)

// mqttFramer watches the bytes of an MQTT stream as they are read and
// refuses a packet whose announced size is over limit before anything
// allocates it: the MQTT client library sizes its buffer from the 1–4 byte
// "remaining length" of the packet's fixed header (up to 256 MiB), so
// without it five bytes from a hostile broker cost 256 MiB. It follows
// packet boundaries across any split of the stream into reads. The zero
// value is not usable: set limit.
type mqttFramer struct {
	limit int // the largest packet body (remaining length) accepted, bytes
	// firstConnack refuses a stream whose first packet is not a CONNACK
	// (or AUTH): a server that is not an MQTT broker, said at once.
	firstConnack bool

	// state: 0 expecting a fixed header's first byte; 1 reading the
	// remaining length; 2 skipping the body.
	state   int
	length  int // remaining length decoded so far
	shift   uint
	vbiLen  int
	left    int // body bytes still to pass
	packets int // complete packets seen
}

// scan checks the next bytes of the stream. It fails, and keeps failing,
// on a malformed remaining length or one over the limit.
func (f *mqttFramer) scan(p []byte) error {
	for i := 0; i < len(p); {
		switch f.state {
		case 0:
			if p[i]>>4 == 0 {
				return fmt.Errorf("MQTT packet of reserved type 0")
			}
			if f.firstConnack && f.packets == 0 && p[i]>>4 != 2 && p[i]>>4 != 15 {
				f.state = -1
				return fmt.Errorf("the server's first bytes %s are not a CONNACK: %w", excerpt(p[i:]), errNotBroker)
			}
			f.state, f.length, f.shift, f.vbiLen = 1, 0, 0, 0
			i++
		case 1:
			b := p[i]
			i++
			f.vbiLen++
			if f.vbiLen > 4 {
				f.state = -1
				return fmt.Errorf("MQTT packet with a malformed remaining length")
			}
			f.length |= int(b&0x7f) << f.shift
			f.shift += 7
			if b&0x80 != 0 {
				continue
			}
			if f.length > f.limit {
				f.state = -1
				return fmt.Errorf("MQTT packet of %d bytes, over the limit of %d", f.length, f.limit)
			}
			f.left = f.length
			f.state = 2
			if f.left == 0 {
				f.state = 0
				f.packets++
			}
		case 2:
			n := min(f.left, len(p)-i)
			f.left -= n
			i += n
			if f.left == 0 {
				f.state = 0
				f.packets++
			}
		default:
			return fmt.Errorf("MQTT stream already refused")
		}
	}
	return nil
}

// errNotBroker is what a server that answers a CONNECT with something other
// than MQTT gets reported as.
var errNotBroker = errors.New("not an MQTT broker")

// excerpt quotes the first bytes of p (at most 16), for a reason.
func excerpt(p []byte) string {
	return strconv.Quote(string(p[:min(len(p), 16)]))
}

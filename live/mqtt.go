package live

import (
	"context"
	"errors"
)

// sessionMQTT reads an MQTT-over-WebSocket feed (not yet implemented).
func (s *Source) sessionMQTT(ctx context.Context) (bool, error) {
	return false, errFatal{errors.New("MQTT over WebSocket is not supported yet")}
}

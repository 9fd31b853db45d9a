package host

import (
	"encoding/binary"
	"errors"
)

// Frames carry everything between the page and the host in one byte
// buffer per turn, so a whole batch crosses the JS↔Go boundary at once.
// A frame is a 9-byte header, the connection id (uint32 little-endian),
// the kind (one byte) and the payload length (uint32 little-endian),
// followed by the payload.
const frameHeader = 9

// Kinds of frames the page sends.
const (
	// InConnect opens connection id. Its payload is one byte, the RESP
	// protocol version the connection starts in (2 or 3).
	InConnect byte = 1
	// InRequests carries RESP requests for the connection.
	InRequests byte = 2
	// InLine carries one line typed at a redis-cli prompt.
	InLine byte = 3
	// InClose closes the connection.
	InClose byte = 4
)

// Kinds of frames the host sends.
const (
	// OutReplies carries RESP bytes as the engine wrote them: replies and
	// push messages, in order.
	OutReplies byte = 1
	// OutLine answers one InLine: a LineState byte, the selected
	// database as a uint32, then the text redis-cli prints.
	OutLine byte = 2
	// OutText is text redis-cli would print between prompts: messages
	// while it reads a subscription, MONITOR lines, RESP3 pushes.
	OutText byte = 3
	// OutClosed says the connection is closed (QUIT, CLIENT KILL); its
	// payload is empty.
	OutClosed byte = 4
)

// ErrBadFrame reports a frame buffer that does not parse.
var ErrBadFrame = errors.New("host: malformed frame")

// A Frame is one decoded frame. Payload aliases the buffer it came from.
type Frame struct {
	Conn    uint32
	Kind    byte
	Payload []byte
}

// AppendFrame appends a frame to b.
func AppendFrame(b []byte, conn uint32, kind byte, payload []byte) []byte {
	b = appendFrameHeader(b, conn, kind, len(payload))
	return append(b, payload...)
}

func appendFrameHeader(b []byte, conn uint32, kind byte, n int) []byte {
	b = binary.LittleEndian.AppendUint32(b, conn)
	b = append(b, kind)
	return binary.LittleEndian.AppendUint32(b, uint32(n))
}

// NextFrame decodes the frame at the start of b and returns it with the
// rest of b.
func NextFrame(b []byte) (Frame, []byte, error) {
	if len(b) < frameHeader {
		return Frame{}, nil, ErrBadFrame
	}
	n := binary.LittleEndian.Uint32(b[5:])
	if uint64(len(b)-frameHeader) < uint64(n) {
		return Frame{}, nil, ErrBadFrame
	}
	end := frameHeader + int(n)
	f := Frame{Conn: binary.LittleEndian.Uint32(b), Kind: b[4], Payload: b[frameHeader:end:end]}
	return f, b[end:], nil
}

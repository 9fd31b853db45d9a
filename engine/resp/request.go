package resp

import (
	"bytes"
	"errors"
)

// Limits on requests, as Redis 7.0 enforces them.
const (
	// MaxInlineSize is the longest inline request, and the longest multibulk
	// or bulk header line, accepted (PROTO_INLINE_MAX_SIZE).
	MaxInlineSize = 64 * 1024
	// DefaultMaxBulkLen is proto-max-bulk-len's default: 512 MB.
	DefaultMaxBulkLen = 512 * 1024 * 1024
	maxMultibulkLen   = 1<<31 - 1 // INT_MAX
	// Unauthenticated clients may send only small requests.
	maxUnauthMultibulk = 10
	maxUnauthBulk      = 16384
)

// ProtocolError is a malformed request. Its text is Redis's, without the
// "ERR " prefix; after replying with it, the server closes the connection.
type ProtocolError struct{ Msg string }

func (e *ProtocolError) Error() string { return e.Msg }

func protoErr(msg string) *ProtocolError { return &ProtocolError{Msg: msg} }

// ErrIncomplete reports that buf ends before the request does.
var ErrIncomplete = errors.New("resp: incomplete request")

// RequestLimits bounds what ParseRequest accepts.
type RequestLimits struct {
	MaxBulkLen    int64 // proto-max-bulk-len
	Authenticated bool  // false: Redis's tighter unauthenticated limits apply
}

// ParseRequest parses one request at the start of buf. It returns the
// arguments, which alias buf, and the number of bytes consumed. An empty
// inline line yields no arguments and a positive n: skip it. ErrIncomplete
// asks for more bytes; a *ProtocolError means the connection must be closed
// after the error is sent.
//
// Lengths are checked before anything is allocated for them, and the
// argument slice grows only as arguments actually arrive, so a hostile
// "*2147483647" costs nothing.
func ParseRequest(buf []byte, lim RequestLimits, args [][]byte) ([][]byte, int, error) {
	start := len(args)
	out, n, err := parseRequest(buf, lim, args)
	if err != nil {
		return out[:start], 0, err
	}
	return out, n, nil
}

func parseRequest(buf []byte, lim RequestLimits, args [][]byte) ([][]byte, int, error) {
	if len(buf) == 0 {
		return args, 0, ErrIncomplete
	}
	if buf[0] != '*' {
		return parseInline(buf, args)
	}
	nl := bytes.IndexByte(buf, '\r')
	if nl < 0 || nl+1 >= len(buf) {
		if len(buf) > MaxInlineSize {
			return args, 0, protoErr("Protocol error: too big mbulk count string")
		}
		return args, 0, ErrIncomplete
	}
	if nl > MaxInlineSize {
		return args, 0, protoErr("Protocol error: too big mbulk count string")
	}
	count, ok := parseLength(buf[1:nl])
	if !ok || count > maxMultibulkLen {
		return args, 0, protoErr("Protocol error: invalid multibulk length")
	}
	if count > maxUnauthMultibulk && !lim.Authenticated {
		return args, 0, protoErr("Protocol error: unauthenticated multibulk length")
	}
	pos := nl + 2
	if count <= 0 {
		return args, pos, nil
	}
	for i := int64(0); i < count; i++ {
		if pos >= len(buf) {
			return args, 0, ErrIncomplete
		}
		if buf[pos] != '$' {
			return args, 0, protoErr("Protocol error: expected '$', got '" + string(buf[pos]) + "'")
		}
		end := bytes.IndexByte(buf[pos:], '\r')
		if end < 0 || pos+end+1 >= len(buf) {
			if len(buf)-pos > MaxInlineSize {
				return args, 0, protoErr("Protocol error: too big bulk count string")
			}
			return args, 0, ErrIncomplete
		}
		if end > MaxInlineSize {
			return args, 0, protoErr("Protocol error: too big bulk count string")
		}
		n, ok := parseLength(buf[pos+1 : pos+end])
		if !ok || n < 0 || n > lim.MaxBulkLen {
			return args, 0, protoErr("Protocol error: invalid bulk length")
		}
		if n > maxUnauthBulk && !lim.Authenticated {
			return args, 0, protoErr("Protocol error: unauthenticated bulk length")
		}
		pos += end + 2
		if int64(len(buf)-pos) < n+2 {
			return args, 0, ErrIncomplete
		}
		args = append(args, buf[pos:pos+int(n):pos+int(n)])
		pos += int(n) + 2 // Redis does not check the trailing CRLF either
	}
	return args, pos, nil
}

// NeedBytes returns a hint of how many bytes the request at the start of
// buf needs in total when ParseRequest reported ErrIncomplete on it, so a
// reader can grow its buffer once for a large bulk. It returns 0 when it
// cannot tell.
func NeedBytes(buf []byte) int {
	if len(buf) == 0 || buf[0] != '*' {
		return 0
	}
	pos := bytes.IndexByte(buf, '\n') + 1
	if pos <= 0 {
		return 0
	}
	for pos < len(buf) && buf[pos] == '$' {
		end := bytes.IndexByte(buf[pos:], '\n')
		if end < 0 {
			return 0
		}
		n, ok := parseLength(bytes.TrimSuffix(buf[pos+1:pos+end], []byte{'\r'}))
		if !ok || n < 0 {
			return 0
		}
		next := pos + end + 1 + int(n) + 2
		if next > len(buf) {
			return next
		}
		pos = next
	}
	return 0
}

func parseInline(buf []byte, args [][]byte) ([][]byte, int, error) {
	nl := bytes.IndexByte(buf, '\n')
	if nl < 0 {
		if len(buf) > MaxInlineSize {
			return args, 0, protoErr("Protocol error: too big inline request")
		}
		return args, 0, ErrIncomplete
	}
	line := buf[:nl]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	split, ok := SplitArgs(line)
	if !ok {
		return args, 0, protoErr("Protocol error: unbalanced quotes in request")
	}
	return append(args, split...), nl + 1, nil
}

// ParseInt parses a decimal integer as strictly as Redis's string2ll,
// which every integer argument and protocol length goes through: an
// optional '-', digits without leading zeros, no spaces or '+', and
// within int64.
func ParseInt(b []byte) (int64, bool) { return parseLength(b) }

func parseLength(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	neg := false
	if b[0] == '-' {
		neg = true
		b = b[1:]
		if len(b) == 0 {
			return 0, false
		}
	}
	if (len(b) > 1 || neg) && b[0] == '0' {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (1<<63-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if neg {
		return -int64(n), true
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

package resp

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Reply type bytes, RESP2 and RESP3.
const (
	SimpleString = '+'
	Error        = '-'
	Integer      = ':'
	BulkString   = '$'
	Array        = '*'
	Map          = '%'
	Set          = '~'
	Push         = '>'
	Double       = ','
	Boolean      = '#'
	BigNumber    = '('
	Verbatim     = '='
	Null         = '_'
	Attribute    = '|'
	BlobError    = '!'
)

// Value is a parsed reply.
type Value struct {
	Type byte // one of the type bytes above
	// Str holds the text of simple strings, errors, bulk strings, doubles,
	// big numbers and verbatim strings (without the "txt:" part, which is
	// in Format).
	Str    []byte
	Format string // verbatim strings' three-letter format
	Int    int64  // integers; booleans as 0 or 1
	// IsNull marks RESP2's $-1 and *-1 (Type '$' or '*') and RESP3's _.
	IsNull bool
	// Elems holds the elements of arrays, sets and pushes, and the keys and
	// values of maps and attributes, alternating.
	Elems []Value
	// Attrs holds a RESP3 attribute that preceded this value, if any.
	Attrs *Value
}

// ErrMalformed reports bytes that are not a valid reply.
var ErrMalformed = errors.New("resp: malformed reply")

// maxReplyDepth bounds nesting so hostile input cannot exhaust the stack.
const maxReplyDepth = 1000

// ParseReply parses one reply at the start of buf, returning it and the
// number of bytes it took. It returns ErrIncomplete when buf ends early.
// Returned byte slices alias buf.
func ParseReply(buf []byte) (Value, int, error) {
	return parseReply(buf, 0)
}

func parseReply(buf []byte, depth int) (Value, int, error) {
	if depth > maxReplyDepth {
		return Value{}, 0, ErrMalformed
	}
	if len(buf) == 0 {
		return Value{}, 0, ErrIncomplete
	}
	nl := bytes.Index(buf, []byte("\r\n"))
	if nl < 0 {
		return Value{}, 0, ErrIncomplete
	}
	if nl == 0 { // a line without even a type byte
		return Value{}, 0, ErrMalformed
	}
	kind, line, pos := buf[0], buf[1:nl], nl+2
	v := Value{Type: kind}
	switch kind {
	case SimpleString, Error, Double, BigNumber:
		v.Str = line
		return v, pos, nil
	case Integer:
		n, err := strconv.ParseInt(string(line), 10, 64)
		if err != nil {
			return v, 0, ErrMalformed
		}
		v.Int = n
		return v, pos, nil
	case Null:
		v.IsNull = true
		return v, pos, nil
	case Boolean:
		switch string(line) {
		case "t":
			v.Int = 1
		case "f":
		default:
			return v, 0, ErrMalformed
		}
		return v, pos, nil
	case BulkString, Verbatim, BlobError:
		n, ok := parseLength(line)
		if !ok || n < -1 {
			return v, 0, ErrMalformed
		}
		if n == -1 && kind == BulkString {
			v.IsNull = true
			return v, pos, nil
		}
		if n < 0 {
			return v, 0, ErrMalformed
		}
		if int64(len(buf)-pos) < n+2 {
			return v, 0, ErrIncomplete
		}
		v.Str = buf[pos : pos+int(n)]
		if kind == Verbatim {
			if len(v.Str) < 4 || v.Str[3] != ':' {
				return v, 0, ErrMalformed
			}
			v.Format, v.Str = string(v.Str[:3]), v.Str[4:]
		}
		return v, pos + int(n) + 2, nil
	case Array, Map, Set, Push, Attribute:
		n, ok := parseLength(line)
		if !ok || n < -1 {
			return v, 0, ErrMalformed
		}
		if n == -1 && kind == Array {
			v.IsNull = true
			return v, pos, nil
		}
		if n < 0 {
			return v, 0, ErrMalformed
		}
		if kind == Map || kind == Attribute {
			n *= 2
		}
		// Each element takes at least 3 bytes: never trust n for capacity.
		if n > int64(len(buf)-pos)/3+1 {
			if _, _, err := parseReply(buf[pos:], depth+1); err == ErrMalformed {
				return v, 0, err
			}
			return v, 0, ErrIncomplete
		}
		v.Elems = make([]Value, 0, n)
		for i := int64(0); i < n; i++ {
			e, m, err := parseReply(buf[pos:], depth+1)
			if err != nil {
				return v, 0, err
			}
			v.Elems = append(v.Elems, e)
			pos += m
		}
		if kind == Attribute {
			next, m, err := parseReply(buf[pos:], depth+1)
			if err != nil {
				return v, 0, err
			}
			next.Attrs = &v
			return next, pos + m, nil
		}
		return v, pos, nil
	}
	return v, 0, ErrMalformed
}

// String renders a value compactly for test failures and logs: "OK",
// "-ERR ...", ":12", "(nil)", "[a b]".
func (v Value) String() string {
	switch {
	case v.IsNull:
		return "(nil)"
	case v.Type == Integer || v.Type == Boolean:
		return ":" + strconv.FormatInt(v.Int, 10)
	case v.Type == Error || v.Type == BlobError:
		return "-" + string(v.Str)
	case len(v.Elems) > 0 || v.Type == Array || v.Type == Map || v.Type == Set || v.Type == Push:
		return fmt.Sprint(v.Elems)
	}
	return strconv.Quote(string(v.Str))
}

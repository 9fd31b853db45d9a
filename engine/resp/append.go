package resp

import (
	"math"
	"strconv"
)

// AppendSimple appends a simple string: +s\r\n. s must not hold CR or LF.
func AppendSimple(b []byte, s string) []byte {
	b = append(b, '+')
	b = append(b, s...)
	return append(b, '\r', '\n')
}

// AppendError appends an error reply: -msg\r\n. msg carries its own prefix
// ("ERR ...", "WRONGTYPE ...").
func AppendError(b []byte, msg string) []byte {
	b = append(b, '-')
	b = append(b, msg...)
	return append(b, '\r', '\n')
}

// AppendInt appends an integer reply: :n\r\n.
func AppendInt(b []byte, n int64) []byte {
	b = append(b, ':')
	b = strconv.AppendInt(b, n, 10)
	return append(b, '\r', '\n')
}

// AppendBulk appends a bulk string: $len\r\nv\r\n.
func AppendBulk(b []byte, v []byte) []byte {
	b = appendHeader(b, '$', len(v))
	b = append(b, v...)
	return append(b, '\r', '\n')
}

// AppendBulkString is AppendBulk for a string.
func AppendBulkString(b []byte, v string) []byte {
	b = appendHeader(b, '$', len(v))
	b = append(b, v...)
	return append(b, '\r', '\n')
}

// AppendBulkInt appends n formatted in decimal as a bulk string.
func AppendBulkInt(b []byte, n int64) []byte {
	var tmp [20]byte
	return AppendBulk(b, strconv.AppendInt(tmp[:0], n, 10))
}

// AppendHeader appends an aggregate or bulk header: the type byte and a
// length, e.g. '*' and 3 give *3\r\n.
func AppendHeader(b []byte, kind byte, n int) []byte { return appendHeader(b, kind, n) }

func appendHeader(b []byte, kind byte, n int) []byte {
	b = append(b, kind)
	if n >= 0 && n < 10 {
		b = append(b, byte('0'+n))
	} else {
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, '\r', '\n')
}

// Null values of each protocol.
const (
	NullBulk2  = "$-1\r\n" // RESP2 null bulk string
	NullArray2 = "*-1\r\n" // RESP2 null array
	Null3      = "_\r\n"   // RESP3 null
)

// AppendDouble3 appends a RESP3 double: ,<value>\r\n, formatted as Redis 7.0
// formats doubles (%.17g, with inf, -inf and nan spelled out).
func AppendDouble3(b []byte, f float64) []byte {
	b = append(b, ',')
	b = AppendFloat(b, f)
	return append(b, '\r', '\n')
}

// AppendFloat appends f as Redis 7.0's addReplyDouble prints it: C's %.17g,
// and "inf", "-inf" or "nan" for the special values.
func AppendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	case math.IsNaN(f):
		return append(b, "nan"...)
	}
	return strconv.AppendFloat(b, f, 'g', 17, 64)
}

// AppendBool3 appends a RESP3 boolean: #t\r\n or #f\r\n.
func AppendBool3(b []byte, v bool) []byte {
	if v {
		return append(b, "#t\r\n"...)
	}
	return append(b, "#f\r\n"...)
}

// AppendBigNumber3 appends a RESP3 big number: (digits\r\n.
func AppendBigNumber3(b []byte, digits string) []byte {
	b = append(b, '(')
	b = append(b, digits...)
	return append(b, '\r', '\n')
}

// AppendVerbatim3 appends a RESP3 verbatim string with a three-letter format
// such as "txt": =len\r\nfmt:text\r\n.
func AppendVerbatim3(b []byte, format, text string) []byte {
	b = appendHeader(b, '=', len(text)+4)
	b = append(b, format...)
	b = append(b, ':')
	b = append(b, text...)
	return append(b, '\r', '\n')
}

// AppendCommand appends args as a multibulk request, the form clients send
// and the AOF stores.
func AppendCommand(b []byte, args ...[]byte) []byte {
	b = appendHeader(b, '*', len(args))
	for _, a := range args {
		b = AppendBulk(b, a)
	}
	return b
}

package cli

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// FormatTTY returns a reply as redis-cli prints it to a terminal: typed
// scalars ("(integer) 1", "(nil)"), quoted strings, numbered and indented
// aggregates, ending in a newline.
//
// redis-cli 7.0.15 cannot print three kinds of RESP3 reply: it stops with
// "Unknown reply type" on big numbers, and with a protocol error on
// attributes and blob errors (which Redis 7.0 never sends). FormatTTY shows
// a big number as "(big number) 123" and a blob error like an error, and it
// ignores attributes, formatting the value they annotate.
func FormatTTY(v resp.Value) string {
	return string(appendTTY(nil, v, 0))
}

// FormatRaw returns a reply as redis-cli prints it when its output is not a
// terminal (or with --raw): strings unquoted, aggregates one element per
// line, map entries as "key value", ending in a newline.
func FormatRaw(v resp.Value) string {
	return string(append(appendRaw(nil, v), '\n'))
}

// appendTTY appends v in TTY form. indent is how many spaces start the lines
// of v after its first: the first goes on the line its parent has started
// with an element number (or a map key's " => ").
func appendTTY(out []byte, v resp.Value, indent int) []byte {
	if v.IsNull {
		return append(out, "(nil)\n"...)
	}
	switch v.Type {
	case resp.Error, resp.BlobError:
		out = append(out, "(error) "...)
		out = append(out, cString(v.Str)...)
	case resp.SimpleString:
		out = append(out, cString(v.Str)...)
	case resp.Integer:
		out = append(out, "(integer) "...)
		out = strconv.AppendInt(out, v.Int, 10)
	case resp.Double:
		out = append(out, "(double) "...)
		out = append(out, cString(v.Str)...)
	case resp.BigNumber:
		out = append(out, "(big number) "...)
		out = append(out, cString(v.Str)...)
	case resp.BulkString:
		out = resp.AppendQuoted(out, v.Str)
	case resp.Verbatim:
		out = append(out, v.Str...)
	case resp.Boolean:
		if v.Int != 0 {
			out = append(out, "(true)"...)
		} else {
			out = append(out, "(false)"...)
		}
	case resp.Array, resp.Set, resp.Push, resp.Map:
		return appendAggregateTTY(out, v, indent)
	default:
		out = fmt.Appendf(out, "(unknown reply type %q)", v.Type)
	}
	return append(out, '\n')
}

// appendAggregateTTY numbers the elements of an array, set, push or map.
// Numbers are right-aligned to the width of the largest, and nested
// aggregates are indented past the number.
func appendAggregateTTY(out []byte, v resp.Value, indent int) []byte {
	isMap := v.Type == resp.Map
	count := len(v.Elems)
	if isMap {
		count /= 2
	}
	if count == 0 {
		return append(out, emptyAggregate(v.Type)...)
	}
	width := len(strconv.Itoa(count))
	inner := indent + width + 2 // past "12) "
	sep := byte(')')
	switch v.Type {
	case resp.Set:
		sep = '~'
	case resp.Map:
		sep = '#'
	}
	for i := 0; i < count; i++ {
		if i > 0 {
			out = appendSpaces(out, indent)
		}
		out = appendPadded(out, i+1, width)
		out = append(out, sep, ' ')
		if !isMap {
			out = appendTTY(out, v.Elems[i], inner)
			continue
		}
		key, val := v.Elems[2*i], v.Elems[2*i+1]
		out = appendTTY(out, key, inner)
		out = append(out[:len(out)-1], " => "...) // the key's line goes on
		if multiline(val) {
			out = append(out, '\n')
			out = appendSpaces(out, inner)
		}
		out = appendTTY(out, val, inner)
	}
	return out
}

func emptyAggregate(kind byte) string {
	switch kind {
	case resp.Map:
		return "(empty hash)\n"
	case resp.Set:
		return "(empty set)\n"
	case resp.Push:
		return "(empty push)\n"
	}
	return "(empty array)\n"
}

// multiline reports whether v takes more than one numbered line in TTY form.
// redis-cli starts such a map value on a line of its own so that its numbers
// line up; a lone newline inside a string does not count.
func multiline(v resp.Value) bool {
	if v.IsNull {
		return false
	}
	switch v.Type {
	case resp.Array, resp.Set, resp.Push:
		switch len(v.Elems) {
		case 0:
			return false
		case 1:
			return multiline(v.Elems[0])
		}
		return true
	case resp.Map:
		switch len(v.Elems) {
		case 0:
			return false
		case 2:
			return multiline(v.Elems[1])
		}
		return true
	}
	return false
}

// appendRaw appends v in raw form, without the newline that ends a reply.
func appendRaw(out []byte, v resp.Value) []byte {
	if v.IsNull {
		return out
	}
	switch v.Type {
	case resp.Error, resp.BlobError:
		out = append(out, v.Str...)
		out = append(out, '\n')
	case resp.SimpleString, resp.BulkString, resp.Verbatim:
		out = append(out, v.Str...)
	case resp.Integer:
		out = strconv.AppendInt(out, v.Int, 10)
	case resp.Double, resp.BigNumber:
		out = append(out, cString(v.Str)...)
	case resp.Boolean:
		if v.Int != 0 {
			out = append(out, "(true)"...)
		} else {
			out = append(out, "(false)"...)
		}
	case resp.Array, resp.Set, resp.Push:
		for i, e := range v.Elems {
			if i > 0 {
				out = append(out, '\n')
			}
			out = appendRaw(out, e)
		}
	case resp.Map:
		for i := 0; i+1 < len(v.Elems); i += 2 {
			if i > 0 {
				out = append(out, '\n')
			}
			out = appendRaw(out, v.Elems[i])
			out = append(out, ' ')
			out = appendRaw(out, v.Elems[i+1])
		}
	default:
		out = fmt.Appendf(out, "(unknown reply type %q)", v.Type)
	}
	return out
}

// Quote returns s as redis-cli shows a bulk string: in double quotes with
// sdscatrepr's escapes. Split(Quote(s)) gives back s.
func Quote(s string) string {
	return string(resp.AppendQuoted(nil, []byte(s)))
}

// cString cuts s at its first NUL byte: redis-cli prints status lines,
// error texts and doubles with C string functions, which stop there.
func cString(s []byte) []byte {
	if i := bytes.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// appendPadded appends n right-aligned in width columns.
func appendPadded(out []byte, n, width int) []byte {
	digits := 1
	for m := n; m >= 10; m /= 10 {
		digits++
	}
	out = appendSpaces(out, width-digits)
	return strconv.AppendInt(out, int64(n), 10)
}

func appendSpaces(out []byte, n int) []byte {
	for ; n > 0; n-- {
		out = append(out, ' ')
	}
	return out
}

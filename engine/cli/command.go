package cli

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

// Output is how redis-cli prints replies. It picks TTY when its standard
// output is a terminal and Raw otherwise; --no-raw and --raw force them.
type Output int

const (
	TTY Output = iota // typed, quoted, numbered: what a person sees
	Raw               // bare values one per line: what a script sees
)

// Format returns a reply in the given output form: FormatTTY or FormatRaw.
func Format(out Output, v resp.Value) string {
	if out == Raw {
		return FormatRaw(v)
	}
	return FormatTTY(v)
}

// FormatReply returns the reply to the command args as redis-cli prints it.
// It is Format, except for the commands whose replies are reports written
// for people (INFO, CLIENT LIST, MEMORY DOCTOR, LOLWUT, ...): redis-cli
// prints those unquoted in both forms, with no newline of its own after them.
func FormatReply(out Output, args []string, v resp.Value) string {
	if printsVerbatim(args) {
		return string(appendRaw(nil, v))
	}
	return Format(out, v)
}

// printsVerbatim reports whether redis-cli 7.0 shows the reply to args raw
// whatever the output form. The argument counts are part of its rule: it
// matches "CLUSTER INFO" but not "CLUSTER INFO x".
func printsVerbatim(args []string) bool {
	if len(args) == 0 {
		return false
	}
	is := func(i int, names ...string) bool {
		for _, n := range names {
			if strings.EqualFold(args[i], n) {
				return true
			}
		}
		return false
	}
	n := len(args)
	switch {
	case is(0, "info", "lolwut"):
		return true
	case n >= 2 && is(0, "debug"):
		return is(1, "htstats", "htstats-key", "client-eviction")
	case n >= 2 && is(0, "memory"):
		return is(1, "malloc-stats", "doctor")
	case n == 2 && is(0, "cluster"):
		return is(1, "nodes", "info")
	case n >= 2 && is(0, "client"):
		return is(1, "list", "info")
	case n == 3 && is(0, "latency"):
		return is(1, "graph")
	case n == 2 && is(0, "latency"):
		return is(1, "doctor")
	case n >= 2 && is(0, "proxy"):
		return is(1, "info")
	}
	return false
}

// ReadingMessages is what redis-cli prints on a terminal when a subscribe
// command puts it in pub/sub mode, before the command's first reply.
const ReadingMessages = "Reading messages... (press Ctrl-C to quit)\n"

// Preamble returns what redis-cli prints after sending args and before
// their first reply: ReadingMessages for SUBSCRIBE, PSUBSCRIBE and
// SSUBSCRIBE on a terminal, otherwise nothing.
func Preamble(out Output, args []string) string {
	if out == TTY && len(args) > 0 {
		switch strings.ToLower(args[0]) {
		case "subscribe", "psubscribe", "ssubscribe":
			return ReadingMessages
		}
	}
	return ""
}

// FormatPush returns a RESP3 push message that arrives outside pub/sub mode
// as redis-cli prints it (it shows them on a terminal, or with
// --show-pushes yes). On a terminal a client-tracking invalidation becomes
// one line, "-> invalidate: 'key1', 'key2'"; every other push is formatted
// like a reply.
func FormatPush(out Output, v resp.Value) string {
	if out == TTY {
		if keys, ok := invalidatedKeys(v); ok {
			var b []byte
			b = append(b, "-> invalidate: "...)
			for i, k := range keys {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = append(b, '\'')
				b = append(b, cString(k.Str)...)
				b = append(b, '\'')
			}
			return string(append(b, '\n'))
		}
	}
	return Format(out, v)
}

// invalidatedKeys recognises an invalidation push as redis-cli does: two
// elements, a string starting with "invalidate" and an array of keys.
// redis-cli aborts on keys that are not bulk strings; those pushes are
// formatted as plain replies here instead.
func invalidatedKeys(v resp.Value) ([]resp.Value, bool) {
	if v.Type != resp.Push || v.IsNull || len(v.Elems) != 2 {
		return nil, false
	}
	name, keys := v.Elems[0], v.Elems[1]
	if name.Type != resp.BulkString || name.IsNull ||
		!bytes.HasPrefix(cString(name.Str), []byte("invalidate")) ||
		keys.Type != resp.Array || keys.IsNull {
		return nil, false
	}
	for _, k := range keys.Elems {
		if k.Type != resp.BulkString || k.IsNull {
			return nil, false
		}
	}
	return keys.Elems, true
}

// Elapsed returns the line redis-cli prints on a terminal after a command
// line that took half a second or more, such as "(0.52s)"; otherwise "".
func Elapsed(out Output, d time.Duration) string {
	ms := d.Milliseconds()
	if out != TTY || ms < 500 {
		return ""
	}
	return "(" + strconv.FormatFloat(float64(ms)/1000, 'f', 2, 64) + "s)\n"
}

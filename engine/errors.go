package engine

import (
	"fmt"
	"strings"
)

// Error replies shared by many commands, with Redis 7.0's exact texts.
// Errors specific to one command family live beside it, but always as
// named values or constructors, never as literals inside handlers.
const (
	ErrSyntax         = "ERR syntax error"
	ErrWrongType      = "WRONGTYPE Operation against a key holding the wrong kind of value"
	ErrNotInteger     = "ERR value is not an integer or out of range"
	ErrNotFloat       = "ERR value is not a valid float"
	ErrNoSuchKey      = "ERR no such key"
	ErrIndexRange     = "ERR index out of range"
	ErrDBIndexRange   = "ERR DB index is out of range"
	ErrOverflow       = "ERR increment or decrement would overflow"
	ErrSameObject     = "ERR source and destination objects are the same"
	ErrNoAuth         = "NOAUTH Authentication required."
	ErrBitOffset      = "ERR bit offset is not an integer or out of range"
	ErrStringTooLong  = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
	ErrPositive       = "ERR value is out of range, must be positive"
	ErrExecAbort      = "EXECABORT Transaction discarded because of previous errors."
	ErrInvalidPass    = "WRONGPASS invalid username-password pair or user is disabled."
	ErrNoPassword     = "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
	ErrNegativeCount  = "ERR value is out of range, must be positive"
	ErrIncrNaNOrInf   = "ERR increment would produce NaN or Infinity"
	ErrDBIndexInvalid = "ERR invalid DB index"
)

// errUnknownCommand is Redis's reply to a command name it does not know:
// the name and the first arguments, quoted, cut at 128 bytes.
func errUnknownCommand(args [][]byte) string {
	var b strings.Builder
	for _, a := range args[1:] {
		if b.Len() >= 128 {
			break
		}
		room := 128 - b.Len()
		b.WriteByte('\'')
		b.WriteString(cString(a, room))
		b.WriteString("' ")
	}
	return sanitizeError(fmt.Sprintf("ERR unknown command '%s', with args beginning with: %s", cString(args[0], 128), b.String()))
}

// errUnknownSubcommand names the subcommand and suggests HELP.
func errUnknownSubcommand(container, sub []byte) string {
	return sanitizeError(fmt.Sprintf("ERR unknown subcommand '%s'. Try %s HELP.", cString(sub, 128), strings.ToUpper(string(container))))
}

// errArity is the wrong-number-of-arguments error, by Redis's full name.
func errArity(fullName string) string {
	return "ERR wrong number of arguments for '" + fullName + "' command"
}

// errInvalidExpire is the error of a TTL that overflows or is not positive.
func errInvalidExpire(cmd []byte) string {
	return "ERR invalid expire time in '" + strings.ToLower(string(cmd)) + "' command"
}

// cString renders b as C's "%.*s" would: up to max bytes, stopping at the
// first NUL byte.
func cString(b []byte, max int) string {
	if len(b) > max {
		b = b[:max]
	}
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// sanitizeError replaces CR and LF with spaces, as Redis does for error
// texts built from user input, so the reply stays one protocol line.
func sanitizeError(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// subcommandSyntaxError is Redis's reply to a subcommand given the wrong
// number of arguments where the handler, not the table, checks them.
func (c *Client) subcommandSyntaxError(args [][]byte) {
	c.Error(sanitizeError(fmt.Sprintf("ERR unknown subcommand or wrong number of arguments for '%s'. Try %s HELP.",
		cString(args[1], 128), strings.ToUpper(string(args[0])))))
}

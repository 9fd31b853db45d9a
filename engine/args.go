package engine

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/redwasm/redwasm/engine/resp"
)

// Argument parsing helpers. Each answers the client itself on bad input
// and returns ok, so handlers read as a flat chain:
//
//	n, ok := c.intArg(args[2])
//	if !ok {
//		return
//	}

// intArg parses an integer argument, replying ErrNotInteger on failure.
func (c *Client) intArg(b []byte) (int64, bool) {
	n, ok := resp.ParseInt(b)
	if !ok {
		c.Error(ErrNotInteger)
	}
	return n, ok
}

// positiveArg parses a non-negative integer as Redis's
// getPositiveLongFromObjectOrReply: msg, or ErrPositive when empty, is the
// error for both a malformed and a negative number.
func (c *Client) positiveArg(b []byte, msg string) (int64, bool) {
	if msg == "" {
		msg = ErrPositive
	}
	return c.rangeArg(b, 0, math.MaxInt64, msg)
}

// rangeArg parses an integer in [min, max] as Redis's
// getRangeLongFromObjectOrReply: msg, when given, is the error for both a
// malformed and an out-of-range number.
func (c *Client) rangeArg(b []byte, min, max int64, msg string) (int64, bool) {
	n, ok := resp.ParseInt(b)
	switch {
	case ok && n >= min && n <= max:
		return n, true
	case msg != "":
		c.Error(msg)
	case !ok:
		c.Error(ErrNotInteger)
	default:
		c.Error("ERR value is out of range, value must between " + strconv.FormatInt(min, 10) + " and " + strconv.FormatInt(max, 10))
	}
	return 0, false
}

// floatArg parses a float argument, replying ErrNotFloat on failure.
func (c *Client) floatArg(b []byte) (float64, bool) {
	f, ok := parseFloat(b)
	if !ok {
		c.Error(ErrNotFloat)
	}
	return f, ok
}

// parseFloat parses a double as Redis's getDoubleFromObject does with C's
// strtod: no leading space, the whole string consumed, no NaN, no overflow
// and no underflow to zero. It accepts what strtod accepts and Go's
// ParseFloat spells differently (hex floats without an exponent) and
// rejects what only Go accepts (underscores).
func parseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || isSpace(b[0]) || bytes.IndexByte(b, '_') >= 0 {
		return 0, false
	}
	s := view(b)
	if isHexFloat(s) && !strings.ContainsAny(s, "pP") {
		s += "p0"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && f != 0 && !math.IsInf(f, 0) {
			return f, true // a denormal: strtod sets ERANGE but Redis keeps it
		}
		return 0, false
	}
	if math.IsNaN(f) {
		return 0, false
	}
	if f == 0 && hasNonZeroDigit(s) {
		return 0, false // underflow to zero
	}
	return f, true
}

func isHexFloat(s string) bool {
	s = strings.TrimLeft(s, "+-")
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
}

// hasNonZeroDigit reports whether the mantissa of a decimal float has a
// non-zero digit.
func hasNonZeroDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'e' || c == 'E' || c == 'p' || c == 'P':
			return false
		case c >= '1' && c <= '9':
			return true
		}
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// optionIs reports whether an argument names the option name, ignoring
// case. Redis compares options with strcasecmp, which stops at a NUL
// byte, so "nx\x00junk" is NX there, and here.
func optionIs(b []byte, name string) bool {
	return equalFold(cutAtNUL(b), name)
}

// cutAtNUL returns b up to its first NUL byte: what C reads of it as a
// string.
func cutAtNUL(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// equalFold compares an argument with an option name, ignoring case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		d := s[i]
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

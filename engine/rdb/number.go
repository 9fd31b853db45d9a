package rdb

import (
	"errors"
	"math"
	"strconv"
)

// ParseInt64 reports whether s is the canonical decimal form of an int64,
// the form strconv.AppendInt produces: an optional '-', then digits without
// leading zeros ("0" itself is fine, "-0" is not), no spaces, no '+', no
// overflow. Such strings and only those round-trip through an integer, so
// Redis stores them as integers: in RDB strings (string2ll), listpacks
// (lpStringToInt64), ziplists and intsets.
func ParseInt64(s []byte) (int64, bool) {
	if len(s) == 0 || len(s) > 20 {
		return 0, false
	}
	if len(s) == 1 && s[0] == '0' {
		return 0, true
	}
	neg := s[0] == '-'
	digits := s
	if neg {
		digits = s[1:]
	}
	if len(digits) == 0 || digits[0] < '1' || digits[0] > '9' {
		return 0, false
	}
	var v uint64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if v > (math.MaxUint64-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}

// parseCDouble parses the longest leading part of b that C's strtod takes,
// as sscanf("%lg") does: white space, a sign, then a decimal or hex number,
// "inf", "infinity" or "nan" in any case. It reports false when no leading
// part is a number.
func parseCDouble(b []byte) (float64, bool) {
	i := 0
	for i < len(b) && isCSpace(b[i]) {
		i++
	}
	start := i
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	rest := b[i:]
	var end int
	suffix := ""
	switch {
	case hasPrefixFold(rest, "infinity"):
		end = i + 8
	case hasPrefixFold(rest, "inf"):
		end = i + 3
	case hasPrefixFold(rest, "nan"):
		end = i + 3
	case isHexStart(rest):
		end = i + 2 + scanMantissa(rest[2:], isHexDigit)
		if e := scanExponent(b[end:], 'p'); e > 0 {
			end += e
		} else {
			suffix = "p0" // C lets a hex number omit its binary exponent, Go does not
		}
	default:
		m := scanMantissa(rest, isDigit)
		if m == 0 {
			return 0, false
		}
		end = i + m
		end += scanExponent(b[end:], 'e')
	}
	v, err := strconv.ParseFloat(string(b[start:end])+suffix, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return v, true
}

// scanMantissa returns the length of the digits, point, digits at the start
// of b, or 0 when there is no digit.
func scanMantissa(b []byte, digit func(byte) bool) int {
	i, n := 0, 0
	for i < len(b) && digit(b[i]) {
		i++
		n++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && digit(b[i]) {
			i++
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return i
}

// scanExponent returns the length of an exponent (marker, sign, decimal
// digits) at the start of b, or 0 when there is no complete one.
func scanExponent(b []byte, marker byte) int {
	if len(b) == 0 || b[0]|0x20 != marker {
		return 0
	}
	i := 1
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	digits := i
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	if i == digits {
		return 0
	}
	return i
}

// isHexStart reports whether b starts with "0x" and a hex mantissa.
func isHexStart(b []byte) bool {
	return len(b) > 2 && b[0] == '0' && b[1]|0x20 == 'x' && scanMantissa(b[2:], isHexDigit) > 0
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }
func isCSpace(c byte) bool   { return c == ' ' || c >= '\t' && c <= '\r' }

func hasPrefixFold(b []byte, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i := range len(prefix) {
		if b[i]|0x20 != prefix[i] {
			return false
		}
	}
	return true
}

// ParseCDouble reads a number as C's strtod does when its end is not
// checked, as Redis reads a score stored as text in a listpack or ziplist:
// the longest leading part of b that is a decimal or hex number, "inf",
// "infinity" or "nan", after optional white space and sign. It reports
// false, with 0, when no leading part is a number.
func ParseCDouble(b []byte) (float64, bool) {
	return parseCDouble(b)
}

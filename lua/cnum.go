package lua

import (
	"math"
	"strconv"
	"strings"
)

// This file holds the C library's number conversions that Redis's Lua
// relies on: printf's %.14g (Lua's tostring, cjson's encoder) and glibc's
// strtod/strtoul (Lua's tonumber, cjson's decoder). Go's own conversions
// differ in visible ways ("+Inf" vs "inf", 1e+15 vs 1000000000000000, no
// hexadecimal mantissas), so they are rebuilt here on top of strconv, which
// rounds correctly just as glibc does.

// numberPrecision is the %.14g precision of Lua 5.1's LUAI_NUMFFORMAT.
const numberPrecision = 14

// formatNumber renders n as C Lua 5.1 does (sprintf "%.14g").
func formatNumber(n float64) string {
	return string(appendG(nil, n, numberPrecision))
}

// appendG appends f formatted as C's printf("%.<prec>g", f) under glibc.
func appendG(dst []byte, f float64, prec int) []byte {
	switch {
	case math.IsNaN(f):
		if math.Signbit(f) {
			return append(dst, "-nan"...)
		}
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	}
	if prec <= 0 {
		prec = 1
	}
	// The exponent decides the style; it must be taken after rounding to
	// prec significant digits, which the %e rendering does for us.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', prec-1, 64)
	mark := len(e) - 1
	for e[mark] != 'e' {
		mark--
	}
	exp, _ := strconv.Atoi(string(e[mark+1:]))
	if exp < -4 || exp >= prec {
		mantissa := trimFraction(e[:mark])
		dst = append(dst, mantissa...)
		return append(dst, e[mark:]...)
	}
	fixed := strconv.AppendFloat(buf[:0], f, 'f', prec-1-exp, 64)
	return append(dst, trimFraction(fixed)...)
}

// trimFraction drops trailing zeros after a decimal point, and the point
// itself when nothing follows it, as %g does.
func trimFraction(s []byte) []byte {
	dot := -1
	for i, c := range s {
		if c == '.' {
			dot = i
			break
		}
	}
	if dot < 0 {
		return s
	}
	end := len(s)
	for end > dot+1 && s[end-1] == '0' {
		end--
	}
	if end == dot+1 {
		end = dot
	}
	return s[:end]
}

// isCSpace reports whether c is a space for C's isspace in the "C" locale.
func isCSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// strtod parses the longest prefix of s that glibc's strtod accepts and
// returns the value and the number of bytes consumed (0 when none). Like
// strtod it skips leading white space and accepts a sign, decimal and
// hexadecimal (with optional binary exponent) mantissas, "inf",
// "infinity" and "nan" with an optional "(chars)" suffix. A NUL byte ends
// the input, as it would in C.
func strtod(s string) (float64, int) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	v, n := unsignedStrtod(s[i:])
	if n == 0 {
		return 0, 0
	}
	if neg {
		v = -v
	}
	return v, i + n
}

// unsignedStrtod parses an unsigned strtod subject at the start of s.
func unsignedStrtod(s string) (float64, int) {
	switch {
	case hasPrefixFold(s, "infinity"):
		return math.Inf(1), len("infinity")
	case hasPrefixFold(s, "inf"):
		return math.Inf(1), len("inf")
	case hasPrefixFold(s, "nan"):
		n := len("nan")
		if n < len(s) && s[n] == '(' {
			j := n + 1
			for j < len(s) && (isDigit(s[j]) || s[j] == '_' ||
				(s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z')) {
				j++
			}
			if j < len(s) && s[j] == ')' {
				n = j + 1
			}
		}
		return math.NaN(), n
	case len(s) >= 2 && s[0] == '0' && s[1]|0x20 == 'x':
		if v, n := hexStrtod(s[2:]); n > 0 {
			return v, n + 2
		}
		return 0, 1 // just the "0"; the 'x' is left over
	}
	return decimalStrtod(s)
}

// decimalStrtod parses digits [. digits] [e [sign] digits].
func decimalStrtod(s string) (float64, int) {
	i, digits := 0, 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, 0
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil && !isRangeError(err) {
		return 0, 0
	}
	return v, i
}

// hexStrtod parses the part of a hexadecimal subject after "0x":
// hexdigits [. hexdigits] [p [sign] digits].
func hexStrtod(s string) (float64, int) {
	i, digits := 0, 0
	for i < len(s) && hexValue(s[i]) >= 0 {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && hexValue(s[i]) >= 0 {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, 0
	}
	mantissa := s[:i]
	exponent := "p0"
	if i < len(s) && s[i]|0x20 == 'p' {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			exponent = "p" + s[i+1:j]
			i = j
		}
	}
	if strings.HasSuffix(mantissa, ".") {
		mantissa += "0"
	}
	if strings.HasPrefix(mantissa, ".") {
		mantissa = "0" + mantissa
	}
	v, err := strconv.ParseFloat("0x"+mantissa+exponent, 64)
	if err != nil && !isRangeError(err) {
		// An exponent too long for strconv still means overflow or
		// underflow in C.
		if exponent[1] == '-' {
			return 0, i
		}
		return math.Inf(1), i
	}
	return v, i
}

func isRangeError(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// str2number converts a string to a number as Lua 5.1's luaO_str2d does:
// the whole string, apart from surrounding white space, must be a strtod
// subject.
func str2number(s string) (float64, bool) {
	v, n := strtod(s)
	if n == 0 {
		return 0, false
	}
	rest := s[n:]
	if len(rest) > 0 && rest[0] == 0 {
		return v, true // C stops reading at the NUL
	}
	for len(rest) > 0 && isCSpace(rest[0]) {
		rest = rest[1:]
	}
	if len(rest) > 0 && rest[0] != 0 {
		return 0, false
	}
	return v, true
}

// strtoul parses s as glibc's strtoul(s, &end, base) and returns the value
// and the bytes consumed (0 when there is no number). Overflow saturates at
// the maximum value, and a leading minus negates in unsigned arithmetic.
func strtoul(s string, base int) (uint64, int) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if base == 16 && i+2 < len(s) && s[i] == '0' && s[i+1]|0x20 == 'x' && digitValue(s[i+2]) < 16 {
		i += 2
	}
	start := i
	var v uint64
	overflow := false
	for i < len(s) {
		d := digitValue(s[i])
		if d >= base {
			break
		}
		if v > (math.MaxUint64-uint64(d))/uint64(base) {
			overflow = true
		}
		v = v*uint64(base) + uint64(d)
		i++
	}
	if i == start {
		return 0, 0
	}
	if overflow {
		return math.MaxUint64, i
	}
	if neg {
		v = -v
	}
	return v, i
}

// digitValue is the value of c as a digit in bases up to 36, or 99.
func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c|0x20 >= 'a' && c|0x20 <= 'z':
		return int(c|0x20-'a') + 10
	}
	return 99
}

// toInteger converts n to lua_Integer as C Lua does on x86-64: truncation
// toward zero, with NaN and out-of-range values becoming the "integer
// indefinite" value math.MinInt64.
func toInteger(n float64) int64 {
	if n != n || n >= 1<<63 || n < -(1<<63) {
		return math.MinInt64
	}
	return int64(n)
}

// toInt converts n to a C int as luaL_checkint does: first to lua_Integer,
// then truncated to 32 bits.
func toInt(n float64) int {
	return int(int32(toInteger(n)))
}

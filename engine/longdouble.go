package engine

import (
	"math/big"
	"math/bits"
	"strconv"
)

// INCRBYFLOAT computes in C's long double, which on amd64 (where Redis
// runs) is the x87 80-bit extended format: a sign, a 64-bit significand
// with an explicit integer bit, and a 15-bit exponent. Go has no such
// type, and float64 would print different digits ("31.00000000000000001"
// needs 64 bits of significand), so this file implements the three steps
// INCRBYFLOAT needs, each rounded exactly as glibc and the FPU do:
//
//   - parseLongDouble: Redis's string2ld, that is glibc's strtold (correctly
//     rounded to nearest-even, hex floats, inf) plus Redis's checks;
//   - longDouble.add: the x87 FADD, rounded to 64 bits to nearest-even;
//   - appendLongDoubleHuman: Redis's ld2string in LD_STR_HUMAN mode, that
//     is glibc's "%.17Lf" (exact decimal expansion rounded half-even) with
//     trailing zeros trimmed.
//
// Exact arithmetic uses math/big where the numbers can be large; the
// common cases stay in 64/128-bit integers.

// longDouble is an x87 extended value. A finite value is mant * 2^exp;
// normal values have mant's top bit set, subnormals have exp ==
// ldMinExp and a smaller mant, zero has mant == 0.
type longDouble struct {
	neg  bool
	kind ldKind
	mant uint64
	exp  int32
}

type ldKind uint8

const (
	ldFinite ldKind = iota
	ldInf
	ldNaN
)

const (
	// ldMinExp is the exponent of the smallest subnormal, 2^-16445: the
	// format's minimum exponent -16382 less 63 fraction bits.
	ldMinExp = -16382 - 63
	// ldMaxExp is the largest exp of a finite value: the top bit of
	// mant then weighs 2^16383.
	ldMaxExp = 16383 - 63
	// maxLongDoubleChars is Redis's MAX_LONG_DOUBLE_CHARS: the size of
	// the buffers string2ld and ld2string use.
	maxLongDoubleChars = 5 * 1024
)

func (x longDouble) isFinite() bool { return x.kind == ldFinite }

// parseLongDouble parses b as Redis's string2ld: glibc's strtold must
// consume the whole string, which must not start with a space, and the
// result must be neither NaN nor out of range (an overflow to infinity,
// or an underflow to zero). "inf" and "infinity" are accepted.
func parseLongDouble(b []byte) (longDouble, bool) {
	if len(b) == 0 || len(b) >= maxLongDoubleChars || isSpace(b[0]) {
		return longDouble{}, false
	}
	neg := false
	s := b
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		s = s[1:]
	}
	var x longDouble
	var ok bool
	switch {
	case equalFold(s, "inf") || equalFold(s, "infinity"):
		x, ok = longDouble{kind: ldInf}, true
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		x, ok = parseHexLongDouble(s[2:])
	default:
		x, ok = parseDecimalLongDouble(s)
	}
	if !ok {
		return longDouble{}, false
	}
	x.neg = neg
	return x, true
}

// parseDecimalLongDouble parses digits with an optional point and an
// optional exponent, rounding to nearest-even.
func parseDecimalLongDouble(s []byte) (longDouble, bool) {
	digits, exp10, rest, ok := scanMantissa(s, isDigit)
	if !ok {
		return longDouble{}, false
	}
	if len(rest) > 0 {
		if rest[0] != 'e' && rest[0] != 'E' {
			return longDouble{}, false
		}
		e, ok := scanExponent(rest[1:])
		if !ok {
			return longDouble{}, false
		}
		exp10 = satAdd(exp10, e)
	}
	digits, exp10 = trimDigits(digits, exp10)
	if len(digits) == 0 {
		return longDouble{}, true // zero
	}
	// The value lies in [10^(n+exp10-1), 10^(n+exp10)). The largest long
	// double is about 1.19e4932 and half the smallest subnormal about
	// 1.82e-4951: outside those bounds there is nothing to compute.
	n := int64(len(digits))
	if n+exp10-1 >= 4933 {
		return longDouble{}, false // overflow: strtold's ERANGE infinity
	}
	if n+exp10 <= -4952 {
		return longDouble{}, false // underflow to zero: ERANGE zero
	}
	d, _ := new(big.Int).SetString(string(digits), 10)
	var x longDouble
	if exp10 >= 0 {
		d.Mul(d, pow10Big(exp10))
		x = roundToLongDouble(d, 0, false)
	} else {
		x = divideToLongDouble(d, pow10Big(-exp10))
	}
	return x, x.isFinite() && x.mant != 0
}

// parseHexLongDouble parses what follows "0x": hex digits with an
// optional point and an optional binary exponent "p".
func parseHexLongDouble(s []byte) (longDouble, bool) {
	digits, exp16, rest, ok := scanMantissa(s, isHexDigit)
	if !ok {
		return longDouble{}, false
	}
	exp2 := 4 * exp16 // bounded by the input's length
	if len(rest) > 0 {
		if rest[0] != 'p' && rest[0] != 'P' {
			return longDouble{}, false
		}
		e, ok := scanExponent(rest[1:])
		if !ok {
			return longDouble{}, false
		}
		exp2 = satAdd(exp2, e)
	}
	h, _ := new(big.Int).SetString(string(digits), 16)
	if h.Sign() == 0 {
		return longDouble{}, true // zero
	}
	// The value lies in [2^(n+exp2-1), 2^(n+exp2)) for n significant bits.
	n := int64(h.BitLen())
	if n+exp2 > 16384 {
		return longDouble{}, false // overflow
	}
	if n+exp2 < ldMinExp-1 {
		return longDouble{}, false // below half the smallest subnormal
	}
	x := roundToLongDouble(h, exp2, false)
	return x, x.isFinite() && x.mant != 0
}

// scanMantissa reads digits with at most one point, as strtold does: at
// least one digit in all. It returns the digits without the point, the
// exponent correction (minus the digits after the point) and the rest.
func scanMantissa(s []byte, isDigitOf func(byte) bool) (digits []byte, exp int64, rest []byte, ok bool) {
	digits = make([]byte, 0, len(s))
	point := false
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigitOf(c):
			digits = append(digits, c)
			if point {
				exp--
			}
		case c == '.' && !point:
			point = true
		default:
			return digits, exp, s[i:], len(digits) > 0
		}
	}
	return digits, exp, nil, len(digits) > 0
}

// scanExponent reads an exponent's optional sign and digits, all of s,
// saturating far beyond any meaningful value.
func scanExponent(s []byte) (int64, bool) {
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 {
		return 0, false
	}
	var e int64
	for _, c := range s {
		if !isDigit(c) {
			return 0, false
		}
		if e < 1<<40 {
			e = e*10 + int64(c-'0')
		}
	}
	if neg {
		e = -e
	}
	return e, true
}

// trimDigits drops leading zeros, and trailing zeros into the exponent.
func trimDigits(digits []byte, exp10 int64) ([]byte, int64) {
	for len(digits) > 0 && digits[0] == '0' {
		digits = digits[1:]
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp10++
	}
	return digits, exp10
}

func satAdd(a, b int64) int64 {
	const limit = 1 << 50
	return max(-limit, min(limit, a+b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHexDigit(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func pow10Big(n int64) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}

// divideToLongDouble rounds the positive fraction p/q.
func divideToLongDouble(p, q *big.Int) longDouble {
	// Scale p so that the quotient has more than 64 significant bits;
	// the remainder then only decides ties, as a sticky bit.
	shift := max(0, 66+q.BitLen()-p.BitLen())
	num := new(big.Int).Lsh(p, uint(shift))
	quo, rem := new(big.Int).QuoRem(num, q, new(big.Int))
	return roundToLongDouble(quo, -int64(shift), rem.Sign() != 0)
}

// roundToLongDouble rounds the positive value (n + sticky) * 2^exp, where
// sticky stands for anything below n's last bit, to the nearest long
// double, ties to even: 64 significant bits, fewer for subnormals. A
// sticky n must have more than 64 bits, so that the sticky part falls
// below the rounding position.
func roundToLongDouble(n *big.Int, exp int64, sticky bool) longDouble {
	shift := int64(n.BitLen()) - 64
	if exp+shift < ldMinExp {
		shift = ldMinExp - exp
	}
	var mant uint64
	if shift <= 0 {
		mant = n.Uint64() << uint(-shift)
	} else {
		q := new(big.Int).Rsh(n, uint(shift))
		mant = q.Uint64()
		// Compare the dropped bits with half a unit of the last place.
		up := false
		if n.Bit(int(shift-1)) == 1 {
			tail := sticky || lowBitsNonZero(n, int(shift-1))
			up = tail || mant&1 == 1
		}
		if up {
			mant++
			if mant == 0 { // carried out of 64 bits
				mant = 1 << 63
				shift++
			}
		}
	}
	e := exp + shift
	if e > ldMaxExp {
		return longDouble{kind: ldInf}
	}
	return longDouble{mant: mant, exp: int32(e)}
}

// lowBitsNonZero reports whether any of n's lowest k bits is set.
func lowBitsNonZero(n *big.Int, k int) bool {
	if k <= 0 {
		return false
	}
	if tz := n.TrailingZeroBits(); n.Sign() != 0 && int(tz) < k {
		return true
	}
	return false
}

// add returns x + y as the x87 computes it in extended precision.
func (x longDouble) add(y longDouble) longDouble {
	switch {
	case x.kind == ldNaN || y.kind == ldNaN:
		return longDouble{kind: ldNaN}
	case x.kind == ldInf && y.kind == ldInf:
		if x.neg != y.neg {
			return longDouble{kind: ldNaN}
		}
		return x
	case x.kind == ldInf:
		return x
	case y.kind == ldInf:
		return y
	case y.mant == 0:
		if x.mant == 0 {
			return longDouble{neg: x.neg && y.neg} // -0 only from -0 + -0
		}
		return x
	case x.mant == 0:
		return y
	}
	lo := min(x.exp, y.exp)
	a := new(big.Int).Lsh(new(big.Int).SetUint64(x.mant), uint(x.exp-lo))
	b := new(big.Int).Lsh(new(big.Int).SetUint64(y.mant), uint(y.exp-lo))
	if x.neg {
		a.Neg(a)
	}
	if y.neg {
		b.Neg(b)
	}
	sum := a.Add(a, b)
	if sum.Sign() == 0 {
		return longDouble{} // exact cancellation gives +0 when rounding to nearest
	}
	neg := sum.Sign() < 0
	r := roundToLongDouble(sum.Abs(sum), int64(lo), false)
	r.neg = neg
	return r
}

// appendLongDoubleHuman appends x as Redis's ld2string LD_STR_HUMAN:
// "%.17Lf", then trailing zeros after the point trimmed (and the point
// if nothing follows it), and "-0" turned into "0".
func appendLongDoubleHuman(dst []byte, x longDouble) []byte {
	switch x.kind {
	case ldInf:
		if x.neg {
			return append(dst, "-inf"...)
		}
		return append(dst, "inf"...)
	case ldNaN:
		if x.neg {
			return append(dst, "-nan"...)
		}
		return append(dst, "nan"...)
	}
	start := len(dst)
	if x.neg {
		dst = append(dst, '-')
	}
	dst = appendFixed17(dst, x.mant, int64(x.exp))
	// Trim: "%.17Lf" always prints a point.
	for dst[len(dst)-1] == '0' {
		dst = dst[:len(dst)-1]
	}
	if dst[len(dst)-1] == '.' {
		dst = dst[:len(dst)-1]
	}
	if string(dst[start:]) == "-0" {
		dst = append(dst[:start], '0')
	}
	return dst
}

// frac17 is 10^17, the scale of "%.17Lf".
const frac17 = 100_000_000_000_000_000

// appendFixed17 appends mant * 2^exp with exactly 17 decimals, rounded
// half-even as glibc's printf does with the exact binary value.
func appendFixed17(dst []byte, mant uint64, exp int64) []byte {
	if exp >= 0 {
		n := new(big.Int).Lsh(new(big.Int).SetUint64(mant), uint(exp))
		dst = n.Append(dst, 10)
		return append(dst, ".00000000000000000"...)
	}
	// mant * 10^17 < 2^121: 128 bits hold the scaled value.
	hi, lo := bits.Mul64(mant, frac17)
	k := uint(-exp)
	var qhi, qlo uint64
	if k < 128 {
		qhi, qlo = shiftRight128(hi, lo, k)
		// The dropped bits against half a unit.
		mhi, mlo := lowMask128(k)
		rhi, rlo := hi&mhi, lo&mlo
		hhi, hlo := lowMask128(k - 1)
		hhi, hlo = addOne128(hhi, hlo) // 2^(k-1)
		if c := cmp128(rhi, rlo, hhi, hlo); c > 0 || c == 0 && qlo&1 == 1 {
			qhi, qlo = addOne128(qhi, qlo)
		}
	} // else the value is below 2^-7 * 10^-17: it rounds to zero
	intPart, fracPart := bits.Div64(qhi, qlo, frac17)
	dst = strconv.AppendUint(dst, intPart, 10)
	dst = append(dst, '.')
	var digits [17]byte
	for i := 16; i >= 0; i-- {
		digits[i] = byte('0' + fracPart%10)
		fracPart /= 10
	}
	return append(dst, digits[:]...)
}

func shiftRight128(hi, lo uint64, k uint) (uint64, uint64) {
	switch {
	case k == 0:
		return hi, lo
	case k < 64:
		return hi >> k, lo>>k | hi<<(64-k)
	case k < 128:
		return 0, hi >> (k - 64)
	}
	return 0, 0
}

// lowMask128 returns 2^k - 1 for k < 128.
func lowMask128(k uint) (uint64, uint64) {
	switch {
	case k == 0:
		return 0, 0
	case k < 64:
		return 0, 1<<k - 1
	case k == 64:
		return 0, ^uint64(0)
	}
	return 1<<(k-64) - 1, ^uint64(0)
}

func addOne128(hi, lo uint64) (uint64, uint64) {
	lo, carry := bits.Add64(lo, 1, 0)
	return hi + carry, lo
}

func cmp128(ahi, alo, bhi, blo uint64) int {
	switch {
	case ahi != bhi:
		if ahi < bhi {
			return -1
		}
		return 1
	case alo != blo:
		if alo < blo {
			return -1
		}
		return 1
	}
	return 0
}

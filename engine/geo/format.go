package geo

import (
	"math"
	"strconv"
	"strings"
)

// ErrUnit is the error Redis replies with for a unit UnitMeters rejects.
const ErrUnit = "ERR unsupported unit provided. please use M, KM, FT, MI"

// InvalidPairError returns the error text Redis replies with for a pair
// ValidLonLat rejects, the numbers printed as C's %f prints them.
func InvalidPairError(lon, lat float64) string {
	return "ERR invalid longitude,latitude pair " + cFixed(lon, 6) + "," + cFixed(lat, 6)
}

// FormatDistance formats a distance as GEODIST and WITHDIST reply it, with
// four decimals. Redis does not use printf for this but rounds d·10⁴ (a
// rounded product) to the nearest integer, ties to even, and prints that:
// the product's rounding can tip a value just below a half to the other
// side, so the last digit sometimes differs from %.4f.
func FormatDistance(d float64) string {
	if d == 0 {
		return "0.0000"
	}
	const two63 = 1 << 63
	var n uint64
	neg := false
	switch r := math.RoundToEven(d * 10000); {
	case !(r > -two63 && r < two63): // NaN and overflow: llrint gives LLONG_MIN
		n, neg = 1<<63, true
	case r < 0:
		n, neg = uint64(-r), true
	default:
		n = uint64(r)
	}
	digits := strconv.FormatUint(n, 10)
	if len(digits) < 5 {
		digits = strings.Repeat("0", 5-len(digits)) + digits
	}
	s := digits[:len(digits)-4] + "." + digits[len(digits)-4:]
	if neg {
		s = "-" + s
	}
	return s
}

// FormatCoordinate formats a coordinate as GEOPOS and WITHCOORD reply it
// (Redis's "human" long double format): seventeen decimals of the exact
// value, then trailing zeros and a bare point dropped, and "-0" shown as
// "0". In RESP3 the same text is sent as a double.
func FormatCoordinate(v float64) string {
	if math.IsInf(v, 0) {
		return cFixed(v, 0)
	}
	s := strconv.FormatFloat(v, 'f', 17, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// cFixed formats like C's %.*f with glibc: Go's 'f' format rounds the exact
// binary value the same way; only infinities and NaN are spelt differently.
func cFixed(v float64, prec int) string {
	switch {
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	case math.IsNaN(v) && math.Signbit(v):
		return "-nan"
	case math.IsNaN(v):
		return "nan"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

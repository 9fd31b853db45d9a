package geo

import (
	"math"
	"strings"
)

// The limits of positions Redis accepts. Latitudes stop short of the poles,
// where the Web Mercator projection these limits come from diverges.
const (
	LonMin = -180.0
	LonMax = 180.0
	LatMin = -85.05112878
	LatMax = 85.05112878

	// steps is the number of bits per coordinate in a score: 26, so a
	// score holds 52 bits, exactly representable in a double.
	steps = 26
)

// Earth's radius and the degree/radian conversion, as Redis defines them.
const earthRadius = 6372797.560856 // meters

// degToRad is π/180 rounded as a double (computed at run time so that the
// division happens in float64, as in C, not in exact constant arithmetic).
var degToRad = func() float64 { pi := math.Pi; return pi / 180 }()

func toRadians(deg float64) float64 { return deg * degToRad }
func toDegrees(rad float64) float64 { return rad / degToRad }

// ValidLonLat reports whether Redis accepts a longitude, latitude pair (in
// GEOADD, GEORADIUS and GEOSEARCH FROMLONLAT). Callers reject NaN earlier,
// as Redis's float parsing does.
func ValidLonLat(lon, lat float64) bool {
	return !(lon < LonMin || lon > LonMax || lat < LatMin || lat > LatMax)
}

// Score returns the sorted-set score GEOADD stores for a position: the
// 52-bit geohash as a double. ok is false for a pair ValidLonLat rejects.
func Score(lon, lat float64) (score float64, ok bool) {
	bits, ok := ScoreBits(lon, lat)
	// GEOADD passes the integer to ZADD as text, which parses it into the
	// nearest double; only hashes at the very top of the latitude or
	// longitude range have bits beyond 52 that this rounds.
	return float64(bits), ok
}

// ScoreBits returns the integer behind Score, which GEOADD passes to ZADD
// as decimal text (and so records in its effect). ok is false for a pair
// ValidLonLat rejects.
func ScoreBits(lon, lat float64) (bits uint64, ok bool) {
	h, ok := encode(redisLon, redisLat, lon, lat, steps)
	if !ok {
		return 0, false
	}
	return h.align52(), true
}

// Position decodes a member's score into the coordinates GEOPOS reports,
// and which distances and searches use: the centre of the score's 52-bit
// box, clamped to the limits. Any double decodes, as in Redis: the score is
// truncated to an integer the way C casts a double to uint64_t on x86-64.
func Position(score float64) (lon, lat float64) {
	a, _ := decode(redisLon, redisLat, hashBits{bits: cUint64(score), step: steps})
	return a.center()
}

// geohashAlphabet is the base-32 alphabet of standard geohash strings.
const geohashAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz"

// Hash returns the 11-character standard geohash GEOHASH reports for a
// score. The score's position is re-encoded over the standard latitude
// range of ±90 degrees; its 52 bits fill ten characters and the eleventh is
// always '0'.
func Hash(score float64) string {
	lon, lat := Position(score)
	h, _ := encode(standardLon, standardLat, lon, lat, steps)
	var b [11]byte
	for i := 0; i < 10; i++ {
		b[i] = geohashAlphabet[h.bits>>(52-5*(i+1))&0x1f]
	}
	b[10] = geohashAlphabet[0]
	return string(b[:])
}

// Distance returns the great-circle distance in meters between two
// positions with the haversine formula, evaluated as Redis does, with
// correctly rounded sin, cos and asin (see crmath.go).
func Distance(lon1, lat1, lon2, lat2 float64) float64 {
	return distance(toRadians(lon1), toRadians(lat1), math.NaN(), toRadians(lon2), toRadians(lat2))
}

// distance is Distance on radians. cosLat1 is cos(lat1r) when the caller
// has it at hand (a search computes it once for its centre), else NaN.
func distance(lon1r, lat1r, cosLat1, lon2r, lat2r float64) float64 {
	v := crSin((lon2r - lon1r) / 2)
	if v == 0 {
		// Redis's shortcut for positions on one meridian.
		return earthRadius * math.Abs(lat2r-lat1r)
	}
	if cosLat1 != cosLat1 {
		cosLat1 = crCos(lat1r)
	}
	u := crSin((lat2r - lat1r) / 2)
	// The float64 conversions keep each product rounded on its own, as in
	// C: Go may otherwise fuse a multiply and an add.
	a := float64(u*u) + float64(float64(float64(cosLat1*crCos(lat2r))*v)*v)
	return 2.0 * earthRadius * crAsin(math.Sqrt(a))
}

// UnitMeters returns how many meters one unit holds for the unit names
// Redis accepts (m, km, ft, mi, in any case); for others ok is false and
// Redis replies with ErrUnit.
func UnitMeters(unit string) (meters float64, ok bool) {
	switch strings.ToLower(unit) {
	case "m":
		return 1, true
	case "km":
		return 1000, true
	case "ft":
		return 0.3048, true
	case "mi":
		return 1609.34, true
	}
	return 0, false
}

// cUint64 converts a double to uint64_t as GCC compiles the cast on x86-64:
// below 2^63 through a signed truncation (negative values wrap, values at or
// below -2^63 give 1<<63), from 2^63 up by subtracting 2^63 first, so 2^64
// and beyond give 0.
func cUint64(x float64) uint64 {
	const two63 = 1 << 63
	signed := func(v float64) uint64 {
		if v > -two63 && v < two63 { // false for NaN and infinities
			return uint64(int64(v))
		}
		return 1 << 63
	}
	if x >= two63 {
		return signed(x-two63) ^ 1<<63
	}
	return signed(x) // NaN included, as the unordered compare falls here
}

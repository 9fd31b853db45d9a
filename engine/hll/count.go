package hll

import (
	"encoding/binary"
	"math"
)

// Count returns the cardinality PFCOUNT reports for a single key holding h.
//
// A valid cached cardinality in the header is returned as it is, even when
// the registers behind it are corrupt, and updated is nil. Otherwise the
// estimate is computed and updated is a copy of h with the cache filled in
// and marked valid. Redis stores that copy back, so a PFCOUNT that fills the
// cache is a write: it changes what GET returns, and Redis signals the key as
// modified (WATCH) and propagates it. h is never modified.
//
// Errors: ErrWrongType from Validate, ErrCorrupt for a sparse list that does
// not cover every register.
func Count(h []byte) (card int64, updated []byte, err error) {
	if err := Validate(h); err != nil {
		return 0, nil, err
	}
	if c, ok := cachedCard(h); ok {
		return int64(c), nil, nil
	}
	var hist [64]int
	if IsDense(h) {
		denseHistogram(h[HeaderSize:], &hist)
	} else if err := sparseHistogram(h, &hist); err != nil {
		return 0, nil, err
	}
	c := estimate(&hist)
	updated = make([]byte, len(h))
	copy(updated, h)
	binary.LittleEndian.PutUint64(updated[offCard:], c)
	return int64(c), updated, nil
}

// CountUnion returns the cardinality PFCOUNT reports for several keys: that
// of the union of their HLLs. A nil entry stands for a missing key. Values
// are checked in order and the first failure is returned (ErrWrongType or
// ErrCorrupt). No cache is read or written.
func CountUnion(hs ...[]byte) (int64, error) {
	var u Union
	for _, h := range hs {
		if h == nil {
			continue
		}
		if err := u.Add(h); err != nil {
			return 0, err
		}
	}
	return u.Count(), nil
}

// estimate turns a register histogram into a cardinality with the estimator
// of Otmar Ertl, "New cardinality estimation algorithms for HyperLogLog
// sketches" (arXiv:1702.01284), computed step by step in the same order as
// Redis so that the rounded result is identical. Registers above q+1 (only
// possible in hand-made dense values) are left out, as in Redis.
func estimate(hist *[64]int) uint64 {
	const m = float64(Registers)
	// 0.5/ln(2), the limit of the HLL bias constant for infinitely many
	// registers.
	const alphaInf = 0.721347520444481703680

	z := m * tau(float64(Registers-hist[q+1])/m)
	for k := q; k >= 1; k-- {
		z += float64(hist[k])
		z *= 0.5
	}
	z += float64(m * sigma(float64(hist[0])/m))
	return roundLikeRedis(float64(alphaInf*m) * m / z)
}

// roundLikeRedis reproduces how Redis turns the estimate into the integer it
// caches and replies with: llroundl to a long long, stored in a double, then
// cast to uint64_t. Out of range (only reachable with hand-made registers,
// where z underflows towards 0) llroundl gives LLONG_MIN on x86-64, which
// ends up as 1<<63: the reply is then -9223372036854775808 and the cached
// value carries the stale flag. Plain Go conversions would not agree.
func roundLikeRedis(e float64) uint64 {
	const two63 = 1 << 63
	r := math.Round(e)
	n := int64(math.MinInt64)
	if r > -two63 && r < two63 { // false for NaN too
		n = int64(r)
	}
	return cUint64(float64(n))
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

// sigma is the series of the same name in Ertl's paper. The explicit
// float64 conversions keep every product rounded on its own, as in C:
// Go may otherwise fuse a multiply and an add.
func sigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += float64(x * y)
		y += y
		if z == prev {
			return z
		}
	}
}

// tau is the series of the same name in Ertl's paper.
func tau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		d := 1 - x
		z -= float64(float64(d*d) * y)
		if z == prev {
			return z / 3
		}
	}
}

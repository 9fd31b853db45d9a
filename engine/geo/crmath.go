package geo

import (
	"math"
	"math/big"
)

// Correctly rounded sin, cos and asin.
//
// Redis computes distances with the C library's sin, cos and asin. Glibc's
// results are the correctly rounded ones in all but about one call in a
// thousand, while Go's math package is up to an ulp off in a third of them,
// which shows in the last bits of every other distance (visible, for
// instance, in the scores GEOSEARCHSTORE STOREDIST stores). Evaluating in
// double-double arithmetic (about 105 bits) and rounding once gives the
// correctly rounded result except in cases too close to a rounding boundary
// to matter, and so agrees with glibc as often as glibc is exact.

// dd is an unevaluated sum hi+lo with |lo| at most half an ulp of hi.
type dd struct{ hi, lo float64 }

// twoSum returns a+b exactly as s+e.
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bv := s - a
	e = (a - (s - bv)) + (b - bv)
	return s, e
}

// fastTwoSum is twoSum for |a| >= |b|.
func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return s, e
}

// twoProd returns a*b exactly as p+e.
func twoProd(a, b float64) (p, e float64) {
	p = a * b
	return p, math.FMA(a, b, -p)
}

func ddAdd(x, y dd) dd {
	s, e := twoSum(x.hi, y.hi)
	t, f := twoSum(x.lo, y.lo)
	e += t
	s, e = fastTwoSum(s, e)
	e += f
	s, e = fastTwoSum(s, e)
	return dd{s, e}
}

func ddNeg(x dd) dd { return dd{-x.hi, -x.lo} }

func ddMul(x, y dd) dd {
	p, e := twoProd(x.hi, y.hi)
	e += x.hi*y.lo + x.lo*y.hi
	p, e = fastTwoSum(p, e)
	return dd{p, e}
}

// Series coefficients and π/2, derived once from decimal π and exact
// factorials. The leading terms of each series are kept in double-double
// and the tail, whose terms are small for |r| <= π/4, is summed in plain
// doubles. Two splits: fastSeries keeps 4 leading terms (about 2^-70 of
// relative error), fullSeries 9 (about 2^-104). The fast one settles the
// rounding almost always; the full one decides the rest.
type seriesSet struct {
	sinHead, cosHead []dd      // (-1)^k/(2k+1)! and (-1)^k/(2k)!, leading k
	sinTail, cosTail []float64 // the same for the following k
}

var (
	halfPi     [3]float64 // π/2 = [0]+[1]+[2], about 160 bits
	fastSeries = seriesSet{}
	fullSeries = seriesSet{}
	maxReduce  = 0x1p20 // largest |x| reduced here
)

// Error bounds, relative, of the fast evaluations (with margin).
const (
	fastSinCosErr = 0x1p-64
	fastAsinErr   = 0x1p-60
)

const piDigits = "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706"

func init() {
	const prec = 256
	v, _, _ := big.ParseFloat(piDigits, 10, prec, big.ToNearestEven)
	v.Quo(v, big.NewFloat(2))
	for i := range halfPi {
		halfPi[i], _ = v.Float64()
		v.Sub(v, new(big.Float).SetPrec(prec).SetFloat64(halfPi[i]))
	}

	var sin, cos []dd // up to k = 15
	fact := big.NewInt(1)
	for n := int64(0); n < 32; n++ {
		if n > 0 {
			fact.Mul(fact, big.NewInt(n))
		}
		c := new(big.Float).SetPrec(prec).SetInt(fact)
		c.Quo(new(big.Float).SetPrec(prec).SetInt64(1), c)
		if n/2%2 == 1 {
			c.Neg(c)
		}
		hi, _ := c.Float64()
		lo, _ := c.Sub(c, new(big.Float).SetFloat64(hi)).Float64()
		if n%2 == 1 {
			sin = append(sin, dd{hi, lo})
		} else {
			cos = append(cos, dd{hi, lo})
		}
	}
	split := func(cs []dd, head int) ([]dd, []float64) {
		var tail []float64
		for _, c := range cs[head:] {
			tail = append(tail, c.hi)
		}
		return cs[:head], tail
	}
	// Terms beyond k = 14 (sin) and 15 (cos) are below 2^-110 for |r| <= π/4.
	fastSeries.sinHead, fastSeries.sinTail = split(sin[:15], 4)
	fastSeries.cosHead, fastSeries.cosTail = split(cos[:16], 4)
	fullSeries.sinHead, fullSeries.sinTail = split(sin[:15], 9)
	fullSeries.cosHead, fullSeries.cosTail = split(cos[:16], 9)
}

// reduce returns r and k with x = r + k·π/2 and |r| <= π/4 (about), for
// |x.hi| <= maxReduce.
func reduce(x dd) (dd, int) {
	k := math.RoundToEven(x.hi / halfPi[0])
	if k == 0 {
		return x, 0
	}
	p, e := twoProd(k, halfPi[0])
	r := ddAdd(x, dd{-p, -e})
	p, e = twoProd(k, halfPi[1])
	r = ddAdd(r, dd{-p, -e})
	r = ddAdd(r, dd{-k * halfPi[2], 0})
	return r, int(k) & 3
}

// series evaluates head[0] + t·head[1] + ... + t^n·(tail[0] + t·tail[1] + ...)
// by Horner's rule, the tail in doubles.
func series(head []dd, tail []float64, t dd) dd {
	x := tail[len(tail)-1]
	for i := len(tail) - 2; i >= 0; i-- {
		x = float64(x*t.hi) + tail[i]
	}
	s := dd{x, 0}
	for i := len(head) - 1; i >= 0; i-- {
		s = ddAdd(ddMul(s, t), head[i])
	}
	return s
}

func (s *seriesSet) sinReduced(r dd) dd { return ddMul(r, series(s.sinHead, s.sinTail, ddMul(r, r))) }
func (s *seriesSet) cosReduced(r dd) dd { return series(s.cosHead, s.cosTail, ddMul(r, r)) }

// sin returns sin(x), for |x.hi| <= maxReduce.
func (s *seriesSet) sin(x dd) dd {
	r, k := reduce(x)
	switch k {
	case 1:
		return s.cosReduced(r)
	case 2:
		return ddNeg(s.sinReduced(r))
	case 3:
		return ddNeg(s.cosReduced(r))
	}
	return s.sinReduced(r)
}

// cos returns cos(x), for |x.hi| <= maxReduce.
func (s *seriesSet) cos(x dd) dd {
	r, k := reduce(x)
	switch k {
	case 1:
		return ddNeg(s.sinReduced(r))
	case 2:
		return ddNeg(s.cosReduced(r))
	case 3:
		return s.sinReduced(r)
	}
	return s.cosReduced(r)
}

// settled reports whether y.hi is the correctly rounded value of every
// number within err·|y.hi| of y.hi+y.lo: whether no rounding boundary
// (half an ulp, the smaller ulp at a power of two) lies in reach.
func settled(y dd, err float64) bool {
	a := math.Abs(y.hi)
	halfUlp := (a - math.Nextafter(a, 0)) / 2
	return math.Abs(y.lo)+err*a < halfUlp
}

// crSin returns sin(x) correctly rounded.
func crSin(x float64) float64 {
	if !(math.Abs(x) <= maxReduce) {
		return math.Sin(x) // NaN, infinities, and arguments no distance reaches
	}
	if math.Abs(x) < 0x1p-26 {
		return x // sin x = x - x³/6 rounds to x
	}
	if y := fastSeries.sin(dd{x, 0}); settled(y, fastSinCosErr) {
		return y.hi
	}
	return fullSeries.sin(dd{x, 0}).hi
}

// crCos returns cos(x) correctly rounded.
func crCos(x float64) float64 {
	if !(math.Abs(x) <= maxReduce) {
		return math.Cos(x)
	}
	if y := fastSeries.cos(dd{x, 0}); settled(y, fastSinCosErr) {
		return y.hi
	}
	return fullSeries.cos(dd{x, 0}).hi
}

// cNaN is the NaN x86-64 arithmetic produces for an invalid operation (sign
// bit set), which is what the C library's asin returns outside [-1, 1] and
// what printf then shows as "-nan".
var cNaN = math.Float64frombits(0xfff8000000000000)

// crAsin returns asin(x) correctly rounded, and cNaN outside [-1, 1].
func crAsin(x float64) float64 {
	switch {
	case x != x || x > 1 || x < -1:
		return cNaN
	case x < 0:
		return -crAsin(-x)
	case x == 1:
		return halfPi[0]
	case x < 0x1p-26:
		return x // asin x = x + x³/6 rounds to x
	}
	// Newton's method on sin(y) = x from the double estimate. Each step
	// squares the error, so one step from a double estimate reaches about
	// 2^-104; near 1, where sin flattens, the constant grows, so take more
	// steps there. A step needs sin(y) to full precision but cos(y) only to
	// double precision. The fast series usually settles the rounding.
	if x <= 0.9 {
		if y := newtonAsin(x, dd{math.Asin(x), 0}, &fastSeries); settled(y, fastAsinErr) {
			return y.hi
		}
	}
	y := dd{math.Asin(x), 0}
	steps := 1
	if x > 0.9 {
		steps = 3
	}
	for i := 0; i < steps; i++ {
		y = newtonAsin(x, y, &fullSeries)
	}
	return y.hi
}

// newtonAsin takes one Newton step towards asin(x) from y.
func newtonAsin(x float64, y dd, s *seriesSet) dd {
	diff := ddAdd(dd{x, 0}, ddNeg(s.sin(y)))
	return ddAdd(y, dd{diff.hi / math.Cos(y.hi), 0})
}

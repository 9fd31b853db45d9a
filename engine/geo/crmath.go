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
// factorials. The leading terms of each series are kept in double-double;
// the tail, whose terms are below 2^-52 of the result for |r| <= π/4, is
// summed in plain doubles, which is still far below 2^-105.
var (
	halfPi    [3]float64 // π/2 = [0]+[1]+[2], about 160 bits
	sinHead   []dd       // (-1)^k / (2k+1)!, k < headTerms
	sinTail   []float64  // the same for headTerms <= k < 15
	cosHead   []dd       // (-1)^k / (2k)!, k < headTerms
	cosTail   []float64  // the same for headTerms <= k < 16
	maxReduce = 0x1p20   // largest |x| reduced here
)

const headTerms = 9

const piDigits = "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706"

func init() {
	const prec = 256
	v, _, _ := big.ParseFloat(piDigits, 10, prec, big.ToNearestEven)
	v.Quo(v, big.NewFloat(2))
	for i := range halfPi {
		halfPi[i], _ = v.Float64()
		v.Sub(v, new(big.Float).SetPrec(prec).SetFloat64(halfPi[i]))
	}

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
		k := int(n / 2)
		switch {
		case n%2 == 1 && k < headTerms:
			sinHead = append(sinHead, dd{hi, lo})
		case n%2 == 1 && k < 15:
			sinTail = append(sinTail, hi)
		case n%2 == 0 && k < headTerms:
			cosHead = append(cosHead, dd{hi, lo})
		case n%2 == 0 && k < 16:
			cosTail = append(cosTail, hi)
		}
	}
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

func sinReduced(r dd) dd { return ddMul(r, series(sinHead, sinTail, ddMul(r, r))) }
func cosReduced(r dd) dd { return series(cosHead, cosTail, ddMul(r, r)) }

// ddSin returns sin(x) to about 105 bits, for |x.hi| <= maxReduce.
func ddSin(x dd) dd {
	r, k := reduce(x)
	switch k {
	case 1:
		return cosReduced(r)
	case 2:
		return ddNeg(sinReduced(r))
	case 3:
		return ddNeg(cosReduced(r))
	}
	return sinReduced(r)
}

// ddCos returns cos(x) to about 105 bits, for |x.hi| <= maxReduce.
func ddCos(x dd) dd {
	r, k := reduce(x)
	switch k {
	case 1:
		return ddNeg(sinReduced(r))
	case 2:
		return ddNeg(cosReduced(r))
	case 3:
		return sinReduced(r)
	}
	return cosReduced(r)
}

// crSin returns sin(x) correctly rounded.
func crSin(x float64) float64 {
	if !(math.Abs(x) <= maxReduce) {
		return math.Sin(x) // NaN, infinities, and arguments no distance reaches
	}
	if math.Abs(x) < 0x1p-26 {
		return x // sin x = x - x³/6 rounds to x
	}
	return ddSin(dd{x, 0}).hi
}

// crCos returns cos(x) correctly rounded.
func crCos(x float64) float64 {
	if !(math.Abs(x) <= maxReduce) {
		return math.Cos(x)
	}
	return ddCos(dd{x, 0}).hi
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
	// squares the error; near 1, where sin flattens, the constant grows, so
	// take more steps there. The step needs sin(y) to full precision but
	// cos(y) only to double precision.
	y := dd{math.Asin(x), 0}
	steps := 1
	if x > 0.9 {
		steps = 3
	}
	for i := 0; i < steps; i++ {
		diff := ddAdd(dd{x, 0}, ddNeg(ddSin(y)))
		y = ddAdd(y, dd{diff.hi / math.Cos(y.hi), 0})
	}
	return y.hi
}

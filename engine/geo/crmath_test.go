package geo

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// Reference sin, cos and asin in math/big, far slower and far more precise.

const refPrec = 300

func bigf(x float64) *big.Float { return new(big.Float).SetPrec(refPrec).SetFloat64(x) }

func refPi() *big.Float {
	v, _, _ := big.ParseFloat(piDigits, 10, refPrec, big.ToNearestEven)
	return v
}

// refSinCos sums the Taylor series after reducing by multiples of π/2.
func refSinCos(x *big.Float) (sin, cos *big.Float) {
	halfPi := new(big.Float).Quo(refPi(), big.NewFloat(2))
	q := new(big.Float).Quo(x, halfPi)
	qf, _ := q.Float64()
	k := math.RoundToEven(qf)
	r := new(big.Float).Sub(x, new(big.Float).Mul(halfPi, bigf(k)))
	r2 := new(big.Float).Mul(r, r)
	s, c := new(big.Float).Set(r), bigf(1)
	ts, tc := new(big.Float).Set(r), bigf(1)
	for n := 1; n < 60; n++ {
		ts.Mul(ts, r2).Quo(ts, bigf(float64(-(2*n)*(2*n+1))))
		tc.Mul(tc, r2).Quo(tc, bigf(float64(-(2*n-1)*(2*n))))
		s.Add(s, ts)
		c.Add(c, tc)
	}
	switch int(k) & 3 {
	case 1:
		return c, s.Neg(s)
	case 2:
		return s.Neg(s), c.Neg(c)
	case 3:
		return c.Neg(c), s
	}
	return s, c
}

func refAsin(x float64) *big.Float {
	y := bigf(math.Asin(x))
	for i := 0; i < 8; i++ {
		s, c := refSinCos(y)
		d := new(big.Float).Sub(s, bigf(x))
		y.Sub(y, d.Quo(d, c))
	}
	return y
}

func rounded(f *big.Float) float64 { v, _ := f.Float64(); return v }

func TestCorrectlyRounded(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	check := func(name string, x, got float64, want *big.Float) {
		t.Helper()
		if w := rounded(want); got != w {
			t.Errorf("%s(%v) = %v, want %v", name, x, got, w)
		}
	}
	for i := 0; i < n; i++ {
		var x float64
		switch i % 4 {
		case 0:
			x = (r.Float64()*2 - 1) * math.Pi / 2
		case 1:
			x = (r.Float64()*2 - 1) * 1e-3
		case 2:
			x = (r.Float64()*2 - 1) * 4
		case 3:
			x = math.Ldexp(r.Float64(), -r.IntN(40))
		}
		s, c := refSinCos(bigf(x))
		check("sin", x, crSin(x), s)
		check("cos", x, crCos(x), c)
		a := math.Abs(x)
		if a > 1 {
			a = 1 - r.Float64()*math.Pow(10, -float64(r.IntN(16)))
		}
		check("asin", a, crAsin(a), refAsin(a))
	}
}

func TestCorrectlyRoundedEdges(t *testing.T) {
	if crAsin(1) != math.Pi/2 || crAsin(0) != 0 || crAsin(-1) != -math.Pi/2 {
		t.Error("asin at 0 and ±1")
	}
	if !math.IsNaN(crAsin(1.0000000000000002)) || !math.IsNaN(crAsin(math.NaN())) {
		t.Error("asin outside [-1, 1]")
	}
	if crSin(0) != 0 || crCos(0) != 1 || crSin(1e-30) != 1e-30 {
		t.Error("sin, cos at 0")
	}
	for _, x := range []float64{math.Nextafter(1, 0), 0.9999999, 0.5, 1e-9} {
		if got, want := crAsin(x), rounded(refAsin(x)); got != want {
			t.Errorf("asin(%v) = %v, want %v", x, got, want)
		}
	}
	for _, x := range []float64{math.Pi / 2, math.Pi, -math.Pi / 2, 3 * math.Pi / 4, 2.356194490192345} {
		s, c := refSinCos(bigf(x))
		if crSin(x) != rounded(s) || crCos(x) != rounded(c) {
			t.Errorf("sin/cos(%v) = %v %v, want %v %v", x, crSin(x), crCos(x), rounded(s), rounded(c))
		}
	}
}

// Whenever the fast series claims to have settled the rounding, the full
// series must agree: that checks the fast error bounds on many inputs.
func TestFastSeriesBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	n := 300000
	if testing.Short() {
		n = 30000
	}
	unsettled := 0
	for i := 0; i < n; i++ {
		x := (r.Float64()*2 - 1) * []float64{math.Pi / 2, 3, 1e-3, 1e-7}[i%4]
		if y := fastSeries.sin(dd{x, 0}); settled(y, fastSinCosErr) {
			if full := fullSeries.sin(dd{x, 0}).hi; y.hi != full {
				t.Fatalf("sin(%v): fast %v, full %v", x, y.hi, full)
			}
		} else {
			unsettled++
		}
		if y := fastSeries.cos(dd{x, 0}); settled(y, fastSinCosErr) {
			if full := fullSeries.cos(dd{x, 0}).hi; y.hi != full {
				t.Fatalf("cos(%v): fast %v, full %v", x, y.hi, full)
			}
		} else {
			unsettled++
		}
		a := r.Float64() * 0.9
		if y := newtonAsin(a, dd{math.Asin(a), 0}, &fastSeries); settled(y, fastAsinErr) {
			if full := newtonAsin(a, dd{math.Asin(a), 0}, &fullSeries).hi; y.hi != full {
				t.Fatalf("asin(%v): fast %v, full %v", a, y.hi, full)
			}
		} else {
			unsettled++
		}
	}
	if unsettled > 3*n/100 {
		t.Errorf("the fast path settles too rarely: %d of %d", unsettled, 3*n)
	}
}

package engine

import (
	"bufio"
	"math/big"
	"math/rand"
	"os"
	"strings"
	"testing"
)

// incrbyfloat is INCRBYFLOAT's arithmetic on texts, with its errors.
func incrbyfloat(value, incr string) string {
	x, ok1 := parseLongDouble([]byte(value))
	y, ok2 := parseLongDouble([]byte(incr))
	if !ok1 || !ok2 {
		return "-" + ErrNotFloat
	}
	sum := x.add(y)
	if !sum.isFinite() {
		return "-" + ErrIncrNaNOrInf
	}
	return string(appendLongDoubleHuman(nil, sum))
}

// TestLongDoubleKnownValues checks results captured from redis-server
// 7.0.15 (testdata/incrbyfloat.txt): the limits of the format, subnormals,
// ties, and the errors. The differential tests check many more live.
func TestLongDoubleKnownValues(t *testing.T) {
	f, err := os.Open("testdata/incrbyfloat.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, "\t")
		if got := incrbyfloat(fields[0], fields[1]); got != fields[2] {
			t.Errorf("%s + %s = %.80q, want %.80q", fields[0], fields[1], got, fields[2])
		}
		n++
	}
	if n < 40 {
		t.Fatalf("only %d cases read", n)
	}
}

// ratOf returns the exact value of a finite long double.
func ratOf(x longDouble) *big.Rat {
	r := new(big.Rat).SetInt(new(big.Int).SetUint64(x.mant))
	pow := new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(abs64(int64(x.exp)))))
	if x.exp >= 0 {
		r.Mul(r, pow)
	} else {
		r.Quo(r, pow)
	}
	if x.neg {
		r.Neg(r)
	}
	return r
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// referenceRound rounds r to the long double grid with big.Float, whose
// arithmetic is correctly rounded to any precision: 64 bits for normal
// values, fewer below 2^-16382, where the grid of subnormals is fixed. It
// is an oracle built independently of roundToLongDouble. The result is
// nil on overflow.
func referenceRound(r *big.Rat) *big.Float {
	if r.Sign() == 0 {
		return new(big.Float)
	}
	a := new(big.Rat).Abs(r)
	// e: the exponent of a's leading bit, 2^e <= a < 2^(e+1).
	e := a.Num().BitLen() - a.Denom().BitLen()
	if pow2Rat(e).Cmp(a) > 0 {
		e--
	}
	prec := 64
	if e < -16382 {
		prec = 64 - (-16382 - e)
	}
	var f *big.Float
	if prec <= 0 {
		// Below the smallest subnormal: round between 0 and 2^-16445.
		half := pow2Rat(ldMinExp - 1)
		if a.Cmp(half) > 0 {
			f = new(big.Float).SetMantExp(big.NewFloat(1), ldMinExp)
		} else {
			f = new(big.Float)
		}
	} else {
		f = new(big.Float).SetPrec(uint(prec)).SetMode(big.ToNearestEven).SetRat(a)
	}
	if f.Sign() != 0 && f.MantExp(nil) > 16384 { // 2^16384 or more
		return nil
	}
	if r.Sign() < 0 {
		f.Neg(f)
	}
	return f
}

func pow2Rat(e int) *big.Rat {
	one := big.NewInt(1)
	if e >= 0 {
		return new(big.Rat).SetInt(new(big.Int).Lsh(one, uint(e)))
	}
	return new(big.Rat).SetFrac(one, new(big.Int).Lsh(one, uint(-e)))
}

// checkRounding fails t unless x is r correctly rounded.
func checkRounding(t *testing.T, what string, r *big.Rat, x longDouble) {
	t.Helper()
	want := referenceRound(r)
	if want == nil {
		if x.kind != ldInf {
			t.Errorf("%s: got %v, want an overflow", what, x)
		}
		return
	}
	if !x.isFinite() {
		t.Errorf("%s: got %v, want %s", what, x, want.Text('p', 0))
		return
	}
	got := new(big.Float).SetRat(ratOf(x))
	if got.Cmp(want) != 0 {
		t.Errorf("%s: got %s, want %s", what, got.Text('p', 0), want.Text('p', 0))
	}
}

// plainNumber returns the exact value of a number text our parser
// accepted, when big.Rat can compute it cheaply: big.Rat reads every form
// strtold accepts but infinities, which are not finite anyway.
func plainNumber(s string) (*big.Rat, bool) {
	if len(s) > 400 {
		return nil, false
	}
	lower := strings.ToLower(s)
	mark := "e"
	if strings.Contains(lower, "0x") {
		mark = "p"
	}
	if i := strings.LastIndex(lower, mark); i >= 0 && len(strings.TrimLeft(lower[i+1:], "+-")) > 4 {
		return nil, false // an exponent too large to compute exactly, cheaply
	}
	return new(big.Rat).SetString(s)
}

func TestLongDoubleRoundingProperties(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for i := 0; i < 20000; i++ {
		a, b := randomFloatText(r), randomFloatText(r)
		x, okX := parseLongDouble([]byte(a))
		y, okY := parseLongDouble([]byte(b))
		if ra, ok := plainNumber(a); okX && ok && x.isFinite() {
			checkRounding(t, "parse "+a, ra, x)
		}
		if okX && okY && x.isFinite() && y.isFinite() {
			sum := new(big.Rat).Add(ratOf(x), ratOf(y))
			checkRounding(t, a+" + "+b, sum, x.add(y))
		}
		if okX && x.isFinite() {
			checkFormat(t, x)
		}
		if t.Failed() {
			return
		}
	}
}

// checkFormat fails t unless appendLongDoubleHuman printed x as "%.17Lf"
// would, trimmed: computed here with exact rationals.
func checkFormat(t *testing.T, x longDouble) {
	t.Helper()
	got := string(appendLongDoubleHuman(nil, x))
	want := referenceFormat(x)
	if got != want {
		t.Errorf("format %v: got %q, want %q", x, got, want)
	}
}

func referenceFormat(x longDouble) string {
	scaled := new(big.Rat).Mul(new(big.Rat).Abs(ratOf(x)), new(big.Rat).SetInt(pow10Big(17)))
	q, rem := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	// Round half to even on the exact remainder.
	switch new(big.Int).Lsh(rem, 1).Cmp(scaled.Denom()) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	digits := q.String()
	if len(digits) < 18 {
		digits = strings.Repeat("0", 18-len(digits)) + digits
	}
	s := digits[:len(digits)-17] + "." + digits[len(digits)-17:]
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if x.neg && s != "0" {
		s = "-" + s
	}
	return s
}

func FuzzParseLongDouble(f *testing.F) {
	for _, s := range []string{"1.5", "-0x1.8p3", "1e4932", "3.6e-4951", " 1", "inf", "0x", "1e", ".5", "00.00e-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, ok := parseLongDouble([]byte(s))
		if !ok || !x.isFinite() {
			return
		}
		if x.mant != 0 && x.mant < 1<<63 && x.exp != ldMinExp {
			t.Fatalf("%q: not normalized: %v", s, x)
		}
		if r, ok := plainNumber(s); ok {
			checkRounding(t, "parse "+s, r, x)
		}
		checkFormat(t, x)
	})
}

func FuzzAddLongDouble(f *testing.F) {
	f.Add("31", "1e-17")
	f.Add("0x1p-16445", "-0x1p-16444")
	f.Add("1.18973149535723176502e+4932", "-1e4900")
	f.Add("-5", "5")
	f.Fuzz(func(t *testing.T, a, b string) {
		x, ok1 := parseLongDouble([]byte(a))
		y, ok2 := parseLongDouble([]byte(b))
		if !ok1 || !ok2 || !x.isFinite() || !y.isFinite() {
			return
		}
		sum := x.add(y)
		checkRounding(t, a+" + "+b, new(big.Rat).Add(ratOf(x), ratOf(y)), sum)
		if sum.isFinite() {
			checkFormat(t, sum)
		}
	})
}

func FuzzFormatLongDouble(f *testing.F) {
	f.Add(uint64(1<<63), int32(-63), false)
	f.Add(uint64(0xffffffffffffffff), int32(-120), true)
	f.Add(uint64(12345), int32(ldMinExp), false)
	f.Fuzz(func(t *testing.T, mant uint64, exp int32, neg bool) {
		if exp < ldMinExp || exp > ldMaxExp {
			return
		}
		if mant < 1<<63 && exp != ldMinExp {
			return // only normalized values exist
		}
		checkFormat(t, longDouble{neg: neg, mant: mant, exp: exp})
	})
}

func BenchmarkIncrbyfloat(b *testing.B) {
	e := newTestEngine(b)
	c := e.NewClient(ClientOptions{})
	for b.Loop() {
		c.Do("INCRBYFLOAT", "f", "0.1")
	}
}

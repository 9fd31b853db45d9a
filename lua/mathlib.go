package lua

import (
	"math"

	glua "github.com/yuin/gopher-lua"
)

// The math library of Lua 5.1 (with the 5.0 alias math.mod), with
// math.random and math.randomseed replaced, as Redis does, by a generator
// that gives the same sequence on every platform.

func (s *State) mathFuncs() map[string]glua.LGFunction {
	unary := func(f func(float64) float64) glua.LGFunction {
		return func(L *glua.LState) int {
			x := checkNumber(L, 1)
			L.Push(glua.LNumber(cNaN(f(x), x)))
			return 1
		}
	}
	binary := func(f func(x, y float64) float64) glua.LGFunction {
		return func(L *glua.LState) int {
			x, y := checkNumber(L, 1), checkNumber(L, 2)
			L.Push(glua.LNumber(cNaN(f(x, y), x, y)))
			return 1
		}
	}
	return map[string]glua.LGFunction{
		"abs":   unary(math.Abs),
		"acos":  unary(math.Acos),
		"asin":  unary(math.Asin),
		"atan":  unary(math.Atan),
		"atan2": binary(math.Atan2),
		"ceil":  unary(math.Ceil),
		"cos":   unary(math.Cos),
		"cosh":  unary(math.Cosh),
		"deg":   unary(func(x float64) float64 { return x / (math.Pi / 180) }),
		"exp":   unary(math.Exp),
		"floor": unary(math.Floor),
		"fmod":  binary(math.Mod),
		"frexp": mathFrexp,
		"ldexp": mathLdexp,
		"log":   unary(math.Log),
		"log10": unary(math.Log10),
		"max":   mathMax,
		"min":   mathMin,
		"mod":   binary(math.Mod),
		"modf":  mathModf,
		"pow":   binary(math.Pow),
		"rad":   unary(func(x float64) float64 { return x * (math.Pi / 180) }),
		"sin":   unary(math.Sin),
		"sinh":  unary(math.Sinh),
		"sqrt":  unary(math.Sqrt),
		"tan":   unary(math.Tan),
		"tanh":  unary(math.Tanh),

		"random":     s.mathRandom,
		"randomseed": s.mathRandomSeed,
	}
}

// cNaN gives a NaN result the sign glibc gives it on x86-64: a NaN
// argument comes back as is, and a NaN made from numbers is the
// processor's default NaN, whose sign bit is set. Go's math package always
// returns a positive NaN, and tostring shows the difference ("-nan").
func cNaN(r float64, args ...float64) float64 {
	if !math.IsNaN(r) {
		return r
	}
	for _, a := range args {
		if math.IsNaN(a) {
			return a
		}
	}
	return math.Copysign(math.NaN(), -1)
}

func mathFrexp(L *glua.LState) int {
	frac, exp := math.Frexp(checkNumber(L, 1))
	L.Push(glua.LNumber(frac))
	L.Push(glua.LNumber(exp))
	return 2
}

func mathLdexp(L *glua.LState) int {
	L.Push(glua.LNumber(math.Ldexp(checkNumber(L, 1), checkInt(L, 2))))
	return 1
}

func mathModf(L *glua.LState) int {
	x := checkNumber(L, 1)
	ip, fp := math.Modf(x)
	if math.IsInf(x, 0) {
		fp = math.Copysign(0, x) // C's modf, unlike Go's, gives 0 here
	}
	L.Push(glua.LNumber(ip))
	L.Push(glua.LNumber(fp))
	return 2
}

func mathMin(L *glua.LState) int {
	m := checkNumber(L, 1)
	for i := 2; i <= L.GetTop(); i++ {
		if d := checkNumber(L, i); d < m {
			m = d
		}
	}
	L.Push(glua.LNumber(m))
	return 1
}

func mathMax(L *glua.LState) int {
	m := checkNumber(L, 1)
	for i := 2; i <= L.GetTop(); i++ {
		if d := checkNumber(L, i); d > m {
			m = d
		}
	}
	L.Push(glua.LNumber(m))
	return 1
}

// rand48 is Redis's redisLrand48: the 48-bit linear congruential generator
// of POSIX lrand48, x = (0x5DEECE66D*x + 0xB) mod 2^48, yielding the top 31
// bits. Its zero value is not a valid state; use newRand48.
type rand48 struct{ x uint64 }

const (
	rand48Mul  = 0x5DEECE66D
	rand48Add  = 0xB
	rand48Mask = 1<<48 - 1
	rand48Init = 0x1234ABCD330E // the state before any seeding
	rand48Max  = math.MaxInt32  // REDIS_LRAND48_MAX
)

func newRand48() *rand48 { return &rand48{x: rand48Init} }

// seed is redisSrand48: the high 32 bits of the state from the seed.
func (r *rand48) seed(v int32) {
	r.x = uint64(uint32(v))<<16 | 0x330E
}

func (r *rand48) next() int32 {
	r.x = (rand48Mul*r.x + rand48Add) & rand48Mask
	return int32(r.x >> 17)
}

// math.random([m [, n]]) as Redis implements it.
func (s *State) mathRandom(L *glua.LState) int {
	r := float64(s.rand.next()%rand48Max) / rand48Max
	switch L.GetTop() {
	case 0:
		L.Push(glua.LNumber(r))
	case 1:
		u := checkInt(L, 1)
		if u < 1 {
			argError(L, 1, "interval is empty")
		}
		L.Push(glua.LNumber(math.Floor(r*float64(u)) + 1))
	case 2:
		l := checkInt(L, 1)
		u := checkInt(L, 2)
		if l > u {
			argError(L, 2, "interval is empty")
		}
		L.Push(glua.LNumber(math.Floor(r*float64(int32(u-l+1))) + float64(l)))
	default:
		raise(L, "wrong number of arguments")
	}
	return 1
}

func (s *State) mathRandomSeed(L *glua.LState) int {
	s.rand.seed(int32(checkInt(L, 1)))
	return 0
}

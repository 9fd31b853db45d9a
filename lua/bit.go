package lua

import (
	"math"

	glua "github.com/yuin/gopher-lua"
)

// The bit library is LuaBitOp 1.0 as bundled with Redis: 32-bit operations
// on Lua numbers, results returned as signed 32-bit values.

var bitFuncs = map[string]glua.LGFunction{
	"tobit":   bitToBit,
	"bnot":    bitNot,
	"band":    bitAnd,
	"bor":     bitOr,
	"bxor":    bitXor,
	"lshift":  bitLShift,
	"rshift":  bitRShift,
	"arshift": bitARShift,
	"rol":     bitRol,
	"ror":     bitRor,
	"bswap":   bitSwap,
	"tohex":   bitToHex,
}

// bitMagic is 2^52+2^51: adding it to a double in range leaves the value's
// integer part, rounded to nearest even, in the low 32 bits of the sum's
// representation. LuaBitOp normalises every argument this way, which also
// fixes the results for fractions and numbers beyond 32 bits.
const bitMagic = 6755399441055744.0

// toBit normalises a number the LuaBitOp way.
func toBit(n float64) uint32 {
	return uint32(math.Float64bits(n + bitMagic))
}

// bitArg reads argument n as LuaBitOp's barg does. A value that does not
// convert to a number counts as 0 and is reported as a type error.
func bitArg(L *glua.LState, n int) uint32 {
	v, ok := toNumber(L.Get(n))
	b := toBit(v)
	if b == 0 && !ok {
		typeError(L, n, "number")
	}
	return b
}

func bitReturn(L *glua.LState, b uint32) int {
	L.Push(glua.LNumber(int32(b)))
	return 1
}

func bitToBit(L *glua.LState) int { return bitReturn(L, bitArg(L, 1)) }
func bitNot(L *glua.LState) int   { return bitReturn(L, ^bitArg(L, 1)) }

// bitFold applies op from the last argument down to the second, as
// LuaBitOp does, so type errors name the last bad argument first.
func bitFold(L *glua.LState, op func(a, b uint32) uint32) int {
	b := bitArg(L, 1)
	for i := L.GetTop(); i > 1; i-- {
		b = op(b, bitArg(L, i))
	}
	return bitReturn(L, b)
}

func bitAnd(L *glua.LState) int { return bitFold(L, func(a, b uint32) uint32 { return a & b }) }
func bitOr(L *glua.LState) int  { return bitFold(L, func(a, b uint32) uint32 { return a | b }) }
func bitXor(L *glua.LState) int { return bitFold(L, func(a, b uint32) uint32 { return a ^ b }) }

// bitShift reads a value and a shift count (taken modulo 32).
func bitShift(L *glua.LState, op func(b uint32, n uint) uint32) int {
	b := bitArg(L, 1)
	n := uint(bitArg(L, 2) & 31)
	return bitReturn(L, op(b, n))
}

func bitLShift(L *glua.LState) int {
	return bitShift(L, func(b uint32, n uint) uint32 { return b << n })
}

func bitRShift(L *glua.LState) int {
	return bitShift(L, func(b uint32, n uint) uint32 { return b >> n })
}

func bitARShift(L *glua.LState) int {
	return bitShift(L, func(b uint32, n uint) uint32 { return uint32(int32(b) >> n) })
}

func bitRol(L *glua.LState) int {
	return bitShift(L, func(b uint32, n uint) uint32 { return b<<n | b>>(32-n) })
}

func bitRor(L *glua.LState) int {
	return bitShift(L, func(b uint32, n uint) uint32 { return b<<(32-n) | b>>n })
}

func bitSwap(L *glua.LState) int {
	b := bitArg(L, 1)
	return bitReturn(L, b>>24|(b>>8)&0xff00|(b&0xff00)<<8|b<<24)
}

// bitToHex formats the low n hex digits (default 8; a negative n asks for
// upper case; more than 8 means 8).
func bitToHex(L *glua.LState) int {
	b := bitArg(L, 1)
	n := int32(8)
	if L.GetTop() >= 2 {
		n = int32(bitArg(L, 2))
	}
	if n == math.MinInt32 {
		n++ // so that negating it cannot overflow, as LuaBitOp 1.0.3 does
	}
	digits := "0123456789abcdef"
	if n < 0 {
		n = -n
		digits = "0123456789ABCDEF"
	}
	if n > 8 {
		n = 8
	}
	buf := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		buf[i] = digits[b&15]
		b >>= 4
	}
	L.Push(glua.LString(buf))
	return 1
}

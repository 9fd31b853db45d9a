package lua

import (
	"encoding/binary"
	"math"
	"strings"

	glua "github.com/yuin/gopher-lua"
)

// The struct library is Roberto Ierusalimschy's struct 0.2 as bundled with
// Redis (with Redis's bounds checks), on a 64-bit little-endian machine:
// int is 4 bytes, long and size_t 8, the default maximum alignment 8.
//
// Format options: '>' and '<' set the byte order, '![n]' the maximum
// alignment, ' ' is ignored, 'x' is a padding byte, 'b'/'B', 'h'/'H',
// 'l'/'L', 'T' and 'i[n]'/'I[n]' are signed/unsigned integers, 'f' and 'd'
// floats, 'c[n]' fixed-length strings and 's' zero-terminated strings.

var structFuncs = map[string]glua.LGFunction{
	"pack":   structPack,
	"unpack": structUnpack,
	"size":   structSize,
}

const (
	structMaxIntSize = 32 // largest n accepted in 'i<n>'
	structMaxAlign   = 8  // alignment of '!' without a number
)

// structFormat walks a format string, holding the byte order and alignment
// set so far.
type structFormat struct {
	L         *glua.LState
	fmt       string
	bigEndian bool
	align     uint64
}

func newStructFormat(L *glua.LState, format string) *structFormat {
	if i := strings.IndexByte(format, 0); i >= 0 {
		format = format[:i] // C stops at the NUL
	}
	return &structFormat{L: L, fmt: format, align: 1}
}

func (f *structFormat) more() bool { return f.fmt != "" }

func (f *structFormat) next() byte {
	c := f.fmt[0]
	f.fmt = f.fmt[1:]
	return c
}

// number reads an optional decimal count, or returns def.
func (f *structFormat) number(def int) int {
	if f.fmt == "" || !isDigit(f.fmt[0]) {
		return def
	}
	a := 0
	for f.fmt != "" && isDigit(f.fmt[0]) {
		d := int(f.fmt[0] - '0')
		if a > math.MaxInt32/10 || a*10 > math.MaxInt32-d {
			raise(f.L, "integral size overflow")
		}
		a = a*10 + d
		f.fmt = f.fmt[1:]
	}
	return a
}

// size is the byte size of option opt, reading its count if it has one.
func (f *structFormat) size(opt byte) uint64 {
	switch opt {
	case 'B', 'b', 'x':
		return 1
	case 'H', 'h':
		return 2
	case 'f':
		return 4
	case 'L', 'l', 'T', 'd':
		return 8
	case 'c':
		return uint64(f.number(1))
	case 'i', 'I':
		n := f.number(4)
		if n > structMaxIntSize {
			raise(f.L, "integral size %d is larger than limit of %d", n, structMaxIntSize)
		}
		return uint64(n)
	}
	return 0
}

// padding is the number of zero bytes that align an item of the given size
// at offset pos.
func (f *structFormat) padding(pos uint64, opt byte, size uint64) uint64 {
	if size == 0 || opt == 'c' {
		return 0
	}
	if size > f.align {
		size = f.align
	}
	return (size - (pos & (size - 1))) & (size - 1)
}

// control applies a byte-order, alignment or space option, and rejects
// anything else.
func (f *structFormat) control(opt byte) {
	switch opt {
	case ' ':
	case '>':
		f.bigEndian = true
	case '<':
		f.bigEndian = false
	case '!':
		a := f.number(structMaxAlign)
		if a <= 0 || a&(a-1) != 0 {
			raise(f.L, "alignment %d is not a power of 2", a)
		}
		f.align = uint64(a)
	default:
		argError(f.L, 1, "invalid format option '"+string(opt)+"'")
	}
}

// doubleToUlong converts n to unsigned long as gcc's x86-64 code does,
// including its results for negative, huge and NaN values.
func doubleToUlong(n float64) uint64 {
	if !(n >= 1<<63) { // negative, in range, or NaN
		return uint64(toInteger(n))
	}
	return uint64(toInteger(n-(1<<63))) ^ 1<<63
}

// structCheckNumber and structCheckString read pack argument n.
// struct.pack pushes a nil right after its arguments, so the first missing
// one reads as nil in error messages, not as no value.
func structCheckNumber(L *glua.LState, nargs, n int) float64 {
	if n == nargs+1 {
		L.Push(glua.LNil)
		defer L.Pop(1)
	}
	return checkNumber(L, n)
}

func structCheckString(L *glua.LState, nargs, n int) string {
	if n == nargs+1 {
		L.Push(glua.LNil)
		defer L.Pop(1)
	}
	return checkString(L, n)
}

// struct.pack(fmt, ...)
func structPack(L *glua.LState) int {
	f := newStructFormat(L, checkString(L, 1))
	nargs := L.GetTop()
	arg := 2
	var out []byte
	var total uint64
	for f.more() {
		opt := f.next()
		size := f.size(opt)
		pad := f.padding(total, opt, size)
		total += pad
		for ; pad > 0; pad-- {
			out = append(out, 0)
		}
		switch opt {
		case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I':
			v := structCheckNumber(L, nargs, arg)
			arg++
			out = appendStructInt(out, doubleToUlong(v), int(size), f.bigEndian)
		case 'x':
			out = append(out, 0)
		case 'f':
			bits := math.Float32bits(float32(structCheckNumber(L, nargs, arg)))
			arg++
			if f.bigEndian {
				out = binary.BigEndian.AppendUint32(out, bits)
			} else {
				out = binary.LittleEndian.AppendUint32(out, bits)
			}
		case 'd':
			bits := math.Float64bits(structCheckNumber(L, nargs, arg))
			arg++
			if f.bigEndian {
				out = binary.BigEndian.AppendUint64(out, bits)
			} else {
				out = binary.LittleEndian.AppendUint64(out, bits)
			}
		case 'c', 's':
			s := structCheckString(L, nargs, arg)
			arg++
			if size == 0 {
				size = uint64(len(s))
			}
			if uint64(len(s)) < size {
				// C reports the argument after the string.
				argError(L, arg, "string too short")
			}
			out = append(out, s[:size]...)
			if opt == 's' {
				out = append(out, 0)
				size++
			}
		default:
			f.control(opt)
		}
		total += size
	}
	L.Push(glua.LString(out))
	return 1
}

// appendStructInt appends the low size bytes of v; bytes past the eighth
// are zero, as C's shifts of an unsigned long leave them.
func appendStructInt(out []byte, v uint64, size int, bigEndian bool) []byte {
	start := len(out)
	for i := 0; i < size; i++ {
		out = append(out, 0)
	}
	b := out[start:]
	for i := 0; i < size && i < 8; i++ {
		byteVal := byte(v >> (8 * i))
		if bigEndian {
			b[size-1-i] = byteVal
		} else {
			b[i] = byteVal
		}
	}
	return out
}

// readStructInt reads a size-byte integer. Like the C code it keeps only
// the last 8 bytes shifted in, and sign-extends with a mask whose shift
// count is taken modulo 64 as x86 does.
func readStructInt(b []byte, bigEndian, signed bool) float64 {
	size := len(b)
	var l uint64
	if bigEndian {
		for i := 0; i < size; i++ {
			l = l<<8 | uint64(b[i])
		}
	} else {
		for i := size - 1; i >= 0; i-- {
			l = l<<8 | uint64(b[i])
		}
	}
	if !signed {
		return float64(l)
	}
	mask := ^uint64(0) << (uint(size*8-1) & 63)
	if l&mask != 0 {
		l |= mask
	}
	return float64(int64(l))
}

// luaMaxCStack is LUAI_MAXCSTACK: the most values a C function may hold on
// its Lua stack. Libraries that check the stack fail at this bound, and the
// Go versions count the slots the C code would use to fail at the same point.
const luaMaxCStack = 8000

// struct.unpack(fmt, data [, init])
func structUnpack(L *glua.LState) int {
	f := newStructFormat(L, checkString(L, 1))
	data := checkString(L, 2)
	ld := uint64(len(data))
	pos := uint64(optInteger(L, 3, 1))
	if pos == 0 {
		argError(L, 3, "offset must be 1 or greater")
	}
	pos--
	base := L.GetTop()
	var results []glua.LValue
	for f.more() {
		opt := f.next()
		size := f.size(opt)
		pos += f.padding(pos, opt, size)
		if !(size <= ld && pos <= ld-size) {
			argError(L, 2, "data string too short")
		}
		if base+len(results)+2 > luaMaxCStack {
			raise(L, "stack overflow (too many results)")
		}
		switch opt {
		case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I':
			signed := opt >= 'a'
			v := readStructInt([]byte(data[pos:pos+size]), f.bigEndian, signed)
			results = append(results, glua.LNumber(v))
		case 'x':
		case 'f':
			b := []byte(data[pos : pos+4])
			var bits uint32
			if f.bigEndian {
				bits = binary.BigEndian.Uint32(b)
			} else {
				bits = binary.LittleEndian.Uint32(b)
			}
			results = append(results, glua.LNumber(math.Float32frombits(bits)))
		case 'd':
			b := []byte(data[pos : pos+8])
			var bits uint64
			if f.bigEndian {
				bits = binary.BigEndian.Uint64(b)
			} else {
				bits = binary.LittleEndian.Uint64(b)
			}
			results = append(results, glua.LNumber(math.Float64frombits(bits)))
		case 'c':
			if size == 0 {
				var prev float64
				ok := false
				if len(results) > 0 {
					prev, ok = toNumber(results[len(results)-1])
				}
				if !ok {
					raise(L, "format 'c0' needs a previous size")
				}
				size = doubleToUlong(prev)
				results = results[:len(results)-1]
				if !(size <= ld && pos <= ld-size) {
					argError(L, 2, "data string too short")
				}
			}
			results = append(results, glua.LString(data[pos:pos+size]))
		case 's':
			end := strings.IndexByte(data[pos:], 0)
			if end < 0 {
				raise(L, "unfinished string in data")
			}
			size = uint64(end) + 1
			results = append(results, glua.LString(data[pos:pos+uint64(end)]))
		default:
			f.control(opt)
		}
		pos += size
	}
	for _, v := range results {
		L.Push(v)
	}
	L.Push(glua.LNumber(int64(pos + 1)))
	return len(results) + 1
}

// struct.size(fmt)
func structSize(L *glua.LState) int {
	f := newStructFormat(L, checkString(L, 1))
	var pos uint64
	for f.more() {
		opt := f.next()
		size := f.size(opt)
		pos += f.padding(pos, opt, size)
		if opt == 's' {
			argError(L, 1, "option 's' has no fixed size")
		} else if opt == 'c' && size == 0 {
			argError(L, 1, "option 'c0' has no fixed size")
		}
		if !isAlnum(opt) {
			f.control(opt)
		}
		pos += size
	}
	L.Push(glua.LNumber(int64(pos)))
	return 1
}

func isAlnum(c byte) bool {
	return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

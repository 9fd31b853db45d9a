package engine

import (
	"encoding/binary"
	"math"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// The listpack, Redis's compact encoding of a sequence of strings and
// integers, as far as stream nodes use it: appending, reading forwards and
// backwards, and replacing an integer in place. A stream node is a
// listpack byte for byte as Redis 7.0 builds it, so node boundaries (which
// depend on its size), MEMORY USAGE and the RDB encoding come out as
// Redis's.
//
// Layout: total bytes (uint32 LE), element count (uint16 LE, 65535 when
// unknown), the elements, and an end byte 0xFF. An element is an encoding
// byte with the length or value, the data, then its "backlen": the size of
// what precedes it, readable backwards.

const (
	lpHeaderSize      = 6
	lpEnd             = 0xFF
	lpCountUnknown    = math.MaxUint16
	lpEmptySize       = lpHeaderSize + 1
	lpIntBufSize      = 21 // the longest int64 in decimal
	lpEncString6Bit   = 0x80
	lpEncInt13Bit     = 0xC0
	lpEncString12Bit  = 0xE0
	lpEncString32Bit  = 0xF0
	lpEncInt16Bit     = 0xF1
	lpEncInt24Bit     = 0xF2
	lpEncInt32Bit     = 0xF3
	lpEncInt64Bit     = 0xF4
	lpEncStringMaxLen = 1<<32 - 1
)

// lpNew returns an empty listpack.
func lpNew() []byte {
	lp := make([]byte, lpEmptySize)
	binary.LittleEndian.PutUint32(lp, lpEmptySize)
	lp[lpHeaderSize] = lpEnd
	return lp
}

// lpEncodeInt appends the encoding of v without its backlen.
func lpEncodeInt(dst []byte, v int64) []byte {
	switch {
	case v >= 0 && v <= 127:
		return append(dst, byte(v))
	case v >= -4096 && v <= 4095:
		u := uint64(v) & (1<<13 - 1)
		return append(dst, lpEncInt13Bit|byte(u>>8), byte(u))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return binary.LittleEndian.AppendUint16(append(dst, lpEncInt16Bit), uint16(v))
	case v >= -1<<23 && v < 1<<23:
		u := uint32(v)
		return append(dst, lpEncInt24Bit, byte(u), byte(u>>8), byte(u>>16))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return binary.LittleEndian.AppendUint32(append(dst, lpEncInt32Bit), uint32(v))
	}
	return binary.LittleEndian.AppendUint64(append(dst, lpEncInt64Bit), uint64(v))
}

// lpEncodeString appends the encoding of s without its backlen. Like
// Redis, a string that is the canonical form of an int64 is stored as
// that integer.
func lpEncodeString(dst, s []byte) []byte {
	if v, ok := lpStringToInt(s); ok {
		return lpEncodeInt(dst, v)
	}
	switch n := len(s); {
	case n < 64:
		dst = append(dst, lpEncString6Bit|byte(n))
	case n < 4096:
		dst = append(dst, lpEncString12Bit|byte(n>>8), byte(n))
	default:
		dst = binary.LittleEndian.AppendUint32(append(dst, lpEncString32Bit), uint32(n))
	}
	return append(dst, s...)
}

// lpStringToInt reports whether s is the canonical decimal form of an
// int64 (no sign but '-', no leading zeros), which listpacks store as an
// integer.
func lpStringToInt(s []byte) (int64, bool) {
	return resp.ParseInt(s) // Redis's string2ll: canonical forms only
}

// lpEncodedSize is the size of s's encoding with its backlen.
func lpEncodedSize(s []byte) int {
	var tmp [16]byte
	if v, ok := lpStringToInt(s); ok {
		n := len(lpEncodeInt(tmp[:0], v))
		return n + lpBacklenSize(n)
	}
	var n int
	switch l := len(s); {
	case l < 64:
		n = 1 + l
	case l < 4096:
		n = 2 + l
	default:
		n = 5 + l
	}
	return n + lpBacklenSize(n)
}

// lpBacklenSize is the number of bytes of the backlen of an element of
// size n (encoding and data), with Redis's thresholds.
func lpBacklenSize(n int) int {
	switch {
	case n <= 127:
		return 1
	case n < 16383:
		return 2
	case n < 2097151:
		return 3
	case n < 268435455:
		return 4
	}
	return 5
}

func lpAppendBacklen(dst []byte, l int) []byte {
	u := uint64(l)
	switch lpBacklenSize(l) {
	case 1:
		return append(dst, byte(u))
	case 2:
		return append(dst, byte(u>>7), byte(u&127)|128)
	case 3:
		return append(dst, byte(u>>14), byte(u>>7&127)|128, byte(u&127)|128)
	case 4:
		return append(dst, byte(u>>21), byte(u>>14&127)|128, byte(u>>7&127)|128, byte(u&127)|128)
	}
	return append(dst, byte(u>>28), byte(u>>21&127)|128, byte(u>>14&127)|128, byte(u>>7&127)|128, byte(u&127)|128)
}

// lpFinishAppend completes an element whose encoding was written at the
// end of lp (after its old end byte was dropped), then the end byte, and
// updates the header.
func lpFinishAppend(lp []byte, start int) []byte {
	lp = lpAppendBacklen(lp, len(lp)-start)
	lp = append(lp, lpEnd)
	binary.LittleEndian.PutUint32(lp, uint32(len(lp)))
	if n := binary.LittleEndian.Uint16(lp[4:]); n != lpCountUnknown {
		binary.LittleEndian.PutUint16(lp[4:], n+1)
	}
	return lp
}

// lpAppendInt appends the integer v.
func lpAppendInt(lp []byte, v int64) []byte {
	start := len(lp) - 1
	return lpFinishAppend(lpEncodeInt(lp[:start], v), start)
}

// lpAppendString appends s, as an integer when it is one.
func lpAppendString(lp []byte, s []byte) []byte {
	start := len(lp) - 1
	return lpFinishAppend(lpEncodeString(lp[:start], s), start)
}

// lpElementSize returns the size of the encoding and data of the element
// at p, without its backlen.
func lpElementSize(lp []byte, p int) int {
	c := lp[p]
	switch {
	case c&0x80 == 0:
		return 1
	case c&0xC0 == lpEncString6Bit:
		return 1 + int(c&0x3F)
	case c&0xE0 == lpEncInt13Bit:
		return 2
	case c&0xF0 == lpEncString12Bit:
		return 2 + int(c&0x0F)<<8 + int(lp[p+1])
	case c == lpEncInt16Bit:
		return 3
	case c == lpEncInt24Bit:
		return 4
	case c == lpEncInt32Bit:
		return 5
	case c == lpEncInt64Bit:
		return 9
	}
	return 5 + int(binary.LittleEndian.Uint32(lp[p+1:])) // 32-bit string
}

// lpFirst returns the offset of the first element, or -1.
func lpFirst(lp []byte) int {
	if lp[lpHeaderSize] == lpEnd {
		return -1
	}
	return lpHeaderSize
}

// lpNext returns the offset of the element after the one at p, or -1.
func lpNext(lp []byte, p int) int {
	n := lpElementSize(lp, p)
	p += n + lpBacklenSize(n)
	if lp[p] == lpEnd {
		return -1
	}
	return p
}

// lpPrev returns the offset of the element before the one at p, or -1.
func lpPrev(lp []byte, p int) int {
	if p <= lpHeaderSize {
		return -1
	}
	// Read the backlen of the previous element backwards from p-1.
	var l uint64
	q := p - 1
	for shift := 0; ; shift += 7 {
		c := lp[q]
		l |= uint64(c&127) << shift
		if c&128 == 0 {
			break
		}
		q--
	}
	return p - int(l) - lpBacklenSize(int(l))
}

// lpLast returns the offset of the last element, or -1.
func lpLast(lp []byte) int { return lpPrev(lp, len(lp)-1) }

// lpGet decodes the element at p: its bytes, or its integer value.
func lpGet(lp []byte, p int) (s []byte, v int64, isInt bool) {
	c := lp[p]
	switch {
	case c&0x80 == 0:
		return nil, int64(c), true
	case c&0xC0 == lpEncString6Bit:
		n := int(c & 0x3F)
		return lp[p+1 : p+1+n], 0, false
	case c&0xE0 == lpEncInt13Bit:
		u := uint64(c&0x1F)<<8 | uint64(lp[p+1])
		return nil, int64(u<<51) >> 51, true
	case c&0xF0 == lpEncString12Bit:
		n := int(c&0x0F)<<8 | int(lp[p+1])
		return lp[p+2 : p+2+n], 0, false
	case c == lpEncInt16Bit:
		return nil, int64(int16(binary.LittleEndian.Uint16(lp[p+1:]))), true
	case c == lpEncInt24Bit:
		u := uint64(lp[p+1]) | uint64(lp[p+2])<<8 | uint64(lp[p+3])<<16
		return nil, int64(u<<40) >> 40, true
	case c == lpEncInt32Bit:
		return nil, int64(int32(binary.LittleEndian.Uint32(lp[p+1:]))), true
	case c == lpEncInt64Bit:
		return nil, int64(binary.LittleEndian.Uint64(lp[p+1:])), true
	}
	n := int(binary.LittleEndian.Uint32(lp[p+1:]))
	return lp[p+5 : p+5+n], 0, false
}

// lpGetInt returns the element at p as an integer. Stream nodes write
// their counters and flags as integers, which listpacks store as such.
func lpGetInt(lp []byte, p int) int64 {
	s, v, isInt := lpGet(lp, p)
	if !isInt {
		v, _ = resp.ParseInt(s)
	}
	return v
}

// lpGetBytes returns the element at p as bytes, formatting an integer
// into buf.
func lpGetBytes(lp []byte, p int, buf []byte) []byte {
	s, v, isInt := lpGet(lp, p)
	if isInt {
		return strconv.AppendInt(buf[:0], v, 10)
	}
	return s
}

// lpReplaceInt replaces the element at p with the integer v and returns
// the listpack, which may have moved; p stays the element's offset.
func lpReplaceInt(lp []byte, p int, v int64) []byte {
	oldSize := lpElementSize(lp, p)
	oldLen := oldSize + lpBacklenSize(oldSize)
	var tmp [16]byte
	enc := lpEncodeInt(tmp[:0], v)
	enc = lpAppendBacklen(enc, len(enc))
	if len(enc) == oldLen {
		copy(lp[p:], enc)
		return lp
	}
	out := make([]byte, 0, len(lp)-oldLen+len(enc))
	out = append(out, lp[:p]...)
	out = append(out, enc...)
	out = append(out, lp[p+oldLen:]...)
	binary.LittleEndian.PutUint32(out, uint32(len(out)))
	return out
}

package rdb

import (
	"encoding/binary"
	"math"
	"strconv"
)

// The append functions encode RDB primitives the way Redis 7.0 writes them.
// Each returns dst with the encoding appended; none does I/O, so the same
// code builds DUMP payloads in memory and RDB files through a Writer.

// AppendLength appends n in RDB length encoding: one byte up to 63, two
// bytes up to 16383, then 0x80 and 4 bytes or 0x81 and 8 bytes, big endian.
func AppendLength(dst []byte, n uint64) []byte {
	switch {
	case n < 1<<6:
		return append(dst, byte(n))
	case n < 1<<14:
		return append(dst, byte(n>>8)|len14Bit<<6, byte(n))
	case n <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(dst, len32Bit), uint32(n))
	default:
		return binary.BigEndian.AppendUint64(append(dst, len64Bit), n)
	}
}

// lengthSize is the number of bytes AppendLength uses for n.
func lengthSize(n uint64) int {
	switch {
	case n < 1<<6:
		return 1
	case n < 1<<14:
		return 2
	case n <= math.MaxUint32:
		return 5
	default:
		return 9
	}
}

// appendIntEncoded appends v as an int8, int16 or int32 special encoding
// and reports whether v fits one of them (rdbEncodeInteger).
func appendIntEncoded(dst []byte, v int64) ([]byte, bool) {
	switch {
	case v >= math.MinInt8 && v <= math.MaxInt8:
		return append(dst, lenEnc<<6|encInt8, byte(v)), true
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return binary.LittleEndian.AppendUint16(append(dst, lenEnc<<6|encInt16), uint16(v)), true
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return binary.LittleEndian.AppendUint32(append(dst, lenEnc<<6|encInt32), uint32(v)), true
	}
	return dst, false
}

// MinCompressLen is the shortest string Redis tries to compress: strings of
// 20 bytes or fewer are always written verbatim.
const MinCompressLen = 21

// AppendString appends s as Redis's rdbSaveRawString writes it. A string
// of up to 11 bytes that is the canonical decimal form of a 32-bit integer
// becomes an integer encoding. Otherwise, when compress is set (Redis's
// rdbcompression, on by default) and s is at least MinCompressLen bytes,
// it is LZF compressed, provided that saves more than 4 bytes. Anything
// else is written as a length and the bytes.
func AppendString(dst, s []byte, compress bool) []byte {
	if len(s) <= 11 {
		if v, ok := ParseInt64(s); ok {
			if out, ok := appendIntEncoded(dst, v); ok {
				return out
			}
		}
	}
	if compress && len(s) >= MinCompressLen {
		if out, ok := appendCompressedString(dst, s); ok {
			return out
		}
	}
	return append(AppendLength(dst, uint64(len(s))), s...)
}

// appendCompressedString appends s as an LZF-encoded string if lzf can
// compress it into len(s)-4 bytes (rdbSaveLzfStringObject).
func appendCompressedString(dst, s []byte) ([]byte, bool) {
	limit := len(s) - 4
	// Compress behind room for the widest header, then close the gap.
	maxHeader := 1 + lengthSize(uint64(limit)) + lengthSize(uint64(len(s)))
	start := len(dst)
	out, ok := CompressLZF(grow(dst, maxHeader), s, limit)
	if !ok {
		return dst[:start], false
	}
	clen := len(out) - start - maxHeader
	header := append(out[start:start:start+maxHeader], lenEnc<<6|encLZF)
	header = AppendLength(header, uint64(clen))
	header = AppendLength(header, uint64(len(s)))
	n := copy(out[start+len(header):], out[start+maxHeader:])
	return out[:start+len(header)+n], true
}

// AppendLZFString appends a string already compressed elsewhere, such as a
// compressed quicklist node: the LZF marker, the compressed and raw
// lengths, then the compressed bytes (rdbSaveLzfBlob).
func AppendLZFString(dst, compressed []byte, rawLen int) []byte {
	dst = append(dst, lenEnc<<6|encLZF)
	dst = AppendLength(dst, uint64(len(compressed)))
	dst = AppendLength(dst, uint64(rawLen))
	return append(dst, compressed...)
}

// AppendInt appends v as an RDB string (rdbSaveLongLongAsStringObject):
// an integer encoding when v fits 32 bits, else its decimal digits. It is
// what AppendString writes for the decimal form of v.
func AppendInt(dst []byte, v int64) []byte {
	if out, ok := appendIntEncoded(dst, v); ok {
		return out
	}
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], v, 10)
	return append(AppendLength(dst, uint64(len(s))), s...)
}

// AppendBinaryDouble appends v as 8 little-endian bytes of IEEE 754, the
// form of zset scores since RDB 8.
func AppendBinaryDouble(dst []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
}

// AppendStringDouble appends v in the old text form (rdbSaveDoubleValue):
// one byte 253, 254 or 255 for NaN, +Inf and -Inf, otherwise a length byte
// and the digits, "%.17g" or the plain integer when v is a whole number
// below 2^52 in magnitude. Redis 7.0 reads this form (TypeZSet) but no
// longer writes it.
func AppendStringDouble(dst []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(dst, doubleNaN)
	case math.IsInf(v, 1):
		return append(dst, doublePosInf)
	case math.IsInf(v, -1):
		return append(dst, doubleNegInf)
	}
	at := len(dst)
	dst = append(dst, 0)
	if v > -(1<<52-1) && v < 1<<52 && v == math.Trunc(v) {
		dst = strconv.AppendInt(dst, int64(v), 10)
	} else {
		dst = strconv.AppendFloat(dst, v, 'g', 17, 64)
	}
	dst[at] = byte(len(dst) - at - 1)
	return dst
}

// AppendMillisecondTime appends a Unix time in milliseconds as 8
// little-endian bytes, as after OpExpireTimeMs.
func AppendMillisecondTime(dst []byte, ms int64) []byte {
	return binary.LittleEndian.AppendUint64(dst, uint64(ms))
}

// AppendFileHeader appends the 9-byte signature an RDB file starts with:
// "REDIS" and the version as four digits, "REDIS0010".
func AppendFileHeader(dst []byte) []byte {
	return append(dst, "REDIS0010"...)
}

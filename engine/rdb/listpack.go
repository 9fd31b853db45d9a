package rdb

import (
	"encoding/binary"
	"fmt"
	"iter"
	"math"
	"strconv"
)

// Entry is one element of a listpack or ziplist, which store each element
// either as an integer or as bytes.
type Entry struct {
	Str   []byte // the bytes, when IsInt is false; they alias the encoding
	Int   int64  // the value, when IsInt is true
	IsInt bool
}

// AppendTo appends the element as a string: the bytes, or the integer's
// decimal digits.
func (e Entry) AppendTo(dst []byte) []byte {
	if e.IsInt {
		return strconv.AppendInt(dst, e.Int, 10)
	}
	return append(dst, e.Str...)
}

// String returns the element as a string.
func (e Entry) String() string {
	if e.IsInt {
		return strconv.FormatInt(e.Int, 10)
	}
	return string(e.Str)
}

// A listpack is
//
//	<total bytes: uint32 LE> <element count: uint16 LE> <entry>... <0xFF>
//
// with the count 65535 meaning "65535 or more, count them". Each entry is an
// encoding byte with any length bytes, the data, then "backlen": the size
// of encoding and data, written so that it can be read backwards.
const (
	lpHeaderSize   = 6
	lpEOF          = 0xff
	lpCountUnknown = math.MaxUint16

	lpEnc7BitUint = 0x00 // 0xxxxxxx: 0 to 127
	lpEnc6BitStr  = 0x80 // 10LLLLLL: string of up to 63 bytes
	lpEnc13BitInt = 0xc0 // 110xxxxx xxxxxxxx: -4096 to 4095
	lpEnc12BitStr = 0xe0 // 1110LLLL LLLLLLLL: string of up to 4095 bytes
	lpEnc32BitStr = 0xf0 // then 4 bytes LE length
	lpEnc16BitInt = 0xf1 // then 2 bytes LE
	lpEnc24BitInt = 0xf2 // then 3 bytes LE
	lpEnc32BitInt = 0xf3 // then 4 bytes LE
	lpEnc64BitInt = 0xf4 // then 8 bytes LE
)

// ListpackBuilder builds a listpack the way Redis 7.0 fills one, entry by
// entry, choosing each entry's encoding as Redis does. The zero value is
// an empty builder.
type ListpackBuilder struct {
	buf   []byte
	count int
}

// Reset empties the builder and makes it build into dst's storage.
func (b *ListpackBuilder) Reset(dst []byte) {
	b.buf = append(dst[:0], 0, 0, 0, 0, 0, 0) // the header, filled by Finish
	b.count = 0
}

// Len returns the number of entries added so far.
func (b *ListpackBuilder) Len() int { return b.count }

func (b *ListpackBuilder) start() {
	if len(b.buf) < lpHeaderSize {
		b.Reset(b.buf)
	}
}

// AppendString adds s. Like Redis (lpStringToInt64), it stores s as an
// integer when s is the canonical decimal form of an int64 (ParseInt64),
// otherwise as a string.
func (b *ListpackBuilder) AppendString(s []byte) {
	if v, ok := ParseInt64(s); ok {
		b.AppendInt(v)
		return
	}
	b.start()
	at := len(b.buf)
	switch n := len(s); {
	case n < 64:
		b.buf = append(b.buf, lpEnc6BitStr|byte(n))
	case n < 4096:
		b.buf = append(b.buf, lpEnc12BitStr|byte(n>>8), byte(n))
	default:
		b.buf = binary.LittleEndian.AppendUint32(append(b.buf, lpEnc32BitStr), uint32(n))
	}
	b.buf = append(b.buf, s...)
	b.finishEntry(at)
}

// AppendInt adds v as an integer in the smallest encoding that holds it
// (lpAppendInteger).
func (b *ListpackBuilder) AppendInt(v int64) {
	b.start()
	at := len(b.buf)
	switch {
	case v >= 0 && v <= 127:
		b.buf = append(b.buf, byte(v))
	case v >= -4096 && v <= 4095:
		u := uint64(v) & (1<<13 - 1)
		b.buf = append(b.buf, lpEnc13BitInt|byte(u>>8), byte(u))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		b.buf = binary.LittleEndian.AppendUint16(append(b.buf, lpEnc16BitInt), uint16(v))
	case v >= -1<<23 && v < 1<<23:
		u := uint32(v)
		b.buf = append(b.buf, lpEnc24BitInt, byte(u), byte(u>>8), byte(u>>16))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		b.buf = binary.LittleEndian.AppendUint32(append(b.buf, lpEnc32BitInt), uint32(v))
	default:
		b.buf = binary.LittleEndian.AppendUint64(append(b.buf, lpEnc64BitInt), uint64(v))
	}
	b.finishEntry(at)
}

// finishEntry appends the backlen of the entry that starts at offset at.
func (b *ListpackBuilder) finishEntry(at int) {
	b.buf = appendBacklen(b.buf, uint64(len(b.buf)-at))
	b.count++
}

// Finish appends the end marker, fills in the header and returns the
// listpack. The builder then starts over, empty and without storage; Reset
// gives it storage to reuse.
func (b *ListpackBuilder) Finish() []byte {
	b.start()
	b.buf = append(b.buf, lpEOF)
	binary.LittleEndian.PutUint32(b.buf, uint32(len(b.buf)))
	binary.LittleEndian.PutUint16(b.buf[4:], uint16(min(b.count, lpCountUnknown)))
	lp := b.buf
	b.buf, b.count = nil, 0
	return lp
}

// appendBacklen appends l in backlen form: 7 bits per byte, most
// significant group first, the continuation bit (128) on every byte but
// the first. Redis's thresholds are 127, 16382, 2097150 and 268435454
// (so 16383, for one, takes three bytes); they are kept exactly.
func appendBacklen(dst []byte, l uint64) []byte {
	switch {
	case l <= 127:
		return append(dst, byte(l))
	case l < 16383:
		return append(dst, byte(l>>7), byte(l&127)|128)
	case l < 2097151:
		return append(dst, byte(l>>14), byte(l>>7&127)|128, byte(l&127)|128)
	case l < 268435455:
		return append(dst, byte(l>>21), byte(l>>14&127)|128, byte(l>>7&127)|128, byte(l&127)|128)
	default:
		return append(dst, byte(l>>28), byte(l>>21&127)|128, byte(l>>14&127)|128, byte(l>>7&127)|128, byte(l&127)|128)
	}
}

// backlenSize is the number of bytes appendBacklen uses for l.
func backlenSize(l uint64) int {
	switch {
	case l <= 127:
		return 1
	case l < 16383:
		return 2
	case l < 2097151:
		return 3
	case l < 268435455:
		return 4
	default:
		return 5
	}
}

// decodeBacklen reads a backlen backwards from lp[end] (its last byte),
// as lpDecodeBacklen does. It returns false for a backlen longer than 5
// bytes or one that would run off the start of lp.
func decodeBacklen(lp []byte, end int) (uint64, bool) {
	var v uint64
	for shift := 0; ; shift += 7 {
		if end < 0 || shift > 28 {
			return 0, false
		}
		c := lp[end]
		v |= uint64(c&127) << shift
		if c&128 == 0 {
			return v, true
		}
		end--
	}
}

// Listpack is a listpack that has passed ParseListpack's checks, so its
// entries can be walked without further checks.
type Listpack struct {
	data  []byte
	count int
}

// Bytes returns the listpack's encoding.
func (lp Listpack) Bytes() []byte { return lp.data }

// Len returns the number of entries.
func (lp Listpack) Len() int { return lp.count }

// Entries yields the entries in order; their Str aliases the listpack.
func (lp Listpack) Entries() iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		p := lpHeaderSize
		for p < len(lp.data)-1 {
			e, size := lpEntryAt(lp.data, p)
			if !yield(e) {
				return
			}
			p += size + backlenSize(uint64(size))
		}
	}
}

// lpEntrySize returns the size of the encoding byte, length bytes and data
// of the entry at lp[p], reading only bytes below limit, or 0 when the
// encoding byte is invalid or its length bytes pass limit.
func lpEntrySize(lp []byte, p, limit int) int {
	c := lp[p]
	header := 1
	switch {
	case c&0x80 == lpEnc7BitUint:
		return 1
	case c&0xc0 == lpEnc6BitStr:
		return 1 + int(c&0x3f)
	case c&0xe0 == lpEnc13BitInt:
		return 2
	case c&0xf0 == lpEnc12BitStr:
		header = 2
	case c == lpEnc16BitInt:
		return 3
	case c == lpEnc24BitInt:
		return 4
	case c == lpEnc32BitInt:
		return 5
	case c == lpEnc64BitInt:
		return 9
	case c == lpEnc32BitStr:
		header = 5
	default:
		return 0
	}
	if p+header > limit {
		return 0
	}
	if header == 2 {
		return 2 + int(c&0x0f)<<8 + int(lp[p+1])
	}
	return 5 + int(binary.LittleEndian.Uint32(lp[p+1:]))
}

// lpEntryAt decodes the (validated) entry at lp[p] and returns it with its
// size without backlen.
func lpEntryAt(lp []byte, p int) (Entry, int) {
	c := lp[p]
	switch {
	case c&0x80 == lpEnc7BitUint:
		return Entry{Int: int64(c), IsInt: true}, 1
	case c&0xc0 == lpEnc6BitStr:
		n := int(c & 0x3f)
		return Entry{Str: lp[p+1 : p+1+n : p+1+n]}, 1 + n
	case c&0xe0 == lpEnc13BitInt:
		u := uint64(c&0x1f)<<8 | uint64(lp[p+1])
		return Entry{Int: signExtend(u, 13), IsInt: true}, 2
	case c&0xf0 == lpEnc12BitStr:
		n := int(c&0x0f)<<8 | int(lp[p+1])
		return Entry{Str: lp[p+2 : p+2+n : p+2+n]}, 2 + n
	case c == lpEnc16BitInt:
		return Entry{Int: int64(int16(binary.LittleEndian.Uint16(lp[p+1:]))), IsInt: true}, 3
	case c == lpEnc24BitInt:
		u := uint64(lp[p+1]) | uint64(lp[p+2])<<8 | uint64(lp[p+3])<<16
		return Entry{Int: signExtend(u, 24), IsInt: true}, 4
	case c == lpEnc32BitInt:
		return Entry{Int: int64(int32(binary.LittleEndian.Uint32(lp[p+1:]))), IsInt: true}, 5
	case c == lpEnc64BitInt:
		return Entry{Int: int64(binary.LittleEndian.Uint64(lp[p+1:])), IsInt: true}, 9
	default: // lpEnc32BitStr
		n := int(binary.LittleEndian.Uint32(lp[p+1:]))
		return Entry{Str: lp[p+5 : p+5+n : p+5+n]}, 5 + n
	}
}

// signExtend reads the low bits of u as a two's complement number.
func signExtend(u uint64, bits uint) int64 {
	shift := 64 - bits
	return int64(u<<shift) >> shift
}

// ParseListpack checks b as Redis's deep lpValidateIntegrity does before
// trusting a listpack from a DUMP payload or RDB file: the header's byte
// count equals len(b), the last byte is the end marker, every entry has a
// valid encoding, lies inside b and ends with a backlen that reads back to
// its size, the entries end exactly at the end marker, and the header's
// count (unless 65535) matches. Errors wrap ErrCorrupt.
//
// It checks the format only: whether a hash's fields come in pairs or
// repeat is for the caller, who knows what the listpack holds.
func ParseListpack(b []byte) (Listpack, error) {
	if len(b) < lpHeaderSize+1 || int64(binary.LittleEndian.Uint32(b)) != int64(len(b)) || b[len(b)-1] != lpEOF {
		return Listpack{}, lpCorrupt("bad header or end marker")
	}
	last := len(b) - 1 // the end marker; entries must stay below it
	count := 0
	p := lpHeaderSize
	for p < last && b[p] != lpEOF {
		size := lpEntrySize(b, p, last)
		if size == 0 {
			return Listpack{}, lpCorrupt("invalid entry encoding at %d", p)
		}
		backlen := backlenSize(uint64(size))
		next := p + size + backlen
		if next > last || next < p {
			return Listpack{}, lpCorrupt("entry at %d runs past the end", p)
		}
		// Redis reads the backlen backwards from its last byte and only
		// compares the value, so a backlen that reaches into its entry (or
		// further back) is accepted when the value is right.
		if v, ok := decodeBacklen(b, next-1); !ok || v != uint64(size) {
			return Listpack{}, lpCorrupt("bad backlen for entry at %d", p)
		}
		p = next
		count++
	}
	if p != last {
		return Listpack{}, lpCorrupt("end marker inside the entries at %d", p)
	}
	if n := int(binary.LittleEndian.Uint16(b[4:])); n != lpCountUnknown && n != count {
		return Listpack{}, lpCorrupt("header counts %d entries, found %d", n, count)
	}
	return Listpack{data: b, count: count}, nil
}

func lpCorrupt(format string, args ...any) error {
	return fmt.Errorf("%w: listpack: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}
